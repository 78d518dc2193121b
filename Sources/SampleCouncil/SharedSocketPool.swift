import FlyingSocks

/// One event loop (FlyingSocks' `SocketPool`: epoll on Linux, kqueue on Darwin) that many sites'
/// servers share, for hosting hundreds of sites in one process (`agenda-sync-bench --national`).
///
/// Every FlyingFox `HTTPServer` otherwise gets a pool of its own, and each pool blocks a libdispatch
/// thread in `epoll_wait` for as long as its server runs: a few hundred servers exhaust libdispatch's
/// threads and starve the process. A `SocketPool` can be prepared and run only once, and every
/// server prepares and runs the pool it is given, so it cannot be handed to several servers as it is.
///
/// Guarantees:
/// - The wrapped pool is prepared once (by the first server's `prepare()`) and runs in a task of its
///   own, so all the servers on this pool together hold one waiting thread.
/// - `prepare()` after the first is a no-op; `run()` suspends until the calling task (the server's)
///   is cancelled, then throws `CancellationError`, as a server expects of its pool when it stops.
/// - `shutdown()` stops the wrapped pool: waiting sockets are resumed with an error. Stop every site
///   on the pool first, then shut it down, and stop the sites together: FlyingSocks' epoll queue
///   forgets a socket only when told before the socket closes, so a site stopped alone while others
///   keep serving can leave a stale registration that a later socket reusing its descriptor number
///   inherits.
public actor SharedSocketPool: AsyncSocketPool {
    private nonisolated let pool: any AsyncSocketPool
    private var loop: Task<Void, any Error>?
    private var isShutDown = false

    /// `maxEvents`: readiness events taken from the kernel per wait (FlyingFox's default, 20, suits
    /// one server; hundreds of servers' sockets become ready together).
    public init(maxEvents: Int = 256) {
        pool = SocketPool<Poll>.make(maxEvents: maxEvents)
    }

    public func prepare() async throws {
        guard loop == nil else { return }
        guard !isShutDown else { throw SharedSocketPoolError.shutDown }
        try await pool.prepare()
        loop = Task { [pool] in try await pool.run() }
    }

    public func run() async throws {
        // Suspends until the server's task is cancelled (`Task.sleep` throws CancellationError then);
        // the wrapped pool keeps running for the other servers.
        while true { try await Task.sleep(for: .seconds(86_400)) }
    }

    public nonisolated func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try await pool.suspendSocket(socket, untilReadyFor: events)
    }

    /// Stops the wrapped pool (after every site on it has stopped); `prepare()` then throws.
    public func shutdown() {
        isShutDown = true
        loop?.cancel()
        loop = nil
    }
}

public enum SharedSocketPoolError: Error, CustomStringConvertible {
    case shutDown

    public var description: String { "the shared socket pool has been shut down" }
}

import FlyingSocks
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The event loop a sample site's server runs on, with Nagle's algorithm turned off
/// (`TCP_NODELAY`) on the sockets it waits to read: the listening socket — whose setting Linux's
/// accepted connections inherit — and each connection between requests.
///
/// Why: FlyingFox writes a response's header and its body in two writes. With Nagle on, the body
/// waits until the client has acknowledged the header, and a client delays that acknowledgement by
/// up to 40 ms (delayed ACK), so every response after a connection's first took ~42 ms on
/// loopback whatever its size: a wall time no real council's server shows, and a stall in every
/// test and benchmark that reuses a connection. A server that writes a response at once sees no
/// difference.
///
/// Guarantee: events, readiness and errors are the wrapped pool's; only the socket option is added
/// (its failure, e.g. on a socket that is not TCP, is ignored: the site then serves as before).
struct NoDelaySocketPool: AsyncSocketPool {
    let pool: any AsyncSocketPool

    func prepare() async throws { try await pool.prepare() }

    func run() async throws { try await pool.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        if events.contains(.read) { try? socket.setValue(true, for: Self.noDelay) }
        try await pool.suspendSocket(socket, untilReadyFor: events)
    }

    private static var noDelay: BoolSocketOption { BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY) }
}

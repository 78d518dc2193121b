import FlyingSocks
import Foundation
import Testing
@testable import SampleCouncil
#if canImport(Glibc)
import Glibc
#endif

/// `NoDelaySocketPool` turns Nagle off on the sockets a site's server waits to read, and Linux's
/// accepted connections inherit the listening socket's setting: what takes the ~40 ms delayed-ACK
/// stall off every response after a connection's first. Checked on real loopback sockets.
@Suite struct NoDelaySocketPoolTests {
    /// Stands in for the event loop: records the waits and returns at once (readiness is not what is tested).
    private final class RecordingPool: AsyncSocketPool, @unchecked Sendable {
        private let lock = NSLock()
        private var waits: [Socket.Events] = []
        var recorded: [Socket.Events] { lock.withLock { waits } }
        func prepare() async throws {}
        func run() async throws {}
        func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
            lock.withLock { waits.append(events) }
        }
    }

    private static func noDelay(_ descriptor: Int32) -> Int32 {
        var value: Int32 = -1
        var size = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &size)
        return value
    }

    /// A listening socket on 127.0.0.1 (blocking), and a connection to it accepted: the accepted descriptor.
    private static func acceptOne(from listener: Socket) throws -> Int32 {
        guard case .ip4(_, let port) = try listener.sockname() else { throw SocketError.unsupportedAddress }
        let client = try Socket(domain: AF_INET)
        defer { try? client.close() }
        try client.connect(to: .inet(ip4: "127.0.0.1", port: port))
        return try listener.accept().file.rawValue
    }

    private static func listener() throws -> Socket {
        let socket = try Socket(domain: AF_INET)
        try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
        try socket.listen()
        return socket
    }

    @Test func aConnectionAcceptedAfterTheListenerWaitedHasNagleOff() async throws {
        let inner = RecordingPool()
        let pool = NoDelaySocketPool(pool: inner)
        let listener = try Self.listener()
        defer { try? listener.close() }
        try await pool.suspendSocket(listener, untilReadyFor: .connection)
        #expect(inner.recorded == [.connection], "the wait itself is the wrapped pool's")
        let accepted = try Self.acceptOne(from: listener)
        defer { Glibc.close(accepted) }
        #expect(Self.noDelay(listener.file.rawValue) == 1)
        #expect(Self.noDelay(accepted) == 1, "accepted connections inherit TCP_NODELAY from the listener")
    }

    @Test func withoutThePoolNagleStaysOn() throws {
        let listener = try Self.listener()
        defer { try? listener.close() }
        let accepted = try Self.acceptOne(from: listener)
        defer { Glibc.close(accepted) }
        #expect(Self.noDelay(accepted) == 0, "Linux's default, which the pool changes")
    }

    @Test func aWaitToWriteLeavesTheSocketAlone() async throws {
        let pool = NoDelaySocketPool(pool: RecordingPool())
        let listener = try Self.listener()
        defer { try? listener.close() }
        try await pool.suspendSocket(listener, untilReadyFor: .write)
        #expect(Self.noDelay(listener.file.rawValue) == 0)
    }
}

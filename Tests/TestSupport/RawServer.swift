import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking TCP server on 127.0.0.x for the misbehaviours FlyingFox won't produce:
/// exact request bytes, a stall after the headers, a drip, a reset or a close mid-body.
///
/// Every accepted connection runs `handler` on its own thread. Reads and writes time out after
/// `ioTimeout`, so a handler always ends by itself. The handler thread owns (and closes) its
/// socket; `stop()` only stops accepting.
public final class RawServer: @unchecked Sendable {
    public let port: UInt16
    public let host: String
    private let listenFD: Int32
    private let state = Locked(State())

    private struct State {
        var stopped = false
        var connections = 0
        var requests: [String] = []
    }

    public init(host: String = "127.0.0.1", ioTimeout: TimeInterval = 10,
                handler: @escaping @Sendable (RawConnection) -> Void) throws {
        self.host = host
        // Close-on-exec, here and on accepted sockets: tests elsewhere in this process spawn children,
        // and a socket a child inherited is not really closed (no FIN, no RST) when we close it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw RawServerError.socket(errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { let e = errno; close(fd); throw RawServerError.socket(e) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listenFD = fd

        let state = self.state
        Thread.detachNewThread {
            while true {
                let client = accept(fd, nil, nil)   // (accept4 is not visible from Swift's Glibc)
                if client < 0 {
                    if errno == EINTR { continue }
                    break   // shut down by stop()
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                if state.withLock({ $0.stopped }) { close(client); break }
                state.withLock { $0.connections += 1 }
                let connection = RawConnection(fd: client, ioTimeout: ioTimeout) { head in
                    state.withLock { $0.requests.append(head) }
                }
                Thread.detachNewThread {
                    handler(connection)
                    connection.close()
                }
            }
            close(fd)
        }
    }

    public var baseURL: String { "http://\(host):\(port)" }

    /// Every request head received so far (request line and headers, CRLFs kept).
    public var requests: [String] { state.withLock { $0.requests } }
    public var connectionCount: Int { state.withLock { $0.connections } }

    public func stop() {
        let first = state.withLock { s -> Bool in
            defer { s.stopped = true }
            return !s.stopped
        }
        if first { shutdown(listenFD, Int32(SHUT_RDWR)) }   // wakes accept(); its thread closes the fd
    }
}

public enum RawServerError: Error { case socket(Int32) }

public final class RawConnection: @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// When the first byte now at the front of `buffer` reached the socket (nil: `buffer` is empty).
    private var bufferArrivedAt: Duration?
    /// When the request head `readRequestHead` last returned began to reach the socket: the kernel's
    /// receive time (`SO_TIMESTAMPNS`, the real-time clock, since the epoch), which — unlike the
    /// moment this connection's thread gets to read it — does not depend on how soon a busy machine
    /// runs that thread. On loopback it is the moment the client sent it.
    public private(set) var headArrivedAt: Duration?
    private var closed = false
    private let onRequest: @Sendable (String) -> Void

    init(fd: Int32, ioTimeout: TimeInterval, onRequest: @escaping @Sendable (String) -> Void) {
        self.fd = fd
        self.onRequest = onRequest
        var timeout = timeval(tv_sec: Int(ioTimeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    /// One `recvmsg` into `buffer`; false when the peer closed or went quiet.
    private func receive() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        var control = [UInt8](repeating: 0, count: 128)
        var received = 0
        var arrival: Duration?
        chunk.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    received = recvmsg(fd, &message, 0)
                    if received > 0 {
                        arrival = Self.kernelTimestamp(UnsafeRawBufferPointer(rebasing: controlBytes[..<Int(message.msg_controllen)]))
                    }
                }
            }
        }
        guard received > 0 else { return false }
        if buffer.isEmpty {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            bufferArrivedAt = arrival ?? .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
        }
        buffer.append(contentsOf: chunk[..<received])
        return true
    }

    /// The `SO_TIMESTAMPNS` control message's time, if `control` holds one. (Glibc's `CMSG_*`
    /// macros are not visible from Swift, so the headers are walked by hand, as they lay them out.)
    private static func kernelTimestamp(_ control: UnsafeRawBufferPointer) -> Duration? {
        let headerSize = MemoryLayout<cmsghdr>.size
        let alignment = MemoryLayout<Int>.size
        var offset = 0
        while offset + headerSize <= control.count {
            let header = control.loadUnaligned(fromByteOffset: offset, as: cmsghdr.self)
            let length = Int(header.cmsg_len)
            guard length >= headerSize else { return nil }
            if header.cmsg_level == SOL_SOCKET, header.cmsg_type == SO_TIMESTAMPNS,
               offset + headerSize + MemoryLayout<timespec>.size <= control.count {
                let time = control.loadUnaligned(fromByteOffset: offset + headerSize, as: timespec.self)
                return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
            }
            offset += (length + alignment - 1) / alignment * alignment
        }
        return nil
    }

    /// Drops the first `count` bytes of `buffer` (what is left arrived with the last read, or later).
    private func consume(_ count: Int) {
        buffer.removeSubrange(..<count)
        if buffer.isEmpty { bufferArrivedAt = nil }
    }

    /// Reads one request head (through the blank line). `nil` when the peer closed or went quiet.
    public func readRequestHead() -> String? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = buffer.firstRange(of: terminator) {
                let head = String(decoding: buffer[..<end.upperBound], as: UTF8.self)
                headArrivedAt = bufferArrivedAt
                consume(end.upperBound)
                onRequest(head)
                return head
            }
            guard buffer.count < 65_536, receive() else { return nil }
        }
    }

    /// Reads exactly `count` bytes (a request body); `nil` when the peer closed or went quiet first.
    public func readBytes(_ count: Int) -> [UInt8]? {
        while buffer.count < count {
            guard receive() else { return nil }
        }
        defer { consume(count) }
        return Array(buffer[..<count])
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Sends everything; `false` once the peer is gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Blocks until the peer closes (or resets) the connection, or the I/O timeout passes.
    /// Returns `true` if the peer closed.
    @discardableResult
    public func waitForPeerClose() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 { continue }
            if n == 0 { return true }
            if errno == EINTR { continue }
            return errno == ECONNRESET
        }
    }

    /// Closes with RST instead of FIN (SO_LINGER 0).
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    public func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }
}


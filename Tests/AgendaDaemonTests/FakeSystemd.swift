import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The service manager's end of sd_notify: an `AF_UNIX` datagram socket bound in a test folder,
/// read by a thread of its own that timestamps every message.
final class FakeSystemd: @unchecked Sendable {
    struct Message: Sendable {
        var at: ContinuousClock.Instant
        var text: String
        /// Whether `watchedFile` existed when the message arrived.
        var fileExisted: Bool

        var lines: [String] { text.split(separator: "\n").map(String.init) }
    }

    let socketPath: String
    private let watchedFile: String?
    private let fd: Int32
    private let lock = NSLock()
    private var received: [Message] = []
    private var closed = false
    private let done = DispatchSemaphore(value: 0)

    init(socketPath: String, watching file: String? = nil) throws {
        self.socketPath = socketPath
        watchedFile = file
        unlink(socketPath)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw POSIXError(.ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        Thread.detachNewThread { [self] in readLoop() }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !lock.withLock({ closed }) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { continue }
            let text = String(decoding: buffer[0..<count], as: UTF8.self)
            let existed = watchedFile.map { FileManager.default.fileExists(atPath: $0) } ?? false
            lock.withLock { received.append(Message(at: .now, text: text, fileExisted: existed)) }
        }
        done.signal()
    }

    func stop() {
        lock.withLock { closed = true }
        done.wait()
        close(fd)
        unlink(socketPath)
    }

    var messages: [Message] { lock.withLock { received } }

    /// Messages that carry the assignment `line` (e.g. "WATCHDOG=1") or, for a prefix ending in
    /// "=", any value of it (e.g. "STATUS=").
    func messages(with line: String) -> [Message] {
        messages.filter { message in
            message.lines.contains { line.hasSuffix("=") ? $0.hasPrefix(line) : $0 == line }
        }
    }

    func values(of key: String) -> [String] {
        messages.flatMap(\.lines).filter { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file channel's sink: an append-only JSON Lines file in which every line is written whole.
///
/// Each append takes an exclusive `flock` (so two agenda-sync processes never interleave),
/// first cuts off any partial last line left by a crash mid-write, writes each line with a
/// single `write(2)` on an `O_APPEND` descriptor, and `fsync`s before returning — so a notice
/// is marked delivered only once its line is durable.
public struct JSONLinesFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Appends `lines` (each without its newline), in order.
    public func append(_ lines: [[UInt8]]) throws(DeliveryError) {
        guard !lines.isEmpty else { return }
        for line in lines where line.contains(UInt8(ascii: "\n")) {
            throw .invalidPayload("a notice line contains a newline (\(line.count) bytes)")
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw .io(path: path, operation: "lock", errno: errno) }
        defer { flock(fd, LOCK_UN) }
        try cutPartialLastLine(fd)
        for line in lines {
            var bytes = line
            bytes.append(UInt8(ascii: "\n"))
            try writeWhole(fd, bytes)
        }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// A crash can only leave a partial line at the very end; drop it so the next line starts clean.
    private func cutPartialLastLine(_ fd: Int32) throws(DeliveryError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else { return }
        let readFD = open(path, O_RDONLY | O_CLOEXEC)
        guard readFD >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(readFD) }
        // Scan backwards in blocks for the last newline.
        var end = size
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while end > 0 {
            let start = max(0, end - buffer.count)
            let count = end - start
            let got = buffer.withUnsafeMutableBytes { pread(readFD, $0.baseAddress, count, off_t(start)) }
            guard got == count else { throw .io(path: path, operation: "read", errno: errno) }
            if let index = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
                let keep = start + index + 1
                if keep != size, ftruncate(fd, off_t(keep)) != 0 {
                    throw .io(path: path, operation: "truncate", errno: errno)
                }
                return
            }
            end = start
        }
        guard ftruncate(fd, 0) == 0 else { throw .io(path: path, operation: "truncate", errno: errno) }
    }

    private func writeWhole(_ fd: Int32, _ bytes: [UInt8]) throws(DeliveryError) {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written == bytes.count { return }
        let code = written < 0 ? errno : EIO
        // A short write leaves a partial line: remove it now rather than leave it for the next append.
        cutPartialTail(fd)
        throw .io(path: path, operation: "write", errno: code)
    }

    private func cutPartialTail(_ fd: Int32) {
        try? cutPartialLastLine(fd)
    }
}

public enum DeliveryError: Error, CustomStringConvertible, Sendable, Equatable {
    case io(path: String, operation: String, errno: Int32)
    case invalidPayload(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
        case .invalidPayload(let message):
            message
        }
    }
}

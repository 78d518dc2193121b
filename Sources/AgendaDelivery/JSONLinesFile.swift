import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file channel's sink: an append-only JSON Lines file in which every line is written whole.
///
/// Each append opens the path without following a symbolic link (`O_NOFOLLOW`) and refuses
/// anything but a regular file — a link, a device, a FIFO, or one of `protectedFiles` (the
/// database and its `-wal`/`-shm`, reached by another name or a hard link) — before touching it,
/// so a misconfigured path can never have another file cut or written into. It then takes an
/// exclusive `flock` (so two agenda-sync processes never interleave), first cuts off any partial
/// last line left by a crash mid-write, writes each line with one `write(2)` on an `O_APPEND`
/// descriptor (finishing a short one, or cutting it off again when the disk refuses the rest), and
/// `fsync`s before returning — so a notice is marked delivered only once its line is durable.
public struct JSONLinesFile: Sendable {
    public let path: String
    /// Files this channel must never write to, compared by device and inode.
    public let protectedFiles: [String]

    public init(path: String, protectedFiles: [String] = []) {
        self.path = path
        self.protectedFiles = protectedFiles
    }

    /// Appends `lines` (each without its newline), in order.
    public func append(_ lines: [[UInt8]]) throws(DeliveryError) {
        guard !lines.isEmpty else { return }
        for line in lines where line.contains(UInt8(ascii: "\n")) {
            throw .invalidPayload("a notice line contains a newline (\(line.count) bytes)")
        }
        // O_NONBLOCK: opening a FIFO that no one reads would otherwise hang the round.
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP { throw .refused(path: path, reason: "it is a symbolic link; set `path` to the file itself") }
            throw .io(path: path, operation: "open", errno: code)
        }
        defer { close(fd) }
        try checkIsOwnRegularFile(fd)
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

    /// A regular file, and none of `protectedFiles`; checked on the open descriptor, before any write.
    private func checkIsOwnRegularFile(_ fd: Int32) throws(DeliveryError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind = switch type {
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFIFO: "a FIFO"
            case S_IFSOCK: "a socket"
            case S_IFDIR: "a directory"
            default: "not a regular file"
            }
            throw .refused(path: path, reason: "it is \(kind); the file channel appends only to a regular file")
        }
        for protected in protectedFiles {
            var other = stat()
            if stat(protected, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino {
                throw .refused(path: path, reason: "it is \(protected), which notices must never be written into")
            }
        }
    }

    /// A crash can only leave a partial line at the very end; drop it so the next line starts clean.
    private func cutPartialLastLine(_ fd: Int32) throws(DeliveryError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else { return }
        // Scan backwards in blocks for the last newline.
        var end = size
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while end > 0 {
            let start = max(0, end - buffer.count)
            let count = end - start
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
            guard got == count else { throw .io(path: path, operation: "read", errno: got < 0 ? errno : EIO) }
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

    /// Writes `bytes` whole. A short write (the disk filled up mid-line) is followed by another for
    /// the rest, so a failure reports the kernel's own reason (ENOSPC: "No space left on device"),
    /// and the partial line is cut off again before the error is thrown.
    private func writeWhole(_ fd: Int32, _ bytes: [UInt8]) throws(DeliveryError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
                continue
            }
            let code = written < 0 ? errno : EIO
            if code == EINTR { continue }
            if offset > 0 { try? cutPartialLastLine(fd) }
            throw .io(path: path, operation: "write", errno: code)
        }
    }
}

public enum DeliveryError: Error, CustomStringConvertible, Sendable, Equatable {
    case io(path: String, operation: String, errno: Int32)
    /// The path is not a file notices may be appended to (a link, a device, the database…); nothing was written.
    case refused(path: String, reason: String)
    case invalidPayload(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
        case .refused(let path, let reason):
            "refusing to write notices to \(path): \(reason)"
        case .invalidPayload(let message):
            message
        }
    }
}

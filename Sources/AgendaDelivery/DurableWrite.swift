import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed on a path, with its errno.
struct FileSystemFailure: Error, Sendable {
    let operation: String
    let path: String
    let code: Int32
}

/// The POSIX steps every channel that writes a whole file shares (the Maildir spool, the calendar
/// and Atom files): write every byte, make a rename durable, and name temporary files so a later
/// writer can tell those of a process that died.
enum DurableWrite {
    /// Writes all of `bytes` to `fd`, retrying after EINTR and continuing after a short write.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(FileSystemFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystemFailure(operation: "write", path: path, code: errno)
            }
            if written == 0 { throw FileSystemFailure(operation: "write", path: path, code: EIO) }
            offset += written
        }
    }

    /// `fsync` of a directory, so a rename into it survives a power cut.
    static func syncDirectory(_ directory: String) throws(FileSystemFailure) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemFailure(operation: "open", path: directory, code: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileSystemFailure(operation: "fsync", path: directory, code: errno) }
    }

    /// `P<pid>R<random>`: the end of a temporary file's name, keeping two writers of one name apart.
    static func uniqueSuffix() -> String {
        "P\(getpid())R\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
    }

    /// True when `name` ends in `.P<pid>R<hex>` (``uniqueSuffix()``) and no process `pid` exists.
    /// A reused pid only delays the clean-up (to an age limit, where the caller has one).
    static func writerHasExited(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), name[name.index(after: dot)...].hasPrefix("P") else { return false }
        let suffix = name[name.index(dot, offsetBy: 2)...]
        guard let r = suffix.firstIndex(of: "R"), let pid = Int32(suffix[..<r]), pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The entries of `directory` other than `.` and `..`.
    static func names(in directory: String) throws(FileSystemFailure) -> [String] {
        guard let handle = opendir(directory) else {
            throw FileSystemFailure(operation: "read directory", path: directory, code: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

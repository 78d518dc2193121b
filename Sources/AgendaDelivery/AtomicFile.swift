import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file that is only ever replaced whole: the sink of the calendar and Atom channels, which
/// publish a document rather than append to a log.
///
/// `replace(with:)` writes the new bytes to a temporary file in the same directory
/// (`.NAME.tmp.P<pid>R<hex>`), `fsync`s it, renames it over `path` — atomic, so a reader, or a
/// `kill -9` or power cut at any instant, finds the old file or the new one whole, never a mix — and
/// then `fsync`s the directory so the rename itself is durable. Before that it removes temporary
/// files that a writer which has since died left behind. The file gets mode 0644 whatever the
/// process's umask: it exists to be published by a web server.
///
/// A symbolic link, a directory or any other non-regular file at `path` is refused before anything
/// is written (the file channel's rule), and so is a missing directory: nothing is created but the file.
public struct AtomicFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    var directory: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    var fileName: String { (path as NSString).lastPathComponent }

    /// The prefix of this file's temporary files.
    var temporaryPrefix: String { ".\(fileName).tmp." }

    /// The file's bytes; nil when there is no file yet.
    public func contents() throws(DeliveryError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw refusal(errno) ?? .io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        if let reason = Self.notRegular(info.st_mode) { throw .refused(path: path, reason: reason) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    /// Replaces the file with `bytes`, durably and atomically.
    public func replace(with bytes: [UInt8]) throws(DeliveryError) {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .refused(path: path, reason: "its directory \(directory) does not exist; create it (only the file is created)")
        }
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw .refused(path: path, reason: "it is a symbolic link; set `path` to the file itself")
            }
            if let reason = Self.notRegular(info.st_mode) { throw .refused(path: path, reason: reason) }
        } else if errno != ENOENT {
            throw .io(path: path, operation: "stat", errno: errno)
        }
        do throws(FileSystemFailure) {
            try removeStaleTemporaryFiles()
            let temporary = directory + "/" + temporaryPrefix + DurableWrite.uniqueSuffix()
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileSystemFailure(operation: "create", path: temporary, code: errno) }
            do throws(FileSystemFailure) {
                guard fchmod(fd, 0o644) == 0 else { throw FileSystemFailure(operation: "chmod", path: temporary, code: errno) }
                try DurableWrite.writeAll(fd, bytes, path: temporary)
                guard fsync(fd) == 0 else { throw FileSystemFailure(operation: "fsync", path: temporary, code: errno) }
                guard close(fd) == 0 else { throw FileSystemFailure(operation: "close", path: temporary, code: errno) }
            } catch {
                close(fd)  // harmless EBADF if it was already closed
                unlink(temporary)
                throw error
            }
            guard rename(temporary, path) == 0 else {
                let code = errno
                unlink(temporary)
                throw FileSystemFailure(operation: "rename \(temporary) to", path: path, code: code)
            }
            try DurableWrite.syncDirectory(directory)
        } catch {
            throw .io(path: error.path, operation: error.operation, errno: error.code)
        }
    }

    /// Removes this file's temporary files whose writer has exited (a crash mid-write); returns how many.
    @discardableResult
    func removeStaleTemporaryFiles() throws(FileSystemFailure) -> Int {
        var removed = 0
        for name in try DurableWrite.names(in: directory)
        where name.hasPrefix(temporaryPrefix) && DurableWrite.writerHasExited(name) {
            let file = directory + "/" + name
            guard unlink(file) == 0 || errno == ENOENT else {
                throw FileSystemFailure(operation: "remove", path: file, code: errno)
            }
            removed += 1
        }
        return removed
    }

    private func refusal(_ code: Int32) -> DeliveryError? {
        code == ELOOP ? .refused(path: path, reason: "it is a symbolic link; set `path` to the file itself") : nil
    }

    private static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "it is a directory; set `path` to a file in it"
        default: "it is not a regular file"
        }
    }
}

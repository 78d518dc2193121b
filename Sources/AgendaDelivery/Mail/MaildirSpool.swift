import AgendaCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `MaildirSpool.deliver` did.
public enum SpoolResult: Hashable, Sendable {
    /// The message is now in `new/` (written for the first time, or replacing an unsent copy).
    case written
    /// `cur/` already holds it (a relay has sent it); nothing was written.
    case alreadySent
}

/// A Maildir-layout outgoing spool (`tmp/`, `new/`, `cur/`) that a mail relay drains.
///
/// Delivery follows maildir(5): the message is written whole to a unique file in `tmp/`,
/// `fsync`ed, renamed to `new/NAME` — atomic, and replacing an earlier unsent copy, so a
/// redelivery never duplicates — and then `new/` itself is `fsync`ed so the rename survives a
/// power cut. A relay that has sent a message moves it to `cur/NAME` (optionally `NAME:2,FLAGS`);
/// a later delivery of that name is then skipped.
///
/// A delivery racing with a relay that moves the same name from `new/` to `cur/` at that
/// instant can leave a second copy in `new/`: delivery is at least once, and the receiver
/// de-duplicates by `Message-ID`.
public struct MaildirSpool: Sendable {
    public let path: String

    /// Opens the spool at `path`, creating it and its `tmp/`, `new/` and `cur/` (mode 0700) when missing.
    public init(path: String) throws(MaildirError) {
        guard !path.isEmpty else { throw .unusable(path: path, reason: "the path is empty") }
        self.path = path
        try Self.makeDirectory(path, intermediate: true)
        for folder in ["tmp", "new", "cur"] {
            try Self.makeDirectory(path + "/" + folder, intermediate: false)
        }
        for folder in ["tmp", "new"] where access(path + "/" + folder, W_OK | X_OK) != 0 {
            throw .io(path: path + "/" + folder, operation: "write to", errno: errno)
        }
    }

    /// Puts `message` into `new/` unless `cur/` shows it has been sent already.
    public func deliver(_ message: MailMessage) throws(MaildirError) -> SpoolResult {
        let name = message.fileName
        guard Self.isValidName(name) else { throw .invalidFileName(name) }
        if try isInCur(name) { return .alreadySent }

        let temporary = "\(path)/tmp/\(name).\(DurableWrite.uniqueSuffix())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, operation: "create", errno: errno) }
        do throws(MaildirError) {
            do { try DurableWrite.writeAll(fd, message.bytes, path: temporary) } catch { throw MaildirError(error) }
            guard fsync(fd) == 0 else { throw .io(path: temporary, operation: "fsync", errno: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        // Closed exactly once: Linux releases the descriptor even when close fails, and by a second
        // close its number may already belong to another thread's socket or file.
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(path: temporary, operation: "close", errno: code)
        }
        let final = "\(path)/new/\(name)"
        guard rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(path: final, operation: "rename \(temporary) to", errno: code)
        }
        do { try DurableWrite.syncDirectory(path + "/new") } catch { throw MaildirError(error) }
        return .written
    }

    /// Deletes leftovers of deliveries cut short by a crash from `tmp/`: files whose writer (the
    /// `P<pid>` in the name) no longer runs, and any file last modified more than `age` before `now`
    /// (36 hours by the qmail convention). Returns how many were removed.
    @discardableResult
    public func removeStaleTemporaryFiles(olderThan age: Duration = .seconds(36 * 3600), now: Date = Date()) throws(MaildirError) -> Int {
        let folder = path + "/tmp"
        let cutoff = now.timeIntervalSince1970 - Double(age.components.seconds)
        var removed = 0
        for name in try Self.names(in: folder) {
            let file = folder + "/" + name
            var info = stat()
            guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            if modified < cutoff || DurableWrite.writerHasExited(name) {
                guard unlink(file) == 0 || errno == ENOENT else { throw .io(path: file, operation: "remove", errno: errno) }
                removed += 1
            }
        }
        return removed
    }

    // MARK: Steps

    /// True when `cur/` holds `name` or `name:2,FLAGS` (any info suffix after a colon).
    private func isInCur(_ name: String) throws(MaildirError) -> Bool {
        try Self.names(in: path + "/cur").contains { entry in
            entry == name || (entry.hasPrefix(name) && entry.utf8.dropFirst(name.utf8.count).first == UInt8(ascii: ":"))
        }
    }

    /// A Maildir name: non-empty, at most 200 bytes, without `/`, `:` or NUL, not starting with `.`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200 && !name.hasPrefix(".")
            && !name.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 == 0 })
    }

    private static func makeDirectory(_ directory: String, intermediate: Bool) throws(MaildirError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .unusable(path: directory, reason: "it is not a directory") }
            return
        }
        if errno != ENOENT { throw .io(path: directory, operation: "stat", errno: errno) }
        if intermediate {
            let parent = (directory as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != directory, parent != "/" { try makeDirectory(parent, intermediate: true) }
        }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw .io(path: directory, operation: "create directory", errno: errno)
        }
    }

    private static func names(in directory: String) throws(MaildirError) -> [String] {
        do { return try DurableWrite.names(in: directory) } catch { throw MaildirError(error) }
    }
}

/// A spool that cannot be used or a delivery that failed; nothing partial is left in `new/`.
public enum MaildirError: Error, Hashable, Sendable, CustomStringConvertible {
    case unusable(path: String, reason: String)
    case io(path: String, operation: String, errno: Int32)
    case invalidFileName(String)

    init(_ failure: FileSystemFailure) {
        self = .io(path: failure.path, operation: failure.operation, errno: failure.code)
    }

    public var description: String {
        switch self {
        case .unusable(let path, let reason):
            "the Maildir spool path \(path) cannot be used: \(reason)"
        case .io(let path, let operation, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
        case .invalidFileName(let name):
            "\"\(MailText.sanitised(name))\" is not a Maildir file name (no \"/\", \":\" or leading \".\")"
        }
    }
}

import Foundation

/// The file operations ``MailRelay`` needs on one Maildir spool: list `new/`, read a message,
/// and move it to `cur/NAME:2,S` or `failed/NAME` durably (rename, then fsync both directories).
struct RelaySpoolDirectory {
    let path: String

    var newPath: String { path + "/new" }
    var curPath: String { path + "/cur" }
    var failedPath: String { path + "/failed" }

    /// Where a sent message goes: Maildir's "seen" flag marks it done.
    func sentPath(_ file: String) -> String { curPath + "/" + file + ":2,S" }

    /// The regular files in `new/`, by name, without dot-files.
    func pendingFiles() throws(RelaySpoolError) -> [String] {
        guard let directory = opendir(newPath) else { throw .io(path: newPath, operation: "open", errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            var info = stat()
            guard lstat(newPath + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            names.append(name)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The message bytes; nil when the file is gone (another process moved it).
    func readMessage(_ file: String, maxBytes: Int) throws(RelaySpoolError) -> [UInt8]? {
        let filePath = newPath + "/" + file
        let fd = open(filePath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0, errno == ENOENT { return nil }
        guard fd >= 0 else { throw .io(path: filePath, operation: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: filePath, operation: "stat", errno: errno) }
        guard Int(info.st_size) <= maxBytes else { throw .tooLarge(path: filePath, size: Int(info.st_size), limit: maxBytes) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw .io(path: filePath, operation: "read", errno: errno) }
            if got == 0 { break }
            total += got
        }
        bytes.removeSubrange(total...)
        return bytes
    }

    /// Whether `cur/` already holds this message as sent.
    func isSent(_ file: String) -> Bool {
        var info = stat()
        return lstat(sentPath(file), &info) == 0
    }

    /// `new/NAME` → `cur/NAME:2,S`, durably. A copy already there is replaced (same name, same notice).
    func moveToSent(_ file: String) throws(RelaySpoolError) {
        try move(file, to: sentPath(file), directory: curPath)
    }

    /// `new/NAME` → `failed/NAME` (creating `failed/`), durably.
    func moveToFailed(_ file: String) throws(RelaySpoolError) {
        if mkdir(failedPath, 0o750) == 0 {
            try Self.syncDirectory(path)
        } else if errno != EEXIST {
            throw .io(path: failedPath, operation: "create", errno: errno)
        }
        try move(file, to: failedPath + "/" + file, directory: failedPath)
    }

    private func move(_ file: String, to destination: String, directory: String) throws(RelaySpoolError) {
        let source = newPath + "/" + file
        guard rename(source, destination) == 0 else {
            throw .io(path: source, operation: "rename to \(destination)", errno: errno)
        }
        // The rename is atomic but only durable once both directories are on disk.
        try Self.syncDirectory(directory)
        try Self.syncDirectory(newPath)
    }

    static func syncDirectory(_ path: String) throws(RelaySpoolError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// Takes the spool's relay lock (`SPOOL/.relay.lock`, a POSIX record lock, not waiting), so two
    /// relays — the daemon and `agenda-sync mail relay` — never send the same message at once.
    /// Returns the descriptor that holds it (close it to release), or nil when another process holds it.
    ///
    /// A record lock rather than `flock`: it belongs to the process, so a child the process forks
    /// never holds it. (A `flock` lives on the open file, which a child shares from `fork` until its
    /// `exec` closes it; a pass meanwhile found its own just-released lock "held by another relay" and
    /// skipped the spool.) It excludes other processes only: one process runs one pass at a time.
    func lock() throws(RelaySpoolError) -> Int32? {
        let lockPath = path + "/.relay.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .io(path: lockPath, operation: "open", errno: errno) }
        var wholeFile = flock()
        wholeFile.l_type = Int16(F_WRLCK)
        wholeFile.l_whence = Int16(SEEK_SET)
        if fcntl(fd, F_SETLK, &wholeFile) == 0 { return fd }
        let code = errno
        close(fd)
        if code == EACCES || code == EAGAIN { return nil }
        throw .io(path: lockPath, operation: "lock", errno: code)
    }
}

/// A file operation on a spool that failed.
public enum RelaySpoolError: Error, Sendable, Hashable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    case tooLarge(path: String, size: Int, limit: Int)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
        case .tooLarge(let path, let size, let limit):
            "\(path) is \(size) bytes, larger than the \(limit)-byte limit"
        }
    }
}

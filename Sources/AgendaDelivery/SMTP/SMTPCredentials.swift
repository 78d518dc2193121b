import Foundation

/// A user name and password for SMTP AUTH. `description` never shows the password.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(String(reflecting: username)), password: ***)" }

    /// The largest auth file read; anything bigger is not an auth file.
    static let maxFileBytes = 4096

    /// Reads an auth file of exactly two lines: the **user name on line 1, the password on line 2**.
    ///
    /// Lines end in LF or CRLF; the final line ending is optional. Everything else on a line is
    /// kept as is, so a password may hold spaces or colons. A one-line `user:password` file is
    /// refused (it is ambiguous when the password holds a colon).
    ///
    /// - Throws: ``SMTPSettingsError/authFile(path:reason:)`` when the file is missing, unreadable,
    ///   readable by every user on the machine, larger than 4 KiB, not UTF-8, or does not hold
    ///   exactly a non-empty user name and a non-empty password.
    public static func load(path: String) throws(SMTPSettingsError) -> SMTPCredentials {
        func fail(_ reason: String) -> SMTPSettingsError { .authFile(path: path, reason: reason) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw fail("not a regular file") }
        guard info.st_mode & S_IROTH == 0 else {
            throw fail("readable by every user (mode \(String(info.st_mode & 0o777, radix: 8))); chmod o-r it")
        }
        guard info.st_size <= maxFileBytes else { throw fail("larger than \(maxFileBytes) bytes; not an auth file") }

        var bytes = [UInt8](repeating: 0, count: maxFileBytes + 1)
        var total = 0
        while total < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if got < 0 {
                if errno == EINTR { continue }
                throw fail(String(cString: strerror(errno)))
            }
            if got == 0 { break }
            total += got
        }
        guard total <= maxFileBytes else { throw fail("larger than \(maxFileBytes) bytes; not an auth file") }
        bytes.removeSubrange(total...)
        guard !bytes.contains(0) else { throw fail("holds a NUL byte") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("not UTF-8 text") }

        // "\r\n" is one Character in Swift: split on either ending.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw fail("empty; expected the user name on line 1 and the password on line 2") }
        guard lines.count >= 2 else {
            throw fail("no password on line 2 (the file holds the user name on line 1 and the password on line 2)")
        }
        guard lines.count == 2 else {
            throw fail("\(lines.count) lines; expected exactly the user name on line 1 and the password on line 2")
        }
        guard !lines[0].isEmpty else { throw fail("the user name on line 1 is empty") }
        guard !lines[1].isEmpty else { throw fail("the password on line 2 is empty") }
        guard !lines.joined().contains("\r") else { throw fail("holds a stray carriage return") }
        return SMTPCredentials(username: String(lines[0]), password: String(lines[1]))
    }
}

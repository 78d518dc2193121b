import AgendaDelivery
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A file-free ``RelayJournal`` for the tests: the latest entry per message, and every attempt.
final class InMemoryRelayJournal: RelayJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: RelayEntry] = [:]
    private var recorded: [RelayAttempt] = []

    private static func key(_ spool: String, _ file: String) -> String { spool + "\u{0}" + file }

    func entry(spool: String, file: String) throws -> RelayEntry? {
        lock.withLock { entries[Self.key(spool, file)] }
    }

    func record(_ attempt: RelayAttempt) throws {
        lock.withLock {
            entries[Self.key(attempt.spool, attempt.file)] = attempt.entry
            recorded.append(attempt)
        }
    }

    /// Sets an entry directly, as an earlier run would have left it.
    func set(_ entry: RelayEntry, spool: String, file: String) {
        lock.withLock { entries[Self.key(spool, file)] = entry }
    }

    var attempts: [RelayAttempt] { lock.withLock { recorded } }
}

/// A journal whose every call fails, to show journal errors stay on their message's line.
struct FailingRelayJournal: RelayJournal {
    struct Broken: Error, CustomStringConvertible { var description: String { "database is locked" } }
    func entry(spool: String, file: String) throws -> RelayEntry? { throw Broken() }
    func record(_ attempt: RelayAttempt) throws { throw Broken() }
}

/// A clock the test steps by hand.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(seconds: TimeInterval) { lock.withLock { current += seconds } }

    /// For ``MailRelay``'s `now`.
    var function: @Sendable () -> Date { { [self] in now } }
}

/// A Maildir spool (`tmp/ new/ cur/`) in a temporary folder, filled by hand.
struct TestSpool {
    let path: String

    init() throws {
        path = try makeTemporaryFolder("smtp-spool")
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: false)
        }
    }

    /// Writes `new/NAME` (via `tmp/`, as a Maildir writer does).
    func add(_ name: String, _ message: [UInt8]) throws {
        let temporary = path + "/tmp/" + name
        try Data(message).write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.moveItem(atPath: temporary, toPath: path + "/new/" + name)
    }

    func files(_ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + sub)) ?? []).sorted()
    }

    func contents(_ sub: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + sub + "/" + name)))
    }
}

/// A notice name as the composer makes them: `ntc_<24 hex>.agenda-sync`.
func noticeName(_ n: Int) -> String {
    "ntc_" + String(repeating: "0", count: 20) + String(format: "%04x", n) + ".agenda-sync"
}

/// A hand-written notice: CRLF lines, the headers the composer writes, and body lines that
/// test SMTP transparency — one starting with "." and one that is only ".".
func testMessage(
    id: String,
    to: String = "Jane Doe <jane@example.org>",
    from: String = "Agenda alerts <alerts@example.org>",
    lineEnding: String = "\r\n"
) -> [UInt8] {
    let lines = [
        "From: \(from)",
        "To: \(to)",
        "Subject: Cabinet agenda updated",
        "Date: Sun, 29 Nov 2026 06:54:08 +0000",
        "Message-ID: <\(id)@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "The agenda for Cabinet on 3 December changed.",
        ".hidden line starting with a dot",
        ".",
        "..two dots",
        "End.",
    ]
    return Array((lines.joined(separator: lineEnding) + lineEnding).utf8)
}

/// `Tests/AgendaDeliveryTests/Scripts/smtp_server.py` on 127.0.0.1, with its sink folder.
final class SMTPTestServer: @unchecked Sendable {
    let process: ScriptProcess
    let port: Int
    let sink: String

    init(mode: String = "ok", extra: [String] = []) async throws {
        sink = try makeTemporaryFolder("smtp-sink")
        process = try ScriptProcess(
            script: "smtp_server.py",
            arguments: ["--mode", mode, "--sink", sink, "--lifetime", "300"] + extra,
            logPath: sink + "/server.log")
        let line = try await process.waitForLine("LISTENING ")
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            throw ScriptProcess.NotReady(log: process.log)
        }
        self.port = port
    }

    deinit { process.stop() }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The accepted messages' bytes, in order of arrival.
    func messages() throws -> [[UInt8]] {
        try FileManager.default.contentsOfDirectory(atPath: sink).filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
            .sorted().map { Array(try Data(contentsOf: URL(fileURLWithPath: sink + "/" + $0))) }
    }

    /// messages.jsonl: one object per accepted message.
    func messageLog() throws -> [[String: Any]] { try jsonLines("messages.jsonl") }

    /// events.jsonl: every DATA outcome and rejected RCPT.
    func events() throws -> [[String: Any]] { try jsonLines("events.jsonl") }

    private func jsonLines(_ name: String) throws -> [[String: Any]] {
        let path = sink + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }
}

/// A socket on 127.0.0.1 that listens but never accepts: the kernel completes the TCP
/// handshake, and no greeting ever comes. Closed on deinit.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// Waits (bounded) until a client has connected: the listening socket turns readable.
    func waitForConnection(timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&entry, 1, 0) == 1 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw POSIXError(.ETIMEDOUT)
    }
}

/// Writes `text` to a new file with the given mode, returns its path.
func writeFile(_ text: String, in folder: String, name: String, mode: mode_t = 0o600) throws -> String {
    let path = folder + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    chmod(path, mode)
    return path
}

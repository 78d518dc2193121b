import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Shared by the test targets (a plain target under Tests/, never linked into the product).
/// A helper program the tests run beside themselves — a Python webhook receiver or SMTP server
/// from `Tests/AgendaDeliveryTests/Scripts` — started with `posix_spawn` (empty signal mask, no
/// inherited descriptors), its stdout and stderr appended to a log file. Killed on `stop()` or deinit.
public final class ScriptProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Debian's interpreter: python3-aiosmtpd is installed for it, not for other pythons on PATH.
    public static let python = "/usr/bin/python3"

    /// The folder of the test scripts in the source tree (Tests/AgendaDeliveryTests/Scripts).
    public static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AgendaDeliveryTests/Scripts")
    }

    /// Starts `python3 Scripts/<script> <arguments…>`.
    public convenience init(script: String, arguments: [String], logPath: String) throws {
        try self.init(executable: Self.python,
                      arguments: ["-u", Self.scriptsDirectory.appendingPathComponent(script).path] + arguments,
                      logPath: logPath)
    }

    /// `environment` nil passes the test process's environment on unchanged.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil, logPath: String) throws {
        self.logPath = logPath
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        Self.closeFrom(3, &actions)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = (environment ?? ProcessInfo.processInfo.environment)
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(code: result, path: executable) }
        pid = child
    }

    deinit { stop() }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np` (not visible to Swift from spawn.h).
    private static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return
        }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var code: Int32
        public var path: String
        public var description: String { "posix_spawn \(path): \(String(cString: strerror(code)))" }
    }

    public struct NotReady: Error, CustomStringConvertible {
        public var log: String
        public init(log: String) { self.log = log }
        public var description: String { "the helper did not report ready within the bound; its log:\n\(log)" }
    }

    /// The exit status once the process has ended (nil while it runs); 128+N for signal N.
    public func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7f
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return exitStatus
    }

    /// Everything the helper wrote so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits (polling, bounded) for a log line starting with `prefix` and returns the rest of it,
    /// e.g. `waitForLine("LISTENING ")` → the port the helper bound.
    public func waitForLine(_ prefix: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            for line in log.split(separator: "\n") where line.hasPrefix(prefix) {
                return String(line.dropFirst(prefix.count))
            }
            if poll() != nil { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw NotReady(log: log)
    }

    public func signal(_ signal: Int32) {
        Glibc.kill(pid, signal)
    }

    /// Waits (polling, bounded) for the process to end; nil when it is still running at the deadline.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let status = poll() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return poll()
    }

    /// SIGKILLs the helper (if still running) and reaps it.
    public func stop() {
        guard poll() == nil else { return }
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        lock.lock()
        exitStatus = 128 + SIGKILL
        lock.unlock()
    }
}

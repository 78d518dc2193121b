import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Shared by the test targets (a plain target under Tests/, never linked into the product).
/// A program the tests run beside themselves — a Python webhook receiver or SMTP server from
/// `Tests/AgendaDeliveryTests/Scripts`, `openssl`, the `agenda-sync` binary — started by
/// `ChildSpawn` (empty signal mask, no inherited descriptors), its stdout and stderr appended to a
/// log file (or stderr to a second one). Killed on `stop()` or deinit.
public final class ScriptProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    /// Where stderr goes when it is kept apart from stdout (nil: into `logPath` too).
    public let errorLogPath: String?
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Debian's interpreter: python3-aiosmtpd is installed for it, not for other pythons on PATH.
    public static let python = "/usr/bin/python3"

    /// The folder of the test scripts in the source tree (Tests/AgendaDeliveryTests/Scripts).
    public static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AgendaDeliveryTests/Scripts")
    }

    /// The PyPI packages the scripts import, installed by `make test-deps` with
    /// `pip install --target .build/python` (Debian has no package of them).
    public static var pythonPackagesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/python")
    }

    /// Starts `python3 Scripts/<script> <arguments…>`, with `.build/python` on its `PYTHONPATH`.
    public convenience init(script: String, arguments: [String], logPath: String) throws {
        try self.init(executable: Self.python, arguments: Self.scriptArguments(script, arguments),
                      environment: Self.scriptEnvironment, logPath: logPath)
    }

    /// Runs `python3 Scripts/<script> <arguments…>` to completion (see `run(executable:…)`).
    public static func runScript(_ script: String, arguments: [String], timeout: Duration = .seconds(60))
        async throws -> CommandResult
    {
        try await run(executable: python, arguments: scriptArguments(script, arguments), environment: scriptEnvironment,
                      timeout: timeout)
    }

    private static func scriptArguments(_ script: String, _ arguments: [String]) -> [String] {
        ["-u", scriptsDirectory.appendingPathComponent(script).path] + arguments
    }

    private static var scriptEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = pythonPackagesDirectory.path
        return environment
    }

    /// `environment` nil passes the test process's environment on unchanged; `errorLogPath` nil
    /// sends stderr to `logPath` too.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil, logPath: String,
                errorLogPath: String? = nil) throws {
        self.logPath = logPath
        self.errorLogPath = errorLogPath
        pid = try ChildSpawn.spawn(executable: executable, arguments: arguments, environment: environment,
                                   stdout: .init(path: logPath), stderr: errorLogPath.map { .init(path: $0) })
    }

    deinit { stop() }

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
        exitStatus = ChildSpawn.exitStatus(status)
        return exitStatus
    }

    /// Everything the helper wrote so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits (polling, bounded) for a log line starting with `prefix` and returns the rest of it,
    /// e.g. `waitForLine("LISTENING ")` → the port the helper bound.
    public func waitForLine(_ prefix: String, timeout: Duration = .seconds(40)) async throws -> String {
        var found: String?
        _ = await eventually(timeout: timeout) {
            found = log.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            return found != nil || poll() != nil
        }
        guard let found else { throw NotReady(log: log) }
        return found
    }

    public func signal(_ signal: Int32) {
        Glibc.kill(pid, signal)
    }

    /// Waits (polling, bounded) for the process to end; nil when it is still running at the deadline.
    public func waitForExit(timeout: Duration) async -> Int32? {
        _ = await eventually(timeout: timeout, every: .milliseconds(10)) { poll() != nil }
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

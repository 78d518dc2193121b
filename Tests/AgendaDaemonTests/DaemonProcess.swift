import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `agenda-sync` binary (built beside the test bundle by `swift build --build-tests`).
enum AgendaSyncBinary {
    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["AGENDA_SYNC_BIN"] { return explicit }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("agenda-sync").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        // `swift test` may run the bundle from inside the .xctest folder.
        let inside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("agenda-sync").path
        if FileManager.default.isExecutableFile(atPath: inside) { return inside }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/agenda-sync").path
    }
}

/// `agenda-sync run` as systemd starts it: `posix_spawn` with an empty signal mask and default
/// signal dispositions (threads of the test process block most signals, and a child would inherit
/// that), stdin from /dev/null, stdout and stderr appended to a log file, no other descriptor.
final class DaemonProcess: @unchecked Sendable {
    let pid: pid_t
    let logPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// `executable` defaults to the `agenda-sync` binary; the crash test also runs a Python receiver.
    init(executable: String = AgendaSyncBinary.path, arguments: [String], environment: [String: String],
         logPath: String) throws {
        self.logPath = logPath
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "AGENDA_SYNC_CONFIG")
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        env.removeValue(forKey: "WATCHDOG_PID")
        for (key, value) in environment { env[key] = value }

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
        // Nothing else of the test process: an inherited copy of another test's socket would keep
        // its connection open after that test closed it.
        Self.closeFrom(3, &actions)

        let path = executable
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(code: result, path: path) }
        pid = child
    }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np` (not visible to Swift from spawn.h).
    private static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return
        }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
    }

    struct SpawnError: Error, CustomStringConvertible {
        var code: Int32
        var path: String
        var description: String { "posix_spawn \(path): \(String(cString: strerror(code)))" }
    }

    func signal(_ signal: Int32) {
        Glibc.kill(pid, signal)
    }

    /// The exit status once the process has ended (nil while it runs); 128+N for signal N.
    func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7f
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return exitStatus
    }

    var isRunning: Bool { poll() == nil }

    /// Waits (polling, bounded) for the process to end; nil when it is still running at the deadline.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let status = poll() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return poll()
    }

    /// Stops a daemon a failed test left running.
    func kill() {
        if isRunning {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// Everything the daemon wrote to stdout and stderr so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The log lines of one event (e.g. "config.rejected"), without their priority prefix.
    func events(_ name: String) -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard let close = line.firstIndex(of: ">") else { return nil }
            let rest = line[line.index(after: close)...]
            return rest.hasPrefix(name + " ") || rest == name ? String(rest) : nil
        }
    }
}

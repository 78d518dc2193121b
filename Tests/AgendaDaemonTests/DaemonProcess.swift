import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `agenda-sync run` as systemd starts it (see `ChildSpawn`): an empty signal mask and default
/// signal dispositions, stdin from /dev/null, stdout and stderr appended to a log file, no other descriptor.
final class DaemonProcess: @unchecked Sendable {
    private let process: ScriptProcess

    var pid: pid_t { process.pid }
    var logPath: String { process.logPath }

    init(arguments: [String], environment: [String: String], logPath: String) throws {
        process = try ScriptProcess(executable: AgendaSyncBinary.path, arguments: arguments,
                                    environment: AgendaSyncBinary.environment(adding: environment), logPath: logPath)
    }

    func signal(_ signal: Int32) { process.signal(signal) }

    /// The exit status once the process has ended (nil while it runs); 128+N for signal N.
    func poll() -> Int32? { process.poll() }

    var isRunning: Bool { poll() == nil }

    /// Waits (polling, bounded) for the process to end; nil when it is still running at the deadline.
    func waitForExit(timeout: Duration) async -> Int32? { await process.waitForExit(timeout: timeout) }

    /// Stops a daemon a failed test left running.
    func kill() { process.stop() }

    /// Everything the daemon wrote to stdout and stderr so far.
    var log: String { process.log }

    /// The log lines of one event (e.g. "config.rejected"), without their priority prefix.
    func events(_ name: String) -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard let close = line.firstIndex(of: ">") else { return nil }
            let rest = line[line.index(after: close)...]
            return rest.hasPrefix(name + " ") || rest == name ? String(rest) : nil
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a program run to completion printed, and how it ended.
public struct CommandResult: Sendable {
    /// The exit code, or 128+N when signal N ended it (137 when `timedOut`).
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// It was still running at the deadline and was SIGKILLed.
    public var timedOut: Bool
}

extension ScriptProcess {
    /// Runs a program to completion without blocking a cooperative thread (servers the program
    /// talks to may live on the same pool): stdout and stderr into files of a fresh temporary folder,
    /// read once it has exited, then removed. Bounded: SIGKILLed after `timeout`.
    public static func run(executable: String, arguments: [String], environment: [String: String]? = nil,
                           timeout: Duration = .seconds(120)) async throws -> CommandResult {
        let folder = try makeTemporaryFolder("run")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = try ScriptProcess(executable: executable, arguments: arguments, environment: environment,
                                        logPath: folder + "/stdout", errorLogPath: folder + "/stderr")
        let exited = await process.waitForExit(timeout: timeout)
        process.stop()
        func text(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return CommandResult(status: exited ?? 128 + SIGKILL, stdout: text(folder + "/stdout"),
                             stderr: text(folder + "/stderr"), timedOut: exited == nil)
    }
}

import Foundation

/// The real `agenda-sync` binary (built beside the test bundle by `swift build --build-tests`).
public enum AgendaSyncBinary {
    /// `$AGENDA_SYNC_BIN`, else the binary beside the test bundle, else .build/debug.
    public static var path: String {
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

    /// The test process's environment without what would point the binary elsewhere (a config of
    /// the machine's, a systemd socket of the shell's), plus `extra`.
    public static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["AGENDA_SYNC_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            environment.removeValue(forKey: key)
        }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs the binary to completion (see `ScriptProcess.run`). Bounded: killed after `timeout`.
    public static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120))
        async throws -> CommandResult
    {
        try await ScriptProcess.run(executable: path, arguments: arguments, environment: self.environment(adding: environment),
                                    timeout: timeout)
    }
}

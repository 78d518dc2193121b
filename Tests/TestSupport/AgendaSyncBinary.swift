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
}

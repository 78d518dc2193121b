/// Which config file a command reads (README.md, "Commands").
public enum ConfigPath {
    /// Where packages install the config.
    public static let defaultPath = "/etc/agenda-sync/agenda-sync.toml"
    /// The environment variable that overrides the default.
    public static let environmentVariable = "AGENDA_SYNC_CONFIG"

    /// `--config PATH` if given, else `$AGENDA_SYNC_CONFIG` if set and non-empty, else `defaultPath`.
    /// Pure: pass `ProcessInfo.processInfo.environment` in production, a literal in tests.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }
}

/// Why a config could not be loaded. Every case renders, through `description`, as lines that
/// name the file (and, where there is one, the line and the key); `check-config` prints them and
/// exits with `exitStatus` (2, "usage or config error", README.md "Commands").
public enum ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No file at the path.
    case fileNotFound(path: String)
    /// The file exists but cannot be read, or is not UTF-8 text.
    case unreadable(path: String, reason: String)
    /// The file is not valid TOML; the issue has line and column (from TOMLKit / toml++).
    case syntax(ConfigIssue)
    /// Valid TOML that is not a valid agenda-sync config: every problem found, in line order.
    case invalid([ConfigIssue])

    /// The individual problems (empty for file errors, which have no line).
    public var issues: [ConfigIssue] {
        switch self {
        case .fileNotFound, .unreadable: []
        case .syntax(let issue): [issue]
        case .invalid(let issues): issues
        }
    }

    /// The process exit status for a config error (README.md, "Commands").
    public var exitStatus: Int32 { 2 }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "\(path): config file not found (give another with --config PATH or $AGENDA_SYNC_CONFIG)"
        case .unreadable(let path, let reason):
            "\(path): cannot read config file: \(reason)"
        case .syntax(let issue):
            issue.description
        case .invalid(let issues):
            issues.map(\.description).joined(separator: "\n")
        }
    }
}

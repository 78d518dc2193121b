/// One problem in a config file: where it is and what is wrong.
///
/// `description` is the line `check-config` prints, e.g.
/// `/etc/agenda-sync/agenda-sync.toml:14: source[1].base_url: must be an http or https URL`
/// (or `FILE:LINE:COLUMN: MESSAGE` for a TOML syntax error, which has no key).
public struct ConfigIssue: Hashable, Sendable, CustomStringConvertible {
    /// The config file's path as it was given to the loader.
    public var file: String
    /// 1-based line of the offending key (or of its table header when the key is missing).
    public var line: Int
    /// 1-based column; only TOML syntax errors carry one.
    public var column: Int?
    /// The key concerned; nil for TOML syntax errors.
    public var keyPath: ConfigKeyPath?
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, keyPath: ConfigKeyPath?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var text = "\(file):\(line):"
        if let column { text += "\(column):" }
        if let keyPath { text += " \(keyPath):" }
        return text + " " + message
    }
}

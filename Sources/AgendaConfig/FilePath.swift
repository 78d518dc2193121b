/// Paths of files and directories the config names (database, JSON Lines file, secret file,
/// spool). They are checked for form only: existence is the business of whatever uses them.
/// A relative path is taken relative to the config file's directory, so a config and its files
/// can move together; `~` is not expanded (systemd does not either), so it is refused.
enum FilePath {
    /// The absolute path, or why `text` cannot be one.
    static func resolve(_ text: String, configFile: String) -> Result<String, Problem> {
        if text.isEmpty { return .failure(Problem("must be a path, not empty")) }
        if PlainText.hasControlCharacters(text) { return .failure(Problem("must not contain control characters")) }
        if text.hasPrefix("~") {
            return .failure(Problem("\"\(text)\": \"~\" is not expanded; write the full path"))
        }
        if text.hasPrefix("/") { return .success(text) }
        var relative = Substring(text)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        guard let slash = configFile.lastIndex(of: "/") else { return .success(String(relative)) }
        let directory = configFile[...slash]
        return .success(String(directory) + relative)
    }
}

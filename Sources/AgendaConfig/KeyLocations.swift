/// The line on which each key of a TOML document is written.
///
/// TOMLKit 0.6.0 reports a position only for syntax errors: its tables and values do not expose
/// the source regions toml++ keeps. So `TOMLScanner` reads the text itself, and this is what it
/// found: each key's line, each array element's first line, each table's header line.
///
/// Paths use the same indices as the parsed document (`source[1]` is the second `[[source]]`).
/// A lookup of a path that is not written anywhere (a missing key) falls back to its nearest
/// written ancestor, so "missing required key" points at the table header.
struct KeyLocations: Sendable {
    private let lines: [ConfigKeyPath: Int]

    init(_ scan: TOMLScanner.Result) {
        lines = scan.lines
    }

    /// The line where `path` (or its nearest written ancestor) is written; 1 when nothing is.
    func line(for path: ConfigKeyPath) -> Int {
        var current: ConfigKeyPath? = path
        while let candidate = current {
            if let line = lines[candidate] { return line }
            current = candidate.parent
        }
        return 1
    }
}

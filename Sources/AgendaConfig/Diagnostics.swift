/// Collects every problem found while decoding, each placed at the line of its key.
struct Diagnostics {
    let file: String
    let locations: KeyLocations
    private(set) var issues: [ConfigIssue] = []

    init(file: String, locations: KeyLocations) {
        self.file = file
        self.locations = locations
    }

    mutating func report(_ path: ConfigKeyPath, _ message: String) {
        issues.append(ConfigIssue(file: file, line: locations.line(for: path), keyPath: path, message: message))
    }

    /// The issues in line order (stable for issues on the same line).
    var sortedIssues: [ConfigIssue] {
        issues.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}

extension Diagnostics {
    /// A mark to ask later whether anything was reported since.
    var mark: Int { issues.count }

    func isClean(since mark: Int) -> Bool { issues.count == mark }
}

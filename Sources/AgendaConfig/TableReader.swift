/// Typed access to one TOML table of the config, reporting a missing required key or a value of
/// the wrong type to `Diagnostics` and returning nil, so decoding goes on and finds every problem.
struct TableReader {
    let path: ConfigKeyPath
    let entries: [String: TOMLNode]
    /// How the table is written, for messages: "[daemon]", "[[source]]", "window".
    let section: String

    var keys: [String] { entries.keys.sorted() }

    func contains(_ key: String) -> Bool { entries[key] != nil }

    /// Reports keys that are not in `allowed`; `misplaced` maps a key to the reason it does not
    /// belong here (e.g. a webhook setting on a file subscription).
    func rejectUnknownKeys(allowed: [String], misplaced: [String: String] = [:], _ diagnostics: inout Diagnostics) {
        for key in keys where !allowed.contains(key) {
            if let reason = misplaced[key] {
                diagnostics.report(path.appending(key), reason)
            } else {
                diagnostics.report(path.appending(key),
                                   "unknown key `\(key)` in \(section)\(Suggestion.didYouMean(key, among: allowed))")
            }
        }
    }

    private func node(_ key: String, required: Bool, _ diagnostics: inout Diagnostics) -> TOMLNode? {
        guard let node = entries[key] else {
            if required { diagnostics.report(path.appending(key), "missing required key `\(key)` in \(section)") }
            return nil
        }
        return node
    }

    private func wrongType(_ key: String, expected: String, found: TOMLNode, hint: String = "",
                           _ diagnostics: inout Diagnostics) {
        diagnostics.report(path.appending(key), "must be \(expected), not \(found.typeDescription)\(hint)")
    }

    func string(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> String? {
        guard let node = node(key, required: required, &diagnostics) else { return nil }
        guard case .string(let value) = node else {
            wrongType(key, expected: "a string", found: node, hint: " (write it in double quotes)", &diagnostics)
            return nil
        }
        return value
    }

    func integer(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> Int? {
        guard let node = node(key, required: required, &diagnostics) else { return nil }
        guard case .integer(let value) = node else {
            wrongType(key, expected: "an integer", found: node, &diagnostics)
            return nil
        }
        return value
    }

    func bool(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let node = node(key, required: required, &diagnostics) else { return nil }
        guard case .boolean(let value) = node else {
            wrongType(key, expected: "true or false", found: node, &diagnostics)
            return nil
        }
        return value
    }

    func table(_ key: String, section: String, required: Bool = false,
               _ diagnostics: inout Diagnostics) -> TableReader? {
        guard let node = node(key, required: required, &diagnostics) else { return nil }
        guard case .table(let entries) = node else {
            wrongType(key, expected: "a table", found: node, &diagnostics)
            return nil
        }
        return TableReader(path: path.appending(key), entries: entries, section: section)
    }

    /// An array's elements with their paths. An empty array is reported (`emptyMeans` says what
    /// omitting the key would do) and returns nil.
    func array(_ key: String, emptyMeans: String, _ diagnostics: inout Diagnostics) -> [(ConfigKeyPath, TOMLNode)]? {
        guard let node = node(key, required: false, &diagnostics) else { return nil }
        guard case .array(let elements) = node else {
            wrongType(key, expected: "an array", found: node, &diagnostics)
            return nil
        }
        guard !elements.isEmpty else {
            diagnostics.report(path.appending(key), "is empty; omit `\(key)` to \(emptyMeans)")
            return nil
        }
        let keyPath = path.appending(key)
        return elements.enumerated().map { (keyPath.appending(index: $0.offset), $0.element) }
    }

    /// The string elements of an array; each non-string element is reported.
    func strings(_ key: String, emptyMeans: String, _ diagnostics: inout Diagnostics) -> [(ConfigKeyPath, String)]? {
        guard let elements = array(key, emptyMeans: emptyMeans, &diagnostics) else { return nil }
        var strings: [(ConfigKeyPath, String)] = []
        for (elementPath, node) in elements {
            guard case .string(let value) = node else {
                diagnostics.report(elementPath, "must be a string, not \(node.typeDescription)")
                continue
            }
            strings.append((elementPath, value))
        }
        return strings
    }

    /// A duration such as "15m" of at most `limit` (see `DurationLimit`); an integer gets a hint to
    /// write it as a string with a unit.
    func duration(_ key: String, _ limit: DurationLimit, _ diagnostics: inout Diagnostics) -> ConfigDuration? {
        guard let node = node(key, required: false, &diagnostics) else { return nil }
        guard case .string(let text) = node else {
            let units = limit.allowsMilliseconds ? ("s", "ms") : ("m", "s")
            var hint = limit.allowsMilliseconds ? " (write e.g. \"1s\" or \"500ms\")" : " (write e.g. \"15m\")"
            if case .integer(let number) = node {
                hint = " (write it with a unit, e.g. \"\(number)\(units.0)\" or \"\(number)\(units.1)\")"
            }
            wrongType(key, expected: "a duration string", found: node, hint: hint, &diagnostics)
            return nil
        }
        do {
            return try ConfigDuration(parsing: text, allowingMilliseconds: limit.allowsMilliseconds,
                                      maximum: limit.maximum, reason: limit.reason)
        } catch {
            diagnostics.report(path.appending(key), "\(error)")
            return nil
        }
    }
}

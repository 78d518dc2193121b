/// Turns a parsed TOML document into an `AgendaConfiguration`, or into every problem it has.
///
/// Sections are decoded in dependency order: `[daemon]` (its interval is the sources' default),
/// then every `[[source]]` (their ids are what filters may name), then every `[[subscription]]`.
/// A section with a problem is still read to the end so that all problems are found at once.
enum ConfigDecoder {
    static let topLevelKeys = ["daemon", "source", "subscription"]

    /// `configFile` is the path used to resolve relative paths in the config. `requiringSources`
    /// false accepts a config without `[[source]]` (for reading a council before it is added).
    static func decode(_ root: [String: TOMLNode], configFile: String, requiringSources: Bool = true,
                       _ diagnostics: inout Diagnostics) -> AgendaConfiguration? {
        let top = TableReader(path: .root, entries: root, section: "the top level")
        rejectUnknownTopLevelKeys(top, &diagnostics)

        // [daemon]
        var daemon: DaemonConfiguration?
        let daemonTable = table("daemon", in: top, &diagnostics)
        if let daemonTable {
            daemon = DaemonDecoder.decode(daemonTable, configFile: configFile, &diagnostics)
        } else if root["daemon"] == nil {
            diagnostics.report(ConfigKeyPath("daemon"),
                               "missing [daemon] table; it must set at least user_agent (with a contact address)")
        }
        let defaultInterval = daemon?.interval ?? DaemonConfiguration.defaultInterval

        // [[source]]
        var known = FilterDecoder.KnownSources()
        var sources: [SourceConfiguration] = []
        let sourceTables = arrayOfTables("source", in: top, &diagnostics)
        if requiringSources, root["source"] == nil || sourceTables?.isEmpty == true {
            diagnostics.report(ConfigKeyPath("source"),
                               "no [[source]] defined; add one [[source]] block per council to watch")
        }
        var sourceIDLines: [String: Int] = [:]
        for sourceTable in sourceTables ?? [] {
            let outcome = SourceDecoder.decode(sourceTable, defaultInterval: defaultInterval, &diagnostics)
            if let id = outcome.id {
                checkUnique(id, kind: "source", at: sourceTable.path, firstLines: &sourceIDLines, &diagnostics)
            }
            known.add(outcome)
            if let configuration = outcome.configuration { sources.append(configuration) }
        }

        // [[subscription]]
        var subscriptions: [SubscriptionConfiguration] = []
        var subscriptionTables: [(table: ConfigKeyPath, configuration: SubscriptionConfiguration)] = []
        var subscriptionIDLines: [String: Int] = [:]
        for subscriptionTable in arrayOfTables("subscription", in: top, &diagnostics) ?? [] {
            let outcome = SubscriptionDecoder.decode(subscriptionTable, sources: known, configFile: configFile, &diagnostics)
            if let id = outcome.id {
                checkUnique(id, kind: "subscription", at: subscriptionTable.path, firstLines: &subscriptionIDLines, &diagnostics)
            }
            if outcome.isEmail, daemonTable?.contains("mail_from") != true {
                diagnostics.report(subscriptionTable.path.appending("channel"),
                                   "an email subscription needs mail_from in [daemon] (the From: address of email notices)")
            }
            if let configuration = outcome.configuration {
                subscriptions.append(configuration)
                subscriptionTables.append((subscriptionTable.path, configuration))
            }
        }
        ChannelPathCheck.check(daemon: daemon, configFile: configFile, subscriptions: subscriptionTables, &diagnostics)

        guard diagnostics.issues.isEmpty, let daemon else { return nil }
        return AgendaConfiguration(daemon: daemon, sources: sources, subscriptions: subscriptions)
    }

    private static func checkUnique(_ id: String, kind: String, at table: ConfigKeyPath, firstLines: inout [String: Int],
                                    _ diagnostics: inout Diagnostics) {
        let idPath = table.appending("id")
        if let first = firstLines[id] {
            diagnostics.report(idPath, "duplicate \(kind) id \"\(id)\" (first used on line \(first)); ids must be unique")
        } else {
            firstLines[id] = diagnostics.locations.line(for: idPath)
        }
    }

    /// `[daemon]`: a single table.
    private static func table(_ key: String, in top: TableReader, _ diagnostics: inout Diagnostics) -> TableReader? {
        guard let node = top.entries[key] else { return nil }
        guard case .table(let entries) = node else {
            let written = if case .array = node { "[[\(key)]]" } else { node.typeDescription }
            diagnostics.report(ConfigKeyPath(key), "must be a single [\(key)] table, not \(written)")
            return nil
        }
        return TableReader(path: ConfigKeyPath(key), entries: entries, section: "[\(key)]")
    }

    /// `[[source]]` / `[[subscription]]`: an array of tables; nil when absent or of the wrong type.
    private static func arrayOfTables(_ key: String, in top: TableReader, _ diagnostics: inout Diagnostics) -> [TableReader]? {
        guard let node = top.entries[key] else { return nil }
        let path = ConfigKeyPath(key)
        guard case .array(let elements) = node else {
            let written = if case .table = node { "[\(key)]" } else { node.typeDescription }
            diagnostics.report(path, "must be written [[\(key)]] (one block per \(key)), not \(written)")
            return nil
        }
        var tables: [TableReader] = []
        for (index, element) in elements.enumerated() {
            guard case .table(let entries) = element else {
                diagnostics.report(path.appending(index: index), "must be a [[\(key)]] table, not \(element.typeDescription)")
                continue
            }
            tables.append(TableReader(path: path.appending(index: index), entries: entries, section: "[[\(key)]]"))
        }
        return tables
    }

    private static func rejectUnknownTopLevelKeys(_ top: TableReader, _ diagnostics: inout Diagnostics) {
        let headers = ["daemon": "[daemon]", "source": "[[source]]", "subscription": "[[subscription]]"]
        for key in top.keys where !topLevelKeys.contains(key) {
            let path = ConfigKeyPath(key)
            let node = top.entries[key]!
            if DaemonDecoder.keys.contains(key) {
                diagnostics.report(path, "`\(key)` belongs in [daemon]; move it below the [daemon] header")
                continue
            }
            if SourceDecoder.keys.contains(key) || SubscriptionDecoder.commonKeys.contains(key) {
                diagnostics.report(path, "`\(key)` belongs inside a [[source]] or [[subscription]] block")
                continue
            }
            let suggestion = Suggestion.closest(to: key, among: topLevelKeys).map { " — did you mean \(headers[$0]!)?" } ?? ""
            let written = switch node {
            case .table: "unknown table [\(key)]"
            case .array(let elements) where !elements.isEmpty && elements.allSatisfy({ if case .table = $0 { true } else { false } }):
                "unknown table [[\(key)]]"
            default: "unknown key `\(key)` at the top level"
            }
            diagnostics.report(path, written + suggestion + " (the config has [daemon], [[source]] and [[subscription]])")
        }
    }
}

import AgendaModel

/// Decodes a subscription's `sources`, `committees`, `events` and `keywords` into a
/// `SubscriptionFilter`, checking each reference against the sources the config defines.
enum FilterDecoder {
    static let keys = ["sources", "committees", "events", "keywords"]

    /// The sources a filter may name: every `[[source]]` whose id is valid, in file order.
    struct KnownSources {
        var ids: [String] = []
        var outcomes: [String: SourceDecoder.Outcome] = [:]

        mutating func add(_ outcome: SourceDecoder.Outcome) {
            guard let id = outcome.id, outcomes[id] == nil else { return }
            ids.append(id)
            outcomes[id] = outcome
        }

        /// Nil when `id` names a source, else the message for it.
        func unknownSourceMessage(_ id: String) -> String? {
            guard outcomes[id] == nil else { return nil }
            let suggestion = Suggestion.didYouMean(id, among: ids, quote: "\"")
            let defined = suggestion.isEmpty && !ids.isEmpty
                ? " (sources: \(ids.map { "\"\($0)\"" }.joined(separator: ", ")))" : ""
            return "no [[source]] has id \"\(id)\"\(suggestion)\(defined)"
        }
    }

    static func decode(_ table: TableReader, sources: KnownSources, _ diagnostics: inout Diagnostics) -> SubscriptionFilter {
        SubscriptionFilter(sources: decodeSources(table, sources, &diagnostics),
                           committees: decodeCommittees(table, sources, &diagnostics),
                           events: decodeEvents(table, &diagnostics),
                           keywords: decodeKeywords(table, &diagnostics))
    }

    private static func decodeSources(_ table: TableReader, _ sources: KnownSources,
                                      _ diagnostics: inout Diagnostics) -> [String]? {
        guard let elements = table.strings("sources", emptyMeans: "match every source", &diagnostics) else { return nil }
        var result: [String] = []
        for (path, id) in elements {
            if let message = sources.unknownSourceMessage(id) {
                diagnostics.report(path, message)
            } else if !result.contains(id) {
                result.append(id)
            }
        }
        return result
    }

    /// `committees = ["leics/1043"]`: a defined source and a committee that source watches.
    private static func decodeCommittees(_ table: TableReader, _ sources: KnownSources,
                                         _ diagnostics: inout Diagnostics) -> [String]? {
        guard let elements = table.array("committees", emptyMeans: "match every committee", &diagnostics) else { return nil }
        let example = sources.ids.first.map { "\"\($0)/1043\"" } ?? "\"leics/1043\""
        var result: [String] = []
        for (path, node) in elements {
            guard case .string(let text) = node else {
                var hint = ""
                if case .integer(let number) = node, sources.ids.count == 1 { hint = " (write \"\(sources.ids[0])/\(number)\")" }
                diagnostics.report(path, "must be a string \"SOURCE/COMMITTEE\" such as \(example), not \(node.typeDescription)\(hint)")
                continue
            }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let committee = Int(parts[1]), committee > 0, !parts[0].isEmpty else {
                diagnostics.report(path, "\"\(text)\" must be \"SOURCE/COMMITTEE\" such as \(example)")
                continue
            }
            let source = String(parts[0])
            if let message = sources.unknownSourceMessage(source) {
                diagnostics.report(path, "\"\(text)\": \(message)")
                continue
            }
            if let outcome = sources.outcomes[source], outcome.committeesKnown, let watched = outcome.committees,
               !watched.contains(committee) {
                diagnostics.report(path, "\"\(text)\": source \"\(source)\" does not watch committee \(committee) "
                                   + "(its committees: \(watched.map(String.init).joined(separator: ", "))), so this would never match")
                continue
            }
            let canonical = "\(source)/\(committee)"
            if !result.contains(canonical) { result.append(canonical) }
        }
        return result
    }

    private static func decodeEvents(_ table: TableReader, _ diagnostics: inout Diagnostics) -> [ChangeKind]? {
        guard let elements = table.strings("events", emptyMeans: "match every change", &diagnostics) else { return nil }
        var result: [ChangeKind] = []
        for (path, text) in elements {
            guard let kind = ChangeKind(rawValue: text) else {
                let kinds = ChangeKind.allCases.map(\.rawValue)
                let suggestion = Suggestion.didYouMean(text, among: kinds, quote: "\"")
                let list = suggestion.isEmpty ? "; use one of \(kinds.joined(separator: ", "))" : ""
                diagnostics.report(path, "\"\(text)\" is not a change kind\(suggestion)\(list)")
                continue
            }
            if !result.contains(kind) { result.append(kind) }
        }
        return result
    }

    private static func decodeKeywords(_ table: TableReader, _ diagnostics: inout Diagnostics) -> [String]? {
        guard let elements = table.strings("keywords", emptyMeans: "match every title", &diagnostics) else { return nil }
        var result: [String] = []
        for (path, text) in elements {
            let keyword = text.trimmingWhitespace
            guard !keyword.isEmpty else {
                diagnostics.report(path, "an empty keyword would match every title; remove it")
                continue
            }
            if !result.contains(keyword) { result.append(keyword) }
        }
        return result
    }
}

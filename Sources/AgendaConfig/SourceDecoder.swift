import AgendaModel

/// Decodes and validates one `[[source]]`.
enum SourceDecoder {
    static let keys = ["id", "name", "base_url", "committees", "interval", "notify_existing", "request_spacing",
                       "upcoming_horizon", "recheck_later", "recheck_past", "via"]

    /// What decoding a source learned, even when the source as a whole is invalid, so that
    /// subscriptions referring to it are checked against what the admin meant.
    struct Outcome {
        /// The id, when it is a valid id.
        var id: String?
        /// The committees watched (nil: all); nil too when `committees` itself is invalid.
        var committees: [Int]?
        var committeesKnown = true
        /// The source, when every key is valid.
        var configuration: SourceConfiguration?
    }

    static func decode(_ table: TableReader, defaultInterval: ConfigDuration,
                       _ diagnostics: inout Diagnostics) -> Outcome {
        let start = diagnostics.mark
        table.rejectUnknownKeys(allowed: keys, &diagnostics)
        var outcome = Outcome()

        if let id = table.string("id", required: true, &diagnostics) {
            if let problem = Identifier.problem(id) {
                diagnostics.report(table.path.appending("id"), problem)
            } else {
                outcome.id = id
            }
        }

        let name = table.string("name", required: true, &diagnostics)
        if let name {
            if name.trimmingWhitespace.isEmpty {
                diagnostics.report(table.path.appending("name"), "must not be empty (it names the council in notices)")
            } else if PlainText.hasControlCharacters(name) {
                diagnostics.report(table.path.appending("name"), "must not contain line breaks or other control characters")
            }
        }

        var baseURL: String?
        if let text = table.string("base_url", required: true, &diagnostics) {
            switch URLSetting.normalisedBase(text) {
            case .success(let url): baseURL = url
            case .failure(let problem): diagnostics.report(table.path.appending("base_url"), problem.text)
            }
        }

        let committeesStart = diagnostics.mark
        outcome.committees = committees(table, &diagnostics)
        outcome.committeesKnown = diagnostics.isClean(since: committeesStart)

        let interval = table.duration("interval", .interval, &diagnostics) ?? defaultInterval
        let notifyExisting = table.bool("notify_existing", &diagnostics) ?? false
        let requestSpacing = table.duration("request_spacing", .requestSpacing, &diagnostics)
        let recheck = RecheckOverrides(upcomingHorizon: table.duration("upcoming_horizon", .upcomingHorizon, &diagnostics),
                                       later: table.duration("recheck_later", .recheck, &diagnostics),
                                       past: table.duration("recheck_past", .recheck, &diagnostics))

        let via = reading(table, &diagnostics)

        if diagnostics.isClean(since: start), let id = outcome.id, let name, let baseURL, let via {
            outcome.configuration = SourceConfiguration(id: id, name: name, baseURL: baseURL,
                                                        committees: outcome.committees, interval: interval,
                                                        notifyExisting: notifyExisting, requestSpacing: requestSpacing,
                                                        recheck: recheck, via: via)
        }
        return outcome
    }

    /// `via = "html" | "webservice"`; `.html` when omitted, nil (reported) for anything else.
    private static func reading(_ table: TableReader, _ diagnostics: inout Diagnostics) -> SourceReading? {
        guard let text = table.string("via", &diagnostics) else { return table.contains("via") ? nil : .html }
        if let via = SourceReading(rawValue: text) { return via }
        let names = SourceReading.allCases.map(\.rawValue)
        diagnostics.report(table.path.appending("via"), "must be \"html\" or \"webservice\", not \"\(text)\""
                           + Suggestion.didYouMean(text, among: names, quote: "\""))
        return nil
    }

    /// `committees = [1043, 1044]`: positive integers, duplicates dropped; nil when omitted.
    private static func committees(_ table: TableReader, _ diagnostics: inout Diagnostics) -> [Int]? {
        guard let elements = table.array("committees", emptyMeans: "watch every committee", &diagnostics) else { return nil }
        var committees: [Int] = []
        for (path, node) in elements {
            switch node {
            case .integer(let number) where number > 0:
                if !committees.contains(number) { committees.append(number) }
            case .integer(let number):
                diagnostics.report(path, "\(number) is not a committee id; ids are positive integers")
            case .string(let text):
                let hint = Int(text).map { " (write \($0) without quotes)" } ?? ""
                diagnostics.report(path, "must be a committee id (a positive integer), not a string\(hint)")
            default:
                diagnostics.report(path, "must be a committee id (a positive integer), not \(node.typeDescription)")
            }
        }
        return committees
    }
}

/// Decodes and validates one `[[subscription]]`: id, channel with its settings, and filters.
enum SubscriptionDecoder {
    static let channelKeys: [String: [String]] = [
        "file": ["path"],
        "webhook": ["url", "secret_file", "allow_private"],
        "email": ["to", "spool", "digest", "digest_at", "unsubscribe_url"],
        "calendar": ["path", "title", "publish"],
        "atom": ["path", "title", "feed_url", "entries", "publish"],
    ]
    static let channels = ["file", "webhook", "email", "calendar", "atom"]
    /// The longest `title`: a name a calendar app or feed reader shows on one line.
    static let maximumTitleLength = 200
    static let commonKeys = ["id", "channel"] + FilterDecoder.keys

    struct Outcome {
        /// The id, when it is a valid id.
        var id: String?
        /// True for a valid `channel = "email"` (which needs `mail_from` in [daemon]).
        var isEmail = false
        /// The subscription, when every key is valid.
        var configuration: SubscriptionConfiguration?
    }

    static func decode(_ table: TableReader, sources: FilterDecoder.KnownSources, configFile: String,
                       _ diagnostics: inout Diagnostics) -> Outcome {
        let start = diagnostics.mark
        var outcome = Outcome()

        let channelName = table.string("channel", required: true, &diagnostics)
        var channel: String?
        if let channelName {
            if channels.contains(channelName) {
                channel = channelName
            } else {
                diagnostics.report(table.path.appending("channel"),
                                   "\"\(channelName)\" is not a channel; use \"file\", \"webhook\", \"email\", \"calendar\" or \"atom\""
                                   + Suggestion.didYouMean(channelName, among: channels, quote: "\""))
            }
        }
        rejectUnknownKeys(table, channel: channel, &diagnostics)

        if let id = table.string("id", required: true, &diagnostics) {
            if let problem = Identifier.problem(id) {
                diagnostics.report(table.path.appending("id"), problem)
            } else {
                outcome.id = id
            }
        }

        var settings: DeliveryChannel?
        switch channel {
        case "file": settings = file(table, configFile: configFile, &diagnostics)
        case "webhook": settings = webhook(table, configFile: configFile, &diagnostics)
        case "email": settings = email(table, configFile: configFile, &diagnostics)
        case "calendar": settings = calendar(table, configFile: configFile, &diagnostics)
        case "atom": settings = atom(table, configFile: configFile, &diagnostics)
        default: break
        }
        outcome.isEmail = channel == "email"

        let filter = FilterDecoder.decode(table, sources: sources, &diagnostics)
        if channel == "calendar", table.contains("events") {
            diagnostics.report(table.path.appending("events"),
                               "does not apply to a calendar, which lists every meeting the other filters (sources, "
                               + "committees, keywords) admit, whatever changed; remove `events`")
        }

        if diagnostics.isClean(since: start), let id = outcome.id, let settings {
            outcome.configuration = SubscriptionConfiguration(id: id, channel: settings, filter: filter)
        }
        return outcome
    }

    /// Keys of another channel get a message saying where they belong; other keys get "unknown".
    private static func rejectUnknownKeys(_ table: TableReader, channel: String?, _ diagnostics: inout Diagnostics) {
        let allChannelKeys = channels.flatMap { channelKeys[$0]! }
        guard let channel else {
            table.rejectUnknownKeys(allowed: commonKeys + allChannelKeys, &diagnostics)
            return
        }
        var owners: [String: [String]] = [:]
        for other in channels where other != channel {
            for key in channelKeys[other]! where !channelKeys[channel]!.contains(key) {
                owners[key, default: []].append(other)
            }
        }
        var misplaced: [String: String] = [:]
        for (key, names) in owners {
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
            misplaced[key] = "`\(key)` is a setting of \(list) subscriptions, not of channel \"\(channel)\""
        }
        table.rejectUnknownKeys(allowed: commonKeys + channelKeys[channel]!, misplaced: misplaced, &diagnostics)
    }

    private static func path(_ key: String, _ table: TableReader, configFile: String,
                             _ diagnostics: inout Diagnostics) -> String? {
        guard let text = table.string(key, required: true, &diagnostics) else { return nil }
        switch FilePath.resolve(text, configFile: configFile) {
        case .success(let path):
            return path
        case .failure(let problem):
            diagnostics.report(table.path.appending(key), problem.text)
            return nil
        }
    }

    /// A `path` key that names a file (not a directory).
    private static func filePath(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> String? {
        guard let path = path("path", table, configFile: configFile, &diagnostics) else { return nil }
        if path.hasSuffix("/") {
            diagnostics.report(table.path.appending("path"), "must name a file, not a directory (it ends with \"/\")")
            return nil
        }
        return path
    }

    private static func file(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DeliveryChannel? {
        filePath(table, configFile: configFile, &diagnostics).map { .file(FileChannelSettings(path: $0)) }
    }

    private static func calendar(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DeliveryChannel? {
        let title = title(table, required: false, &diagnostics)
        let publish = table.bool("publish", &diagnostics) ?? false
        guard let path = filePath(table, configFile: configFile, &diagnostics) else { return nil }
        return .calendar(CalendarChannelSettings(path: path, title: title, publish: publish))
    }

    private static func atom(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DeliveryChannel? {
        let title = title(table, required: true, &diagnostics)
        var feedURL = table.string("feed_url", &diagnostics)
        if let text = feedURL, let problem = URLSetting.httpProblem(text) {
            diagnostics.report(table.path.appending("feed_url"), problem)
            feedURL = nil
        }
        var entries = AtomChannelSettings.defaultEntries
        if let count = table.integer("entries", &diagnostics) {
            if (1...AtomChannelSettings.maximumEntries).contains(count) {
                entries = count
            } else {
                diagnostics.report(table.path.appending("entries"),
                                   "\(count) is out of range; a feed lists 1 to \(AtomChannelSettings.maximumEntries) "
                                   + "of the newest notices (default \(AtomChannelSettings.defaultEntries))")
            }
        }
        let publish = table.bool("publish", &diagnostics) ?? false
        guard let path = filePath(table, configFile: configFile, &diagnostics), let title else { return nil }
        return .atom(AtomChannelSettings(path: path, title: title, feedURL: feedURL, entries: entries, publish: publish))
    }

    /// A `title` shown by calendar apps and feed readers: one line, not empty, at most `maximumTitleLength` characters.
    private static func title(_ table: TableReader, required: Bool, _ diagnostics: inout Diagnostics) -> String? {
        guard let text = table.string("title", required: required, &diagnostics) else { return nil }
        let problem: String? = if text.trimmingWhitespace.isEmpty {
            "is empty; give the name readers see, e.g. \"Leicestershire: Children and Families scrutiny\""
        } else if PlainText.hasControlCharacters(text) {
            "must be one line, without control characters"
        } else if text.count > maximumTitleLength {
            "is \(text.count) characters long; at most \(maximumTitleLength)"
        } else {
            nil
        }
        if let problem {
            diagnostics.report(table.path.appending("title"), problem)
            return nil
        }
        return text.trimmingWhitespace
    }

    private static func webhook(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DeliveryChannel? {
        let allowPrivate = table.bool("allow_private", &diagnostics) ?? false
        var url = table.string("url", required: true, &diagnostics)
        if let text = url {
            let problem = URLSetting.httpProblem(text) ?? (allowPrivate ? nil : URLSetting.privateHostProblem(text))
                ?? URLSetting.addressSpellingProblem(text)
            if let problem {
                diagnostics.report(table.path.appending("url"), problem)
                url = nil
            }
        }
        let secretFile = path("secret_file", table, configFile: configFile, &diagnostics)
        guard let url, let secretFile else { return nil }
        return .webhook(WebhookChannelSettings(url: url, secretFile: secretFile, allowPrivate: allowPrivate))
    }

    private static func email(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DeliveryChannel? {
        var to = table.string("to", required: true, &diagnostics)
        if let text = to, let problem = EmailAddress.mailboxProblem(text) {
            diagnostics.report(table.path.appending("to"), problem)
            to = nil
        }
        let spool = path("spool", table, configFile: configFile, &diagnostics)

        var digest: EmailDigest?
        if let text = table.string("digest", &diagnostics) {
            digest = EmailDigest(rawValue: text)
            if digest == nil {
                diagnostics.report(table.path.appending("digest"),
                                   "\"\(text)\" is not a digest period; use \"daily\" or \"hourly\", "
                                   + "or omit `digest` to send one message per notice")
            }
        }

        var digestAt = DigestTime.default
        if let text = table.string("digest_at", &diagnostics) {
            if let time = DigestTime(text) {
                digestAt = time
                if !table.contains("digest") {
                    diagnostics.report(table.path.appending("digest_at"),
                                       "is only used with `digest = \"daily\"` or `\"hourly\"`; add `digest` or remove `digest_at`")
                }
            } else {
                diagnostics.report(table.path.appending("digest_at"),
                                   "\"\(text)\" is not a time of day; write it as \"HH:MM\" (UK time), e.g. \"07:30\"")
            }
        }

        var unsubscribeURL = table.string("unsubscribe_url", &diagnostics)
        if let text = unsubscribeURL, let problem = URLSetting.unsubscribeProblem(text) {
            diagnostics.report(table.path.appending("unsubscribe_url"), problem)
            unsubscribeURL = nil
        }

        guard let to, let spool else { return nil }
        return .email(EmailChannelSettings(to: to, spool: spool, digest: digest, digestAt: digestAt,
                                           unsubscribeURL: unsubscribeURL))
    }
}

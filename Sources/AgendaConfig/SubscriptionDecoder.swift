/// Decodes and validates one `[[subscription]]`: id, channel with its settings, and filters.
enum SubscriptionDecoder {
    static let channelKeys: [String: [String]] = [
        "file": ["path"],
        "webhook": ["url", "secret_file", "allow_private"],
        "email": ["to", "spool", "digest", "digest_at", "unsubscribe_url"],
    ]
    static let channels = ["file", "webhook", "email"]
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
                                   "\"\(channelName)\" is not a channel; use \"file\", \"webhook\" or \"email\""
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
        default: break
        }
        outcome.isEmail = channel == "email"

        let filter = FilterDecoder.decode(table, sources: sources, &diagnostics)

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
        var misplaced: [String: String] = [:]
        for other in channels where other != channel {
            for key in channelKeys[other]! where !channelKeys[channel]!.contains(key) {
                misplaced[key] = "`\(key)` is a setting of \(other) subscriptions, not of channel \"\(channel)\""
            }
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

    private static func file(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DeliveryChannel? {
        guard let path = path("path", table, configFile: configFile, &diagnostics) else { return nil }
        if path.hasSuffix("/") {
            diagnostics.report(table.path.appending("path"), "must name a file, not a directory (it ends with \"/\")")
            return nil
        }
        return .file(FileChannelSettings(path: path))
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

/// `channel = "calendar"`: an RFC 5545 calendar file of every tracked meeting the subscription's
/// filters admit, rewritten whole (atomically) after a cycle that changed one of them.
public struct CalendarChannelSettings: Hashable, Sendable {
    /// The `.ics` file (absolute). Its directory must exist; the file is created on the first write.
    public var path: String
    /// The calendar's name in calendar apps (`X-WR-CALNAME`); nil names it after the councils it covers.
    public var title: String?
    /// `publish = true`: the daemon's HTTP listener serves the file at `/feeds/ID`.
    public var publish: Bool

    public init(path: String, title: String? = nil, publish: Bool = false) {
        self.path = path
        self.title = title
        self.publish = publish
    }
}

/// `channel = "atom"`: an Atom 1.0 (RFC 4287) feed file of the subscription's latest notices,
/// rewritten whole (atomically) when a notice arrives.
public struct AtomChannelSettings: Hashable, Sendable {
    public static let defaultEntries = 100
    /// The most entries a feed may keep: a reader only looks at the newest, and the file is rewritten whole.
    public static let maximumEntries = 1000

    /// The `.atom` file (absolute). Its directory must exist; the file is created on the first write.
    public var path: String
    /// The feed's title.
    public var title: String
    /// Where the feed is published (its `rel="self"` link); nil when not said.
    public var feedURL: String?
    /// How many of the newest notices the feed lists (1…`maximumEntries`, default 100).
    public var entries: Int
    /// `publish = true`: the daemon's HTTP listener serves the file at `/feeds/ID`.
    public var publish: Bool

    public init(path: String, title: String, feedURL: String? = nil, entries: Int = AtomChannelSettings.defaultEntries,
                publish: Bool = false) {
        self.path = path
        self.title = title
        self.feedURL = feedURL
        self.entries = entries
        self.publish = publish
    }
}

/// A file a subscription lets the daemon's HTTP listener serve (`publish = true`).
public struct PublishedFile: Hashable, Sendable {
    public var path: String
    /// The media type it is served as.
    public var contentType: String

    public init(path: String, contentType: String) {
        self.path = path
        self.contentType = contentType
    }
}

extension SubscriptionConfiguration {
    /// The calendar or Atom file this subscription publishes at `/feeds/ID`; nil when it does not opt in.
    public var publishedFile: PublishedFile? {
        switch channel {
        case .calendar(let settings) where settings.publish:
            PublishedFile(path: settings.path, contentType: "text/calendar; charset=utf-8")
        case .atom(let settings) where settings.publish:
            PublishedFile(path: settings.path, contentType: "application/atom+xml; charset=utf-8")
        default:
            nil
        }
    }
}

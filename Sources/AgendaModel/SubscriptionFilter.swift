/// What a subscription wants to hear about. Every list that is nil or empty means "everything".
public struct SubscriptionFilter: Hashable, Codable, Sendable {
    /// Source ids, e.g. ["leics"].
    public var sources: [String]?
    /// Committees as "SOURCE/COMMITTEEID", e.g. ["leics/1043"].
    public var committees: [String]?
    /// Change kinds, e.g. [.meetingNew, .documentAdded].
    public var events: [ChangeKind]?
    /// Matched case-insensitively against meeting, item and document titles.
    public var keywords: [String]?

    public init(sources: [String]? = nil, committees: [String]? = nil, events: [ChangeKind]? = nil,
                keywords: [String]? = nil) {
        self.sources = sources
        self.committees = committees
        self.events = events
        self.keywords = keywords
    }

    public static let everything = SubscriptionFilter()
}

/// A subscription as the detection stage needs it: who, and what they filter on.
/// (Channel settings live with the delivery stage.)
public struct SubscriptionTarget: Hashable, Sendable {
    public var id: String
    public var filter: SubscriptionFilter

    public init(id: String, filter: SubscriptionFilter) {
        self.id = id
        self.filter = filter
    }
}

import AgendaModel

/// One `[[subscription]]`: where notices go and which ones.
public struct SubscriptionConfiguration: Hashable, Sendable {
    /// `[a-z0-9][a-z0-9_-]*`, unique; part of every notice id.
    public var id: String
    public var channel: DeliveryChannel
    /// `sources`, `committees`, `events`, `keywords`; a list that was omitted is nil (matches everything).
    public var filter: SubscriptionFilter

    public init(id: String, channel: DeliveryChannel, filter: SubscriptionFilter = .everything) {
        self.id = id
        self.channel = channel
        self.filter = filter
    }

    /// The subscription as the detection stage sees it.
    public var target: SubscriptionTarget {
        SubscriptionTarget(id: id, filter: filter)
    }
}

import AgendaModel

/// A validated agenda-sync config (docs/configuration.md): the daemon's settings,
/// the councils to watch and who to tell. Load one with `ConfigLoader`; every value here has
/// passed validation and has its default applied.
public struct AgendaConfiguration: Hashable, Sendable {
    public var daemon: DaemonConfiguration
    /// In file order; ids are unique.
    public var sources: [SourceConfiguration]
    /// In file order; ids are unique.
    public var subscriptions: [SubscriptionConfiguration]

    public init(daemon: DaemonConfiguration, sources: [SourceConfiguration], subscriptions: [SubscriptionConfiguration]) {
        self.daemon = daemon
        self.sources = sources
        self.subscriptions = subscriptions
    }

    public func source(id: String) -> SourceConfiguration? {
        sources.first { $0.id == id }
    }

    public func subscription(id: String) -> SubscriptionConfiguration? {
        subscriptions.first { $0.id == id }
    }

    /// What the detection stage needs: each subscription's id and filter.
    public var subscriptionTargets: [SubscriptionTarget] {
        subscriptions.map(\.target)
    }
}

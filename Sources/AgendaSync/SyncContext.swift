import AgendaConfig
import AgendaFetch
import AgendaModel
import AgendaStore
import Foundation

/// What every cycle shares: the configuration, the store, the HTTP client, the politeness state of
/// every host, and the clock.
public struct SyncContext: Sendable {
    public var configuration: AgendaConfiguration
    public var store: AgendaStore
    public var client: HTTPClient
    public var now: @Sendable () -> Date
    /// nil: every meeting page in the window is read each cycle (`sync`); the daemon re-reads by date.
    public var recheck: RecheckPolicy?
    /// Robots.txt, spacing, pauses and backoff per host. Keep one for the daemon's lifetime (pass it
    /// to every context built from a reloaded config) so that pauses and backoff carry over.
    public var hosts: HostPolicy
    /// The client webhooks are posted with; nil makes one per delivery round that has a webhook
    /// subscription (`sync`). The daemon keeps one for its life.
    public var webhookClient: HTTPClient?
    /// The subscriptions a detected change is announced to, read when it is detected; nil: the
    /// configuration's. The daemon shares one across its cycles and replaces it on a reload.
    public var currentSubscriptions: CurrentSubscriptions?

    /// `hosts` nil makes a new `HostPolicy` from `[daemon]`'s settings, on `client` and `now`.
    public init(configuration: AgendaConfiguration, store: AgendaStore, client: HTTPClient,
                now: @escaping @Sendable () -> Date = { Date() }, recheck: RecheckPolicy? = nil,
                hosts: HostPolicy? = nil, webhookClient: HTTPClient? = nil,
                currentSubscriptions: CurrentSubscriptions? = nil) {
        self.configuration = configuration
        self.store = store
        self.client = client
        self.now = now
        self.recheck = recheck
        self.webhookClient = webhookClient
        self.currentSubscriptions = currentSubscriptions
        self.hosts = hosts ?? HostPolicy(settings: PolitenessSettings(daemon: configuration.daemon), client: client, now: now)
    }

    /// The subscriptions in force now (see `currentSubscriptions`).
    var subscriptions: [SubscriptionConfiguration] {
        currentSubscriptions?.value ?? configuration.subscriptions
    }

    /// A fetcher for one cycle of `source`, with its spacing (the source's own, else the daemon's), read
    /// from this context's configuration so that a reloaded config takes effect at the next cycle.
    func pageFetcher(for source: SourceConfiguration) -> PageFetcher {
        let spacing = (source.requestSpacing ?? configuration.daemon.requestSpacing).duration
        return PageFetcher(client: client, hosts: hosts, spacing: spacing, now: now)
    }
}

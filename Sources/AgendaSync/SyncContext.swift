import AgendaConfig
import AgendaFetch
import AgendaModel
import AgendaStore
import Foundation

/// What every cycle shares: the configuration, the store, the HTTP client and the clock.
public struct SyncContext: Sendable {
    public var configuration: AgendaConfiguration
    public var store: AgendaStore
    public var client: HTTPClient
    public var now: @Sendable () -> Date

    public init(configuration: AgendaConfiguration, store: AgendaStore, client: HTTPClient,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = store
        self.client = client
        self.now = now
    }

    var pageFetcher: PageFetcher { PageFetcher(client: client, store: store, now: now) }
}

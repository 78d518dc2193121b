import AgendaCore
import AgendaFetch
import AgendaStore
import AgendaSync
import Foundation

/// Reads a council's pages outside any sync cycle, exactly as the daemon would: through
/// AgendaSync's `HostPolicy` and `PageFetcher` (robots.txt first, the request spacing, pauses
/// after 429/503) on one HTTP client with the daemon's User-Agent and one connection per host.
/// Nothing is stored. Every request is kept, in order, for the report.
public actor CouncilProbe {
    public nonisolated let settings: ProbeSettings
    private nonisolated let client: HTTPClient
    private nonisolated let hosts: HostPolicy
    private var fetcher: PageFetcher
    /// Every request, robots.txt included, oldest first.
    public private(set) var requests: [FetchLogEntry] = []
    /// The log row of the robots.txt fetch of the council's host (nil before the first page).
    public private(set) var robotsRequest: FetchLogEntry?

    public init(settings: ProbeSettings) {
        self.settings = settings
        client = HTTPClient(configuration: settings.fetch)
        hosts = HostPolicy(settings: settings.politeness, client: client)
        fetcher = PageFetcher(client: client, hosts: hosts, spacing: settings.spacing)
    }

    /// Closes the HTTP client; the probe fetches nothing after.
    public nonisolated func shutdown() {
        client.shutdown()
    }

    /// The page at `url`, fetched whole (never conditionally).
    public func fetch(_ url: String) async -> ProbedPage {
        // The fetcher counts errors in a row per host; an actor's state cannot be mutated across an await in place.
        var fetcher = self.fetcher
        let fetched = await fetcher.fetch(url, known: nil)
        self.fetcher = fetcher
        if let robots = fetched.robotsEntry {
            requests.append(robots)
            if robotsRequest == nil { robotsRequest = robots }
        }
        requests.append(fetched.entry)
        switch fetched.result {
        case .fresh(let body, let contentType, _):
            return ProbedPage(url: url, entry: fetched.entry, body: body, contentType: contentType, error: nil)
        case .same, .failed:
            return ProbedPage(url: url, entry: fetched.entry, body: nil, contentType: nil, error: fetched.transportError)
        }
    }

    /// What the host's robots.txt says of `url` for this probe's User-Agent: nil when it may be
    /// fetched (or robots.txt has not been read yet), else why not.
    public func robotsRefusal(for url: String) async -> String? {
        guard let parsed = WebURL(url), let state = await hosts.state(of: url), let rules = state.robots else {
            return nil
        }
        return rules.refusal(for: parsed, productToken: hosts.productToken, retryAt: state.robotsExpiresAt ?? Date())
    }
}

/// One page as a probe fetched it.
public struct ProbedPage: Sendable {
    public var url: String
    /// Its row as the sync log would have it: status, bytes, outcome, error.
    public var entry: FetchLogEntry
    /// The body of a 2xx answer; nil for anything else.
    public var body: [UInt8]?
    /// The answer's `Content-Type` (its charset says how to read `body`).
    public var contentType: ContentType?
    /// Why the transfer failed, when it did.
    public var error: FetchError?
}

import AgendaCore
import AgendaFetch
import AgendaStore
import Foundation

/// What came back for one page.
public enum PageResult: Sendable {
    /// A 200 whose body differs from the last good one: parse it (its `Content-Type` says how to
    /// read the bytes), then remember `validators` once it has been processed successfully.
    case fresh(body: [UInt8], contentType: ContentType?, validators: PageValidators)
    /// 304, or a body identical to the last good one: nothing to parse. `validators` is set when
    /// that identical body came with other validators than the stored ones (a server that starts
    /// or stops sending `ETag` / `Last-Modified`): record them, or the page is never fetched
    /// conditionally.
    case same(validators: PageValidators?)
    /// A non-2xx status, a transfer error, or not requested at all (robots.txt, a paused host);
    /// already classified in the log entry.
    case failed
}

/// One page's fetch: its result, its log row, and the row of the robots.txt fetch it triggered
/// (logged first).
public struct PageFetch: Sendable {
    public var result: PageResult
    public var entry: FetchLogEntry
    public var robotsEntry: FetchLogEntry?
    /// Why the transfer failed, when it did (e.g. a redirect to another site, with its target).
    public var transportError: FetchError?
}

/// Fetches the pages of one cycle, politely, and classifies each result for the sync log.
///
/// Every request goes through the `HostPolicy` (robots.txt, spacing, pauses), and the host's
/// answer goes back to it (backoff). Within the cycle, a host that errs `errorsPerCycle` times in
/// a row is not asked again: its remaining pages are logged `paused`.
///
/// A sync cycle makes one per source; `committees` and `check-source` make one to read a council's
/// pages as the daemon would, outside any cycle.
public struct PageFetcher: Sendable {
    public let client: HTTPClient
    public let hosts: HostPolicy
    public let spacing: Duration
    public let now: @Sendable () -> Date
    private var streaks: ErrorStreaks

    public init(client: HTTPClient, hosts: HostPolicy, spacing: Duration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.hosts = hosts
        self.spacing = spacing
        self.now = now
        streaks = ErrorStreaks(limit: hosts.settings.errorsPerCycle)
    }

    /// `known`: the page's stored validators, when it is fetched conditionally (a meeting page whose
    /// last good version is stored, a list page whose parsed list is cached): they are sent, and an
    /// identical body is not parsed again.
    public mutating func fetch(_ url: String, known: PageValidators?) async -> PageFetch {
        // Parsed once here: its origin keys the error streaks and the host policy. A URL that is not an
        // absolute http(s) one has no host to be polite to; the client refuses it with the reason.
        guard let parsed = WebURL(url) else { return await request(url, host: nil, known: known) }
        let host = parsed.origin
        if let stopped = streaks.refusal(for: host) {
            return PageFetch(result: .failed, entry: Self.refused(url, at: now(), .paused, stopped))
        }
        let admission = await hosts.admit(parsed, spacing: spacing)
        if let refusal = admission.refusal {
            return PageFetch(result: .failed, entry: Self.refused(url, at: now(), refusal.outcome, refusal.message),
                             robotsEntry: admission.robotsRow)
        }
        var fetched = await request(url, host: host, known: known)
        fetched.robotsEntry = admission.robotsRow
        return fetched
    }

    private mutating func request(_ url: String, host: WebURL.Origin?, known: PageValidators?) async -> PageFetch {
        let request = FetchRequest(url: url, etag: known?.etag, lastModified: known?.lastModified)
        let sentValidators = [known?.etag.map { _ in "etag" }, known?.lastModified.map { _ in "last-modified" }]
            .compactMap { $0 }.joined(separator: ",")
        let startedAt = now()
        func entry(status: Int?, bytes: Int, milliseconds: Int, outcome: FetchOutcome, error: String?) -> FetchLogEntry {
            FetchLogEntry(at: startedAt, url: url, status: status, bytes: bytes, milliseconds: milliseconds,
                          validators: sentValidators.isEmpty ? nil : sentValidators, outcome: outcome, error: error)
        }
        let response: FetchResponse
        do {
            response = try await client.fetch(request)
        } catch {
            await note(HostSignal(error: error), host)
            let elapsed = Int(now().timeIntervalSince(startedAt) * 1000)
            return PageFetch(result: .failed, entry: entry(status: nil, bytes: 0, milliseconds: elapsed,
                                                           outcome: .transportError, error: "\(error)"),
                             transportError: error as? FetchError)
        }
        // libcurl's own clock says when the transfer began, however late its thread picked it up.
        let transferStart = ContinuousClock.now.advanced(by: .milliseconds(-response.elapsedMilliseconds))
        await note(HostSignal(status: response.status, retryAfter: response.retryAfter), host, startedAt: transferStart)
        let milliseconds = response.elapsedMilliseconds
        if response.status == 304 {
            // "Not modified" answers a conditional request only: to one that sent no validators it
            // says nothing of the page, which must not pass for unchanged (a page never stored, a list).
            guard known != nil else {
                return PageFetch(result: .failed, entry: entry(status: 304, bytes: 0, milliseconds: milliseconds, outcome: .httpError,
                                                               error: "HTTP 304 to a request that sent no validators"))
            }
            return PageFetch(result: .same(validators: nil), entry: entry(status: 304, bytes: 0, milliseconds: milliseconds,
                                                         outcome: .notModified, error: nil))
        }
        guard (200..<300).contains(response.status) else {
            var error = "HTTP \(response.status)"
            if let retryAfter = response.retryAfter { error += " (Retry-After: \(retryAfter))" }
            return PageFetch(result: .failed, entry: entry(status: response.status, bytes: response.body.count,
                                                           milliseconds: milliseconds, outcome: .httpError, error: error))
        }
        let digest = BodyDigest.of(response.body)
        let validators = PageValidators(etag: response.etag, lastModified: response.lastModified, bodyDigest: digest)
        if let known, known.bodyDigest == digest {
            return PageFetch(result: .same(validators: validators == known ? nil : validators),
                             entry: entry(status: response.status, bytes: response.body.count,
                                          milliseconds: milliseconds, outcome: .unchanged, error: nil))
        }
        return PageFetch(result: .fresh(body: response.body, contentType: response.contentType.flatMap(ContentType.init(headerValue:)),
                                        validators: validators),
                         entry: entry(status: response.status, bytes: response.body.count, milliseconds: milliseconds,
                                      outcome: .ok, error: nil))
    }

    private mutating func note(_ signal: HostSignal, _ host: WebURL.Origin?, startedAt: ContinuousClock.Instant? = nil) async {
        guard let host else { return }
        await hosts.record(signal, for: host, startedAt: startedAt, spacing: spacing)
        streaks.note(signal, from: host)
    }

    private static func refused(_ url: String, at date: Date, _ outcome: FetchOutcome, _ message: String) -> FetchLogEntry {
        FetchLogEntry(at: date, url: url, status: nil, bytes: 0, milliseconds: 0, validators: nil, outcome: outcome,
                      error: message)
    }
}

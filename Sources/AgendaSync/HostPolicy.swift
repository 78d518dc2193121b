import AgendaCore
import AgendaFetch
import AgendaStore
import Foundation

/// The politeness layer between a cycle's page fetches and the `HTTPClient`, one per daemon (or
/// per `sync` run), shared by every source. Per host (scheme + host + port) it:
///
/// - fetches robots.txt before the host's first page (same client, same User-Agent), trusts it for
///   `robotsCache`, and refuses pages it disallows; a 4xx robots.txt allows everything, a 5xx, 429
///   or unreachable one disallows everything for `robotsRetry` (RFC 9309 §2.3.1);
/// - spaces request starts by at least the caller's spacing, by waiting;
/// - pauses the host after 429/503 until `Retry-After` (delta-seconds or HTTP-date; `defaultPause`
///   without one). Short pauses (≤ `waitablePause`) are waited out; longer ones refuse requests
///   until they end — nothing sleeps through them;
/// - counts consecutive errors across cycles and computes a full-jitter backoff from them, reset by
///   any success. The backoff is advisory: ``state(of:)`` exposes it for a scheduler.
///
/// Pauses, backoff and robots expiry are measured on the `now` clock (the one the store uses);
/// spacing and short pauses on the monotonic clock, since they are actually waited.
public actor HostPolicy {
    public nonisolated let settings: PolitenessSettings
    /// The crawler's product token for robots.txt groups, from the client's User-Agent.
    public nonisolated let productToken: String

    private let client: HTTPClient
    private let now: @Sendable () -> Date
    private let random: @Sendable (ClosedRange<Double>) -> Double
    private var records: [WebURL.Origin: HostRecord] = [:]

    private struct HostRecord {
        /// Earliest monotonic start of the next request (spacing).
        var nextStart: ContinuousClock.Instant?
        /// A short `Retry-After` being waited out.
        var holdUntil: ContinuousClock.Instant?
        var pausedUntil: Date?
        var pauseReason: String?
        var consecutiveFailures = 0
        var backoffUntil: Date?
        var robots: RobotsEntry?
        var robotsFetch: Task<RobotsFetch, Never>?
    }

    /// What a robots.txt fetch produced: the entry to cache, its log row and what it said of the host.
    struct RobotsFetch: Sendable {
        var entry: RobotsEntry
        var row: FetchLogEntry
        var signal: HostSignal
    }

    /// Why a request was not let through: the fetch log outcome and its message.
    struct Refusal: Sendable {
        var outcome: FetchOutcome
        var message: String
    }

    /// The verdict on one request: `refusal` nil means go (the spacing has been waited). `robotsRow`
    /// is the log row of a robots.txt fetch this request triggered, to be logged before its own.
    struct Admission: Sendable {
        var refusal: Refusal?
        var robotsRow: FetchLogEntry?
    }

    /// - Parameters:
    ///   - now: the clock of pauses, backoff and robots expiry; the store's clock.
    ///   - random: draws the backoff's jitter, uniformly from the range (replaceable for tests).
    public init(settings: PolitenessSettings, client: HTTPClient, now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) {
        self.settings = settings
        self.client = client
        self.now = now
        self.random = random
        let token = RobotsTxt.productToken(client.configuration.userAgent)
        productToken = token.isEmpty ? "*" : token
    }

    // MARK: State, for schedulers and reports

    /// The state of the host of `url` (any URL on it, e.g. a source's base URL); nil when the host
    /// has not been contacted since this policy was made (or `url` is not an http(s) URL).
    public func state(of url: String) -> HostState? {
        guard let host = WebURL.Origin(url: url), let record = records[host] else { return nil }
        return state(host, record)
    }

    /// Every host contacted so far, in no particular order.
    public func states() -> [HostState] {
        records.map { state($0.key, $0.value) }
    }

    private func state(_ host: WebURL.Origin, _ record: HostRecord) -> HostState {
        let now = now()
        let paused = (record.pausedUntil ?? .distantPast) > now
        return HostState(host: host, pausedUntil: paused ? record.pausedUntil : nil,
                         pauseReason: paused ? record.pauseReason : nil,
                         consecutiveFailures: record.consecutiveFailures,
                         backoffUntil: record.backoffUntil.flatMap { $0 > now ? $0 : nil },
                         robots: record.robots?.rules, robotsExpiresAt: record.robots?.expiresAt)
    }

    // MARK: Admission

    /// Decides whether `url` may be requested now, fetching the host's robots.txt first if needed,
    /// and waits out the host's spacing (and any short pause) before saying yes.
    func admit(_ url: WebURL, spacing: Duration) async -> Admission {
        let host = url.origin
        if let refusal = pauseRefusal(host) { return Admission(refusal: refusal) }

        let (robots, robotsRow) = await robotsEntry(for: host, spacing: spacing)
        // robots.txt first: a 503 on it both disallows (for an hour) and pauses (for a minute).
        if let message = robots.rules.refusal(for: url, productToken: productToken, retryAt: robots.expiresAt) {
            return Admission(refusal: Refusal(outcome: .robotsDisallowed, message: message), robotsRow: robotsRow)
        }
        if let refusal = pauseRefusal(host) { return Admission(refusal: refusal, robotsRow: robotsRow) }

        await waitForTurn(host, spacing: spacing)
        // Another source's request to the host may have been told to go away while this one waited.
        if let refusal = pauseRefusal(host) { return Admission(refusal: refusal, robotsRow: robotsRow) }
        return Admission(robotsRow: robotsRow)
    }

    /// Takes note of what the host answered to a request that `admit` let through. `startedAt` is when
    /// the transfer really began (it can lag the slot `admit` gave it on a busy machine); the host's
    /// next slot is kept at least `spacing` after it.
    func record(_ signal: HostSignal, for host: WebURL.Origin, startedAt: ContinuousClock.Instant? = nil, spacing: Duration = .zero) {
        if let startedAt, let next = records[host]?.nextStart, next < startedAt.advanced(by: spacing) {
            records[host]?.nextStart = startedAt.advanced(by: spacing)
        }
        record(signal, host: host)
    }

    private func record(_ signal: HostSignal, host: WebURL.Origin) {
        var record = records[host] ?? HostRecord()
        let now = now()
        switch signal {
        case .success:
            record.consecutiveFailures = 0
            record.backoffUntil = nil
        case .neutral:
            break
        case .failure, .retryLater:
            record.consecutiveFailures += 1
            record.backoffUntil = now.addingClamped(settings.backoff.delay(failures: record.consecutiveFailures, random: random))
        }
        if case .retryLater(let status, let retryAfter) = signal {
            PipelineMetrics.recordHostPause(host: "\(host)", status: status)
            // An HTTP-date is the server's wall-clock time, so it is read against ours, not `now`.
            let asked = retryAfter.flatMap { RetryAfter.delay($0, now: Date()) } ?? settings.defaultPause
            let pause = min(max(asked, 0), settings.maxPause)
            if pause <= settings.waitablePause {
                let until = ContinuousClock.now.advanced(byClampedSeconds: pause)
                record.holdUntil = max(record.holdUntil ?? until, until)
            } else if now.addingClamped(pause) > (record.pausedUntil ?? .distantPast) {
                record.pausedUntil = now.addingClamped(pause)
                record.pauseReason = "HTTP \(status)" + (retryAfter.map { ", Retry-After: \($0)" } ?? " without Retry-After")
            }
        }
        records[host] = record
    }

    private func pauseRefusal(_ host: WebURL.Origin) -> Refusal? {
        guard let until = records[host]?.pausedUntil, until > now() else { return nil }
        let reason = records[host]?.pauseReason ?? "asked to wait"
        return Refusal(outcome: .paused,
                       message: "not requested: \(host) asked us to wait (\(reason)) until \(Timestamp.string(until))")
    }

    /// Reserves the host's next start slot, then sleeps until it (and past any short pause).
    private func waitForTurn(_ host: WebURL.Origin, spacing: Duration) async {
        let clock = ContinuousClock()
        var record = records[host] ?? HostRecord()
        let start = max(clock.now, record.nextStart ?? clock.now)
        record.nextStart = start.advanced(by: spacing)
        records[host] = record
        // The slot is reserved before suspending, so a request arriving meanwhile queues behind it.
        try? await Task.sleep(until: start, clock: clock)
        if let hold = records[host]?.holdUntil, hold > clock.now {
            try? await Task.sleep(until: hold, clock: clock)
            if let next = records[host]?.nextStart, next < clock.now.advanced(by: spacing) {
                records[host]?.nextStart = clock.now.advanced(by: spacing)
            }
        }
    }

    // MARK: robots.txt

    /// The host's robots.txt, from the cache while it is fresh, else fetched (once, however many
    /// requests are waiting for it). The log row is returned only to the request that fetched it.
    private func robotsEntry(for host: WebURL.Origin, spacing: Duration) async -> (RobotsEntry, FetchLogEntry?) {
        if let cached = records[host]?.robots, cached.expiresAt > now() { return (cached, nil) }
        if let running = records[host]?.robotsFetch { return (await running.value.entry, nil) }

        let previous = records[host]?.robots
        let task = Task { await self.fetchRobots(host, spacing: spacing, previous: previous) }
        records[host, default: HostRecord()].robotsFetch = task
        let fetched = await task.value
        records[host]?.robotsFetch = nil
        records[host]?.robots = fetched.entry
        record(fetched.signal, host: host)
        return (fetched.entry, fetched.row)
    }

    private func fetchRobots(_ host: WebURL.Origin, spacing: Duration, previous: RobotsEntry?) async -> RobotsFetch {
        await waitForTurn(host, spacing: spacing)
        let url = host.robotsURL
        // RFC 9309 §2.5: parse at least 500 KiB, whatever the page limit.
        var limits = client.configuration.limits
        limits.maxBodyBytes = max(limits.maxBodyBytes, 512 * 1024)
        let conditional: RobotsEntry? = if case .file? = previous?.rules { previous } else { nil }
        let request = FetchRequest(url: url, etag: conditional?.etag, lastModified: conditional?.lastModified, limits: limits)
        let validators = [conditional?.etag.map { _ in "etag" }, conditional?.lastModified.map { _ in "last-modified" }]
            .compactMap { $0 }.joined(separator: ",")
        let startedAt = now()
        func row(_ status: Int?, _ bytes: Int, _ milliseconds: Int, _ outcome: FetchOutcome, _ error: String?) -> FetchLogEntry {
            FetchLogEntry(at: startedAt, url: url, status: status, bytes: bytes, milliseconds: milliseconds,
                          validators: validators.isEmpty ? nil : validators, outcome: outcome, error: error)
        }
        func entry(_ rules: RobotsRules, _ response: FetchResponse? = nil) -> RobotsEntry {
            let lifetime = if case .unreachable = rules { min(settings.robotsRetry, settings.robotsCache) } else { settings.robotsCache }
            return RobotsEntry(rules: rules, fetchedAt: startedAt, expiresAt: startedAt.addingTimeInterval(lifetime),
                               etag: response?.etag, lastModified: response?.lastModified)
        }

        let response: FetchResponse
        do {
            response = try await client.fetch(request)
        } catch {
            let signal = HostSignal(error: error)
            let elapsed = Int(now().timeIntervalSince(startedAt) * 1000)
            // RFC 9309 §2.3.1.2: beyond the redirect limit robots.txt MAY count as unavailable. A
            // redirect off the site is not followed (council fetches stay on the council), so the
            // file is unavailable too rather than a reason to stop reading the whole site.
            switch error as? FetchError {
            case .tooManyRedirects?, .redirectRefused?:
                let unavailable = entry(.unavailable(status: nil))
                return RobotsFetch(entry: unavailable,
                                   row: row(nil, 0, elapsed, .transportError,
                                            "\(error); robots.txt counts as unavailable, so every page of the host is allowed"),
                                   signal: signal)
            default:
                break
            }
            let unreachable = entry(.unreachable(reason: "\(error)"))
            return RobotsFetch(entry: unreachable, row: row(nil, 0, elapsed, .transportError, Self.disallowNote("\(error)", unreachable)),
                               signal: signal)
        }
        let signal = HostSignal(status: response.status, retryAfter: response.retryAfter)
        let milliseconds = response.elapsedMilliseconds
        if response.status == 304, let conditional {
            var renewed = entry(conditional.rules, response)
            renewed.etag = response.etag ?? conditional.etag
            renewed.lastModified = response.lastModified ?? conditional.lastModified
            return RobotsFetch(entry: renewed, row: row(304, 0, milliseconds, .notModified, nil), signal: signal)
        }
        switch response.status {
        case 200..<300:
            let robots = RobotsTxt(response.body)
            return RobotsFetch(entry: entry(.file(robots), response),
                               row: row(response.status, response.body.count, milliseconds, .ok, nil), signal: signal)
        case 429, 500..<600:
            let unreachable = entry(.unreachable(reason: "HTTP \(response.status)"))
            return RobotsFetch(entry: unreachable,
                               row: row(response.status, response.body.count, milliseconds, .httpError,
                                        Self.disallowNote("HTTP \(response.status)", unreachable)),
                               signal: signal)
        default:
            // 4xx (and anything else that is not an answer with rules): no restrictions.
            return RobotsFetch(entry: entry(.unavailable(status: response.status)),
                               row: row(response.status, response.body.count, milliseconds, .ok, nil), signal: signal)
        }
    }

    private static func disallowNote(_ cause: String, _ entry: RobotsEntry) -> String {
        "robots.txt could not be read (\(cause)); every page of the host counts as disallowed until \(Timestamp.string(entry.expiresAt))"
    }
}

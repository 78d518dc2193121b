import AgendaConfig
import AgendaStore
import Metrics

/// The pipeline's metrics, recorded through swift-metrics where the facts arise. Without a backend
/// (`sync` and the other commands) they go nowhere; the daemon bootstraps one that its HTTP
/// listener serves as Prometheus text at `/metrics` (docs/operations.md lists every series).
///
/// Names follow Prometheus conventions: `_total` counters, `_seconds` and `_bytes` units.
public enum PipelineMetrics {
    public static let fetches = "agenda_sync_fetches_total"
    public static let fetchedBytes = "agenda_sync_fetched_bytes_total"
    public static let fetchDuration = "agenda_sync_fetch_duration_seconds"
    public static let cycles = "agenda_sync_cycles_total"
    public static let cycleDuration = "agenda_sync_cycle_duration_seconds"
    public static let versionsWritten = "agenda_sync_versions_written_total"
    public static let noticesWritten = "agenda_sync_notices_written_total"
    public static let lastSuccess = "agenda_sync_last_successful_cycle_timestamp_seconds"
    public static let hostPauses = "agenda_sync_host_pauses_total"
    public static let noticesDelivered = "agenda_sync_notices_delivered_total"
    public static let noticesFailed = "agenda_sync_notice_attempts_failed_total"
    public static let noticesDead = "agenda_sync_notices_dead_total"

    /// Each series' `# HELP` text.
    public static let help: [String: String] = [
        fetches: "Requests of a source's cycles, by outcome as the sync log records it (robots_disallowed and paused were refused, never sent).",
        fetchedBytes: "Response body bytes fetched for a source.",
        fetchDuration: "Duration of a source's requests that went out.",
        cycles: "Source cycles finished, by outcome (ok, partial, failed, busy).",
        cycleDuration: "Duration of a source's cycles.",
        versionsWritten: "Meeting versions stored.",
        noticesWritten: "Notices written into the outbox.",
        lastSuccess: "When the source's last cycle with outcome ok finished (Unix time).",
        hostPauses: "Times a council host answered 429 or 503 and its requests paused (Retry-After, or the default pause).",
        noticesDelivered: "Notices delivered, by subscription and channel.",
        noticesFailed: "Failed delivery attempts (retried later, or dead), by subscription and channel.",
        noticesDead: "Notices that became dead (retries exhausted), by subscription and channel.",
    ]

    /// One source cycle: its outcome and duration, what it stored, and every fetch of its sync log
    /// (requests robots.txt or a pause refused appear with those outcomes).
    static func recordCycle(_ report: SourceReport, fetches: [FetchLogEntry], duration: Duration, finishedAt: Double) {
        let source = [("source", report.source)]
        for entry in fetches {
            Counter(label: Self.fetches, dimensions: source + [("outcome", entry.outcome.rawValue)]).increment()
            if entry.bytes > 0 { Counter(label: fetchedBytes, dimensions: source).increment(by: entry.bytes) }
            // Refused requests never went out: they have no duration.
            if entry.outcome != .robotsDisallowed, entry.outcome != .paused {
                Timer(label: fetchDuration, dimensions: source, preferredDisplayUnit: .seconds)
                    .recordMilliseconds(entry.milliseconds)
            }
        }
        Counter(label: cycles, dimensions: source + [("outcome", report.outcome.rawValue)]).increment()
        Timer(label: cycleDuration, dimensions: source, preferredDisplayUnit: .seconds).record(duration: duration)
        if report.versionsWritten > 0 { Counter(label: versionsWritten, dimensions: source).increment(by: report.versionsWritten) }
        if report.noticesWritten > 0 { Counter(label: noticesWritten, dimensions: source).increment(by: report.noticesWritten) }
        if report.outcome == .ok { recordLastSuccess(source: report.source, at: finishedAt) }
    }

    /// A source's last successful cycle as the persisted schedule remembers it (Unix time), recorded
    /// when the daemon starts, so a restart does not blank the series until the source's next good cycle.
    public static func recordLastSuccess(source: String, at unixTime: Double) {
        Gauge(label: lastSuccess, dimensions: [("source", source)]).record(unixTime)
    }

    /// A host asked us to wait (429 or 503, with or without `Retry-After`): its requests pause.
    static func recordHostPause(host: String, status: Int) {
        Counter(label: hostPauses, dimensions: [("host", host), ("status", "\(status)")]).increment()
    }

    /// Removes every series of `source` (a reload dropped it), so that no stale value — a last
    /// success growing old, a held flag — outlives it. A source added again starts from zero, which
    /// Prometheus reads as a counter reset.
    public static func forget(source: String) {
        let labels = [("source", source)]
        for outcome in FetchOutcome.allCases { Counter(label: fetches, dimensions: labels + [("outcome", outcome.rawValue)]).destroy() }
        for outcome in RunOutcome.allCases { Counter(label: cycles, dimensions: labels + [("outcome", outcome.rawValue)]).destroy() }
        for name in [fetchedBytes, versionsWritten, noticesWritten] { Counter(label: name, dimensions: labels).destroy() }
        for name in [fetchDuration, cycleDuration] { Timer(label: name, dimensions: labels).destroy() }
        Gauge(label: lastSuccess, dimensions: labels).destroy()
    }

    /// Removes the delivery series of a subscription a reload dropped, or moved to another channel
    /// (`channel` is the one it had).
    public static func forget(subscription: String, channel: String) {
        let labels = [("subscription", subscription), ("channel", channel)]
        for name in [noticesDelivered, noticesFailed, noticesDead] { Counter(label: name, dimensions: labels).destroy() }
    }

    /// One subscription's part of a delivery round.
    static func recordDelivery(_ report: DeliveryReport, subscription: SubscriptionConfiguration) {
        let dimensions = [("subscription", subscription.id), ("channel", subscription.channel.name)]
        if report.delivered > 0 { Counter(label: noticesDelivered, dimensions: dimensions).increment(by: report.delivered) }
        if report.failed > 0 { Counter(label: noticesFailed, dimensions: dimensions).increment(by: report.failed) }
        if report.dead > 0 { Counter(label: noticesDead, dimensions: dimensions).increment(by: report.dead) }
    }
}

import AgendaCore
import AgendaConfig
import AgendaStore
import AgendaSync
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per source: health, last success, last error, next due, meetings, last 24 h; outbox counts and disabled subscriptions.",
        discussion: """
            Read from the database, so it answers after the journal has rotated and while `run` is working. \
            Next due is the daemon's persisted schedule (or, for a source only ever synced with `sync`, one \
            interval after its last cycle). The last error names the URL and the HTTP status or curl error; when \
            it is a redirect to another site (the council moved its install), the base_url it points to. A source \
            whose changes are held (they looked like a page-template change) shows health "held" with the reason: \
            see `agenda-sync held`.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption

    struct LastError: Encodable {
        var at: Date
        var url: String?
        var httpStatus: Int?
        /// "curl error 7: Failed to connect …", when the transfer failed in libcurl.
        var curlError: String?
        var outcome: String
        var message: String

        enum CodingKeys: String, CodingKey {
            case at, url, httpStatus = "http_status", curlError = "curl_error", outcome, message
        }
    }

    /// Why a source's changes are held, since when, and how many meetings wait.
    struct Held: Encodable {
        var since: Date
        var reason: String
        var meetings: Int
    }

    struct SourceStatus: Encodable {
        var source: String
        var name: String
        /// "held" while its changes are held, else "healthy", "unhealthy", or "new" before the first cycle.
        var health: String
        var held: Held?
        var lastSync: Date?
        var result: String?
        var lastSuccess: Date?
        var consecutiveFailures: Int
        var nextDue: String
        var meetingsTracked: Int
        var baselineAt: Date?
        var last24h: SourceActivity
        var lastError: LastError?
        /// Set when the last error is a redirect to another site: the base URL the council's pages moved to.
        var movedTo: String?

        enum CodingKeys: String, CodingKey {
            case source, name, health, held, lastSync = "last_sync", result, lastSuccess = "last_success",
                 consecutiveFailures = "consecutive_failures", nextDue = "next_due",
                 meetingsTracked = "meetings_tracked", baselineAt = "baseline_at", last24h = "last_24h",
                 lastError = "last_error", movedTo = "moved_to"
        }
    }

    struct Status: Encodable {
        var sources: [SourceStatus]
        var outbox: [OutboxCount]
        /// Subscriptions their endpoint disabled (410 Gone); `outbox enable` re-enables them.
        var disabled: [SubscriptionState]
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let schedule = try store.scheduleStates()
        let now = Date()
        let statuses = try configuration.sources.map { source in
            try Self.status(of: source, store: store, scheduled: schedule[source.id], now: now)
        }
        let status = Status(sources: statuses, outbox: try store.outboxCounts(),
                            disabled: try store.subscriptionStates().filter { $0.disabledAt != nil })
        if output.json { try Output.json(status); return }
        Output.table(["SOURCE", "HEALTH", "LAST RESULT", "LAST SUCCESS", "FAILS", "NEXT DUE", "MEETINGS", "24H"],
                     statuses.map {
            [$0.source, $0.health, $0.result ?? "-", $0.lastSuccess.map(Timestamp.string) ?? "never", "\($0.consecutiveFailures)", $0.nextDue,
             "\($0.meetingsTracked)", "\($0.last24h.fetches) fetches, \(Output.bytes($0.last24h.bytes))"]
        })
        let errors = statuses.compactMap { status in status.lastError.map { (status.source, $0) } }
        if !errors.isEmpty {
            Output.line()
            Output.line("last errors:")
            for (source, error) in errors {
                let what = [error.httpStatus.map { "HTTP \($0)" }, error.curlError].compactMap { $0 }.first ?? error.outcome
                Output.line("  \(source)  \(Timestamp.string(error.at))  \(what)  \(error.url ?? "")  — \(error.message)")
            }
        }
        for status in statuses {
            if let held = status.held {
                Output.line("\(status.source) is held since \(Timestamp.string(held.since)): \(held.reason); \(held.meetings) "
                    + "meeting(s) wait: see `agenda-sync held --source \(status.source)`, then `agenda-sync release "
                    + "\(status.source)` (news) or `agenda-sync rebaseline \(status.source)` (a re-skin)")
            }
            if let movedTo = status.movedTo {
                Output.line("\(status.source)'s pages redirect to another site, \(movedTo): if the council moved its install, "
                    + "set base_url = \"\(movedTo)\" for \(status.source) (the stored meetings follow without notices)")
            }
        }
        Output.line()
        if status.outbox.isEmpty {
            Output.line("outbox: empty")
        } else {
            Output.table(["SUBSCRIPTION", "STATE", "NOTICES"], status.outbox.map { [$0.subscriptionID, $0.state, "\($0.count)"] })
        }
        for state in status.disabled {
            Output.line("disabled: \(state.subscriptionID) since \(state.disabledAt.map(Timestamp.string) ?? "?")"
                + (state.disabledReason.map { " (\($0))" } ?? "") + "; `agenda-sync outbox enable \(state.subscriptionID)`")
        }
    }

    static func status(of source: SourceConfiguration, store: AgendaStore, scheduled: SourceScheduleState?, now: Date)
        throws -> SourceStatus
    {
        let lastRun = try store.runs(sourceID: source.id, limit: 1).first
        let lastSuccess = try store.lastSuccessfulRun(sourceID: source.id)?.finishedAt
            ?? scheduled?.lastSuccessAt
        let failures = try scheduled?.consecutiveFailures ?? store.consecutiveFailedRuns(sourceID: source.id)
        let record = try store.source(id: source.id)
        let held = try record?.hold.map {
            Held(since: $0.since, reason: $0.reason, meetings: try store.heldMeetingIDs(sourceID: source.id).count)
        }
        let health = held != nil ? "held" : lastRun == nil && scheduled == nil ? "new"
            : (scheduled.map(\.healthy) ?? (failures == 0)) ? "healthy" : "unhealthy"
        let failure = try store.lastFailure(sourceID: source.id)
        // The daemon's schedule; for a source only synced by hand, one interval after its last cycle.
        let nextDue = scheduled.map { Timestamp.string($0.nextDueAt) }
            ?? lastRun.map { Timestamp.string($0.startedAt.addingClamped(source.interval.timeInterval)) }
            ?? "now"
        return SourceStatus(
            source: source.id, name: source.name, health: health, held: held, lastSync: lastRun?.finishedAt,
            result: lastRun?.outcome?.rawValue, lastSuccess: lastSuccess, consecutiveFailures: failures,
            nextDue: nextDue, meetingsTracked: try store.meetings(sourceID: source.id).count,
            baselineAt: record?.baselineAt,
            last24h: try store.activity(sourceID: source.id, since: now.addingTimeInterval(-86_400)),
            lastError: failure.map(lastError),
            // Only while it is the latest cycle's failure: once base_url is right, the hint is history.
            movedTo: failure.flatMap { $0.runID == lastRun?.id ? SiteMoveHint.newBase(baseURL: source.baseURL, failure: $0) : nil })
    }

    private static func lastError(_ failure: SourceFailure) -> LastError {
        LastError(at: failure.at, url: failure.url, httpStatus: failure.status,
                  curlError: curlError(in: failure.message), outcome: failure.outcome, message: failure.message)
    }

    /// "curl error N: message" as the fetch layer writes it into a transfer error, up to its closing parenthesis.
    static func curlError(in message: String) -> String? {
        guard let start = message.range(of: "curl error ") else { return nil }
        var depth = 0
        var end = message.endIndex
        for index in message[start.lowerBound...].indices {
            switch message[index] {
            case "(": depth += 1
            case ")":
                if depth == 0 { end = index } else { depth -= 1 }
            default: continue
            }
            if end != message.endIndex { break }
        }
        return String(message[start.lowerBound..<end])
    }
}

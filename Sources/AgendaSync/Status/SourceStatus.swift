import AgendaConfig
import AgendaCore
import AgendaStore
import Foundation

/// One source's state as `agenda-sync status` shows it and the daemon's `/healthz` answers it, read
/// from the database (one computation for both, so they never disagree).
public struct SourceStatus: Encodable, Sendable {
    public struct LastError: Encodable, Sendable {
        public var at: Date
        public var url: String?
        public var httpStatus: Int?
        /// "curl error 7: Failed to connect …", when the transfer failed in libcurl.
        public var curlError: String?
        public var outcome: String
        public var message: String

        enum CodingKeys: String, CodingKey {
            case at, url, httpStatus = "http_status", curlError = "curl_error", outcome, message
        }
    }

    /// Why a source's changes are held, since when, and how many meetings wait.
    public struct Held: Encodable, Sendable {
        public var since: Date
        public var reason: String
        public var meetings: Int
    }

    public var source: String
    public var name: String
    /// "held" while its changes are held, else "healthy", "unhealthy", or "new" before the first cycle.
    public var health: String
    public var held: Held?
    public var lastSync: Date?
    public var result: String?
    public var lastSuccess: Date?
    public var consecutiveFailures: Int
    public var nextDue: String
    public var meetingsTracked: Int
    public var baselineAt: Date?
    public var last24h: SourceActivity
    public var lastError: LastError?
    /// Set when the last error is a redirect to another site: the base URL the council's pages moved to.
    public var movedTo: String?

    enum CodingKeys: String, CodingKey {
        case source, name, health, held, lastSync = "last_sync", result, lastSuccess = "last_success",
             consecutiveFailures = "consecutive_failures", nextDue = "next_due",
             meetingsTracked = "meetings_tracked", baselineAt = "baseline_at", last24h = "last_24h",
             lastError = "last_error", movedTo = "moved_to"
    }

    /// "healthy" and "new" (no cycle yet) are well; "unhealthy" and "held" need the admin.
    public var isWell: Bool { health == "healthy" || health == "new" }

    /// Reads the source's status from the database; `scheduled` is the daemon's persisted schedule
    /// for it, when there is one.
    public init(of source: SourceConfiguration, store: AgendaStore, scheduled: SourceScheduleState?, now: Date) throws {
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
        self.source = source.id
        name = source.name
        self.health = health
        self.held = held
        lastSync = lastRun?.finishedAt
        result = lastRun?.outcome?.rawValue
        self.lastSuccess = lastSuccess
        consecutiveFailures = failures
        // The daemon's schedule; for a source only synced by hand, one interval after its last cycle.
        nextDue = scheduled.map { Timestamp.string($0.nextDueAt) }
            ?? lastRun.map { Timestamp.string($0.startedAt.addingClamped(source.interval.timeInterval)) }
            ?? "now"
        meetingsTracked = try store.meetings(sourceID: source.id).count
        baselineAt = record?.baselineAt
        last24h = try store.activity(sourceID: source.id, since: now.addingTimeInterval(-86_400))
        lastError = failure.map(Self.lastError)
        // Only while it is the latest cycle's failure: once base_url is right, the hint is history.
        movedTo = failure.flatMap { $0.runID == lastRun?.id ? SiteMoveHint.newBase(baseURL: source.baseURL, failure: $0) : nil }
    }

    /// Every configured source's status, in config order.
    public static func all(_ configuration: AgendaConfiguration, store: AgendaStore, now: Date) throws -> [SourceStatus] {
        let schedule = try store.scheduleStates()
        return try configuration.sources.map { try SourceStatus(of: $0, store: store, scheduled: schedule[$0.id], now: now) }
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

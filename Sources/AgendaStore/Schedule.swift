import AgendaCore
import Foundation
import GRDB

/// A source's place in the daemon's schedule.
public struct SourceScheduleState: Sendable, Equatable, Codable {
    public var sourceID: String
    public var nextDueAt: Date
    /// Cycles in a row that did not end `ok`; 0 after a clean one.
    public var consecutiveFailures: Int
    /// False once the source turned unhealthy, until a clean cycle.
    public var healthy: Bool
    public var lastSuccessAt: Date?

    public init(sourceID: String, nextDueAt: Date, consecutiveFailures: Int = 0, healthy: Bool = true,
                lastSuccessAt: Date? = nil) {
        self.sourceID = sourceID
        self.nextDueAt = nextDueAt
        self.consecutiveFailures = consecutiveFailures
        self.healthy = healthy
        self.lastSuccessAt = lastSuccessAt
    }
}

extension AgendaStore {
    public func scheduleStates() throws(StoreError) -> [String: SourceScheduleState] {
        try read { db in
            var states: [String: SourceScheduleState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM source_schedule") {
                let id: String = row["source_id"]
                states[id] = SourceScheduleState(
                    sourceID: id, nextDueAt: try row.requiredTimestamp("next_due_at"),
                    consecutiveFailures: row["consecutive_failures"], healthy: row["healthy"],
                    lastSuccessAt: try row.timestamp("last_success_at"))
            }
            return states
        }
    }

    public func saveSchedule(_ state: SourceScheduleState) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO source_schedule (source_id, next_due_at, consecutive_failures, healthy, last_success_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(source_id) DO UPDATE SET next_due_at = excluded.next_due_at,
                    consecutive_failures = excluded.consecutive_failures, healthy = excluded.healthy,
                    last_success_at = excluded.last_success_at
                """, arguments: [state.sourceID, Timestamp.string(state.nextDueAt), state.consecutiveFailures,
                                 state.healthy, state.lastSuccessAt.map(Timestamp.string)])
        }
    }

    /// When each meeting page of a source is next re-checked (nil: at the next cycle).
    public func meetingCheckTimes(sourceID: String) throws(StoreError) -> [String: Date] {
        try read { db in
            var times: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, next_check_at FROM meetings WHERE source_id = ? AND next_check_at IS NOT NULL
                """, arguments: [sourceID]) {
                times[row["id"]] = try row.requiredTimestamp("next_check_at")
            }
            return times
        }
    }

    public func saveMeetingCheckTimes(_ times: [String: Date]) throws(StoreError) {
        guard !times.isEmpty else { return }
        try write { db in
            for (id, date) in times {
                try db.execute(sql: "UPDATE meetings SET next_check_at = ? WHERE id = ?",
                               arguments: [Timestamp.string(date), id])
            }
        }
    }
}

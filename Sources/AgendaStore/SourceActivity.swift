import AgendaCore
import Foundation
import GRDB

/// What a source did over a period, from the sync log (for `status`).
public struct SourceActivity: Sendable, Equatable, Codable {
    public var cycles: Int
    public var fetches: Int
    public var bytes: Int

    public init(cycles: Int = 0, fetches: Int = 0, bytes: Int = 0) {
        self.cycles = cycles
        self.fetches = fetches
        self.bytes = bytes
    }
}

/// The most recent failure of a source: a failed fetch (with its HTTP status or transfer error),
/// or a cycle that failed without one (e.g. the database).
public struct SourceFailure: Sendable, Equatable {
    public var runID: Int64
    public var at: Date
    public var url: String?
    public var status: Int?
    public var outcome: String
    public var message: String
}

extension AgendaStore {
    /// What a cycle stopped by the daemon's shutdown says in `error`. Its fetch rows after the stop
    /// (`CancellationError`) were cancelled or never sent; such a cycle is not a failure of the source.
    public static let abandonedRunNote = "abandoned: the daemon stopped during this cycle; transfers in flight were cancelled and the rest not requested"

    /// Marks a cycle that a shutdown cut short (see `abandonedRunNote`).
    public func markRunAbandoned(id: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sync_runs SET error = ? WHERE id = ?", arguments: [Self.abandonedRunNote, id])
        }
    }

    /// Cycles started at or after `since`, with their fetches and bytes. A row of collapsed quiet
    /// cycles counts whole when its last cycle started then (exact whenever `since` is further back than
    /// `log_retention`, as for `status`'s last 24 hours with the default 30 days).
    public func activity(sourceID: String, since: Date) throws(StoreError) -> SourceActivity {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(cycles), 0) AS cycles, COALESCE(SUM(fetches), 0) AS fetches, COALESCE(SUM(bytes), 0) AS bytes
                FROM sync_runs WHERE source_id = ? AND started_at >= ?
                """, arguments: [sourceID, Timestamp.string(since)])
            return SourceActivity(cycles: row?["cycles"] ?? 0, fetches: row?["fetches"] ?? 0, bytes: row?["bytes"] ?? 0)
        }
    }

    /// The last cycle that completed (`ok` or `partial`).
    public func lastSuccessfulRun(sourceID: String) throws(StoreError) -> RunSummary? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM sync_runs WHERE source_id = ? AND outcome IN ('ok', 'partial') ORDER BY id DESC LIMIT 1
                """, arguments: [sourceID]).map { try RunSummary(row: $0) }
        }
    }

    /// Finished cycles in a row, newest first, that ended `failed`.
    public func consecutiveFailedRuns(sourceID: String) throws(StoreError) -> Int {
        try read { db in
            let outcomes = try String?.fetchAll(db, sql: """
                SELECT outcome FROM sync_runs WHERE source_id = ? AND finished_at IS NOT NULL AND outcome IS NOT ?
                ORDER BY id DESC LIMIT 1000
                """, arguments: [sourceID, RunOutcome.busy.rawValue])
            return outcomes.prefix { $0 == RunOutcome.failed.rawValue }.count
        }
    }

    /// The newest failed fetch of the source's newest cycle that had one, else that cycle's error.
    /// Cycles abandoned at shutdown, or stopped by a busy database, are not the source's failures and are skipped.
    public func lastFailure(sourceID: String) throws(StoreError) -> SourceFailure? {
        try read { db in
            guard let run = try Row.fetchOne(db, sql: """
                SELECT id, started_at, error FROM sync_runs
                WHERE source_id = ? AND (failures > 0 OR error IS NOT NULL) AND error IS NOT ? AND outcome IS NOT ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [sourceID, Self.abandonedRunNote, RunOutcome.busy.rawValue]) else { return nil }
            let runID: Int64 = run["id"]
            if let fetch = try Row.fetchOne(db, sql: """
                SELECT at, url, status, outcome, error FROM fetch_log
                WHERE run_id = ? AND outcome IN (\(Self.failureOutcomes)) ORDER BY id DESC LIMIT 1
                """, arguments: [runID]) {
                let outcome: String = fetch["outcome"]
                return SourceFailure(runID: runID, at: try fetch.requiredTimestamp("at"), url: fetch["url"], status: fetch["status"],
                                     outcome: outcome, message: fetch["error"] ?? outcome)
            }
            return SourceFailure(runID: runID, at: try run.requiredTimestamp("started_at"), url: nil, status: nil, outcome: "failed",
                                 message: run["error"] ?? "failed")
        }
    }
}

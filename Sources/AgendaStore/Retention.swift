import AgendaCore
import Foundation
import GRDB

/// What retention removes, from `[daemon]` `log_retention`, `outbox_retention` and `page_retention`
/// (docs/configuration.md).
public struct RetentionPolicy: Sendable, Equatable {
    /// Fetch rows of cycles that finished longer ago than this are removed; the cycles' summaries stay.
    public var log: TimeInterval
    /// Delivered notices delivered longer ago than this are removed.
    public var outbox: TimeInterval
    /// The raw page of a version superseded longer ago than this is dropped, its typed record kept;
    /// nil keeps every page.
    public var pages: TimeInterval?
    /// Subscriptions whose file lists their newest notices (Atom feeds), with how many: those stay
    /// whatever their age, so a feed rewritten later still lists them.
    public var listedNotices: [String: Int]

    public init(log: TimeInterval, outbox: TimeInterval, pages: TimeInterval?, listedNotices: [String: Int] = [:]) {
        self.log = log
        self.outbox = outbox
        self.pages = pages
        self.listedNotices = listedNotices
    }
}

/// What one retention pass removed.
public struct RetentionPass: Sendable, Equatable {
    /// Full fetch rows and packed cycles of fetches.
    public var fetchRows = 0
    public var fetchPacks = 0
    /// Summary rows of quiet cycles merged into the next quiet cycle's row (see `collapseQuietRuns`).
    public var quietRuns = 0
    public var notices = 0
    public var pages = 0
    /// False when a kind hit the pass's batch limit: more is due, and the next pass carries on.
    public var complete = true

    public init() {}

    public var removedAnything: Bool { fetchRows + fetchPacks + quietRuns + notices + pages > 0 }
}

extension AgendaStore {
    /// One bounded retention pass: of each kind at most `batch` rows, each kind in its own short
    /// transaction, so a pass never holds the write lock for long and a backlog (after lowering a
    /// retention) is worked off over several passes. The freed pages are reused by later writes;
    /// the file itself shrinks only with `vacuum`.
    public func applyRetention(_ policy: RetentionPolicy, now: Date, batch: Int = 1_000) throws(StoreError) -> RetentionPass {
        var pass = RetentionPass()
        let logCutoff = Timestamp.string(now.addingClamped(-policy.log))
        // A cycle that never finished (the process died) counts from its start.
        (pass.fetchPacks, pass.fetchRows) = try write { db in
            try db.execute(sql: "DELETE FROM fetch_packs WHERE run_id IN (\(Self.expiredPacks))", arguments: [logCutoff, batch])
            let packs = db.changesCount
            try db.execute(sql: "DELETE FROM fetch_log WHERE id IN (\(Self.expiredFetchRows))", arguments: [logCutoff, batch])
            return (packs, db.changesCount)
        }
        pass.quietRuns = try write { db in try Self.collapseQuietRuns(before: logCutoff, batch: batch, db) }
        let outboxCutoff = Timestamp.string(now.addingClamped(-policy.outbox))
        pass.notices = try write { db in
            var listed = Set<String>()
            for (subscription, count) in policy.listedNotices {
                // The order `latestNoticePayloads` lists them in.
                listed.formUnion(try String.fetchAll(db, sql: """
                    SELECT id FROM notices WHERE subscription_id = ?
                    ORDER BY created_at DESC, meeting_id DESC, version DESC LIMIT ?
                    """, arguments: [subscription, count]))
            }
            let candidates = try String.fetchAll(db, sql: """
                SELECT id FROM notices WHERE state = 'delivered' AND delivered_at < ? ORDER BY delivered_at LIMIT ?
                """, arguments: [outboxCutoff, batch + listed.count])
            let removed = candidates.filter { !listed.contains($0) }.prefix(batch)
            for id in removed {
                try db.execute(sql: "DELETE FROM notices WHERE id = ?", arguments: [id])
            }
            return removed.count
        }
        if let pages = policy.pages {
            let pageCutoff = Timestamp.string(now.addingClamped(-pages))
            pass.pages = try write { db in
                // Superseded when the next version was stored.
                try db.execute(sql: """
                    UPDATE versions SET raw_page = X'', raw_format = ? WHERE (meeting_id, number) IN (
                        SELECT v.meeting_id, v.number FROM versions v
                        JOIN versions next ON next.meeting_id = v.meeting_id AND next.number = v.number + 1
                        WHERE next.fetched_at < ? AND v.raw_format IS NOT ? LIMIT ?)
                    """, arguments: [PageFormat.dropped, pageCutoff, PageFormat.dropped, batch])
                return db.changesCount
            }
        }
        pass.complete = max(pass.fetchPacks, pass.fetchRows, pass.quietRuns, pass.notices, pass.pages) < batch
        return pass
    }

    // The cycles past the cutoff are read through `sync_runs_by_end` (v15), never by scanning the log:
    // a pass's cost follows what lies past the cutoff, not the whole log. `INDEXED BY` makes that a
    // guarantee rather than the planner's choice (the summaries' other index serves the ORDER BY).

    /// Packs (`fetch_packs.run_id`) of cycles that ended before `?1`, oldest first, at most `?2`.
    static let expiredPacks = """
        SELECT p.run_id FROM sync_runs r INDEXED BY sync_runs_by_end JOIN fetch_packs p ON p.run_id = r.id
        WHERE COALESCE(r.finished_at, r.started_at) < ? ORDER BY p.run_id LIMIT ?
        """

    /// Full fetch rows (`fetch_log.id`) of cycles that ended before `?1`, oldest first, at most `?2`.
    static let expiredFetchRows = """
        SELECT f.id FROM sync_runs r INDEXED BY sync_runs_by_end JOIN fetch_log f ON f.run_id = r.id
        WHERE COALESCE(r.finished_at, r.started_at) < ? ORDER BY f.id LIMIT ?
        """

    /// Summary rows of cycles that ended before `?1`, but each source's newest, each source's in order,
    /// with whether each is quiet.
    static let expiredRuns = """
        SELECT id, source_id, \(quietRun) AS quiet FROM sync_runs r INDEXED BY sync_runs_by_end
        WHERE COALESCE(finished_at, started_at) < ?
          AND id < (SELECT MAX(id) FROM sync_runs n WHERE n.source_id = r.source_id)
        ORDER BY source_id, id
        """

    /// A cycle whose summary says nothing but "it ran": finished ok, no failed fetch, no new version,
    /// no notice, no error or note, and its fetch rows already removed by retention.
    private static let quietRun = """
        finished_at IS NOT NULL AND outcome = 'ok' AND failures = 0 AND versions_written = 0 AND notices_written = 0
        AND error IS NULL AND notes IS NULL
        AND NOT EXISTS (SELECT 1 FROM fetch_packs p WHERE p.run_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM fetch_log f WHERE f.run_id = r.id)
        """

    /// Merges each run of consecutive quiet cycles of a source that finished before `cutoff` into the
    /// summary row of the last of them (`cycles` their count, `first_started_at` the first one's start,
    /// `fetches` and `bytes` their sums), removing at most `batch` rows. Any other cycle (a failure, a
    /// change, a busy or unfinished one) keeps its row whole and separates the runs around it; a
    /// source's newest cycle is never touched (`status` and the scheduler read it). Once caught up, each
    /// unchanged cycle's row is merged away as it passes the cutoff, so the log stops growing.
    /// Returns the number of rows removed.
    private static func collapseQuietRuns(before cutoff: String, batch: Int, _ db: Database) throws -> Int {
        // The rows past the cutoff, each source's in order. A pass reads the rows kept whole (failures
        // and changes past the cutoff) again: few next to the quiet ones, and only ids and flags.
        let rows = try Row.fetchCursor(db, sql: expiredRuns, arguments: [cutoff])
        var groups: [[Int64]] = []
        var current: [Int64] = []
        var source: String?
        var budget = batch
        func close() {
            if current.count > 1 {
                groups.append(Array(current.prefix(budget + 1)))
                budget -= groups[groups.count - 1].count - 1
            }
            current = []
        }
        while budget > 0, let row = try rows.next() {
            let id: Int64 = row["id"]
            let rowSource: String = row["source_id"]
            if rowSource != source { close(); source = rowSource }
            if row["quiet"] as Bool {
                current.append(id)
                if current.count > budget { close() }
            } else {
                close()
            }
        }
        if budget > 0 { close() }
        var removed = 0
        for group in groups {
            let list = group.map(String.init).joined(separator: ",")
            try db.execute(sql: """
                UPDATE sync_runs SET (cycles, first_started_at, fetches, bytes) = (
                    SELECT SUM(cycles), MIN(COALESCE(first_started_at, started_at)), SUM(fetches), SUM(bytes)
                    FROM sync_runs WHERE id IN (\(list)))
                WHERE id = ?
                """, arguments: [group[group.count - 1]])
            try db.execute(sql: "DELETE FROM sync_runs WHERE id IN (\(group.dropLast().map(String.init).joined(separator: ",")))")
            removed += db.changesCount
        }
        return removed
    }
}

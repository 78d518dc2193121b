import AgendaCore
import Foundation
import GRDB

/// What became of one fetch. Everything but `ok`, `notModified` and `unchanged` is a failure:
/// it is logged and the last good version stays.
public enum FetchOutcome: String, Sendable, Codable, CaseIterable {
    /// 200 and a valid page that was parsed.
    case ok
    /// 304: the validators matched, nothing parsed.
    case notModified = "not_modified"
    /// 200 with a body identical to the last good one, nothing parsed.
    case unchanged
    /// A non-2xx status.
    case httpError = "http_error"
    /// The transfer failed (connect, timeout, reset, too many redirects, body over the cap…).
    case transportError = "transport_error"
    /// 200, but not a ModernGov page of the expected kind (challenge script, error page…).
    case invalidPage = "invalid_page"
    /// 200, but the HTML was cut short.
    case truncated
    /// 200, a page of the expected kind, but its structure was not understood: it shows an agenda
    /// (item anchors, document links, meeting links) that could not be read — a re-skin or a
    /// template upgrade. The error names what was seen and what was missing.
    case unrecognised
    /// A meetings list came back empty where the last good one had meetings.
    case emptyList = "empty_list"
    /// Not requested: the host's robots.txt disallows the page, or could not be read (5xx,
    /// unreachable), which RFC 9309 says to treat as "disallow everything" for now.
    case robotsDisallowed = "robots_disallowed"
    /// Not requested: the host asked us to wait (429/503 `Retry-After`), or failed several times in
    /// a row this cycle and is left alone until the next one.
    case paused

    public var isFailure: Bool { ![.ok, .notModified, .unchanged].contains(self) }
}

/// One row of the fetch log.
public struct FetchLogEntry: Sendable, Equatable, Codable {
    public var at: Date
    public var url: String
    public var status: Int?
    public var bytes: Int
    public var milliseconds: Int
    /// "etag", "last-modified", "etag,last-modified", or nil when the GET was unconditional.
    public var validators: String?
    public var outcome: FetchOutcome
    public var error: String?

    public init(at: Date, url: String, status: Int?, bytes: Int, milliseconds: Int, validators: String?,
                outcome: FetchOutcome, error: String?) {
        self.at = at
        self.url = url
        self.status = status
        self.bytes = bytes
        self.milliseconds = milliseconds
        self.validators = validators
        self.outcome = outcome
        self.error = error
    }
}

/// How a cycle of one source ended.
public enum RunOutcome: String, Sendable, Codable, CaseIterable {
    /// Every fetch succeeded.
    case ok
    /// The cycle completed but some fetches failed (their meetings kept their last good version).
    case partial
    /// Nothing usable was fetched (e.g. the committee structure or every list failed).
    case failed
    /// Another `sync` or `run` held the database past the busy timeout, so the cycle stopped
    /// where it was (what it committed stays). Not the source's failure: it counts neither for
    /// nor against its health.
    case busy
}

/// The summary row of one cycle of one source, or of a run of its quiet cycles that `log_retention`
/// collapsed into one row (``AgendaStore/applyRetention(_:now:batch:)``): then `cycles` > 1, `startedAt`
/// and `finishedAt` are those of the last of them, `firstStartedAt` the start of the first, and
/// `fetches` and `bytes` their sums.
public struct RunSummary: Sendable, Equatable, Codable {
    public var id: Int64
    public var sourceID: String
    /// How many cycles the row stands for: 1, or more for collapsed quiet cycles.
    public var cycles: Int
    /// When the first of the row's cycles started (`startedAt` for a row of one cycle).
    public var firstStartedAt: Date
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: RunOutcome?
    public var fetches: Int
    public var failures: Int
    public var bytes: Int
    public var meetingsSeen: Int
    public var versionsWritten: Int
    public var noticesWritten: Int
    public var error: String?
    /// What the cycle noticed besides its errors: "site moved from … to …", its changes held.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case id, sourceID = "source", cycles, firstStartedAt = "first_started_at", startedAt = "started_at", finishedAt = "finished_at", outcome, fetches, failures,
             bytes, meetingsSeen = "meetings_seen", versionsWritten = "versions_written",
             noticesWritten = "notices_written", error, notes
    }
}

/// A fetch log row with the run it belongs to, as `agenda-sync log` prints it.
public struct LoggedFetch: Sendable, Equatable, Codable {
    public var runID: Int64
    public var sourceID: String
    public var entry: FetchLogEntry

    enum CodingKeys: String, CodingKey { case runID = "run", sourceID = "source", entry = "fetch" }
}

extension AgendaStore {
    public func beginRun(sourceID: String, at date: Date) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO sync_runs (source_id, started_at) VALUES (?, ?)",
                           arguments: [sourceID, Timestamp.string(date)])
            return db.lastInsertedRowID
        }
    }

    /// Closes a run and writes its fetch log in one transaction (one fsync per cycle, not per fetch).
    ///
    /// Successful fetches are stored packed, one row per cycle (``FetchPack``); each failure keeps a
    /// full `fetch_log` row. Both read back the same (``fetches(ofRun:failuresOnly:)``).
    public func finishRun(id: Int64, sourceID: String, at date: Date, outcome: RunOutcome, fetches: [FetchLogEntry],
                          meetingsSeen: Int, versionsWritten: Int, noticesWritten: Int, error: String?,
                          notes: [String] = []) throws(StoreError) {
        try write { db in
            var packed: [FetchPack.Fetch] = []
            for (position, entry) in fetches.enumerated() {
                if FetchPack.canPack(entry) {
                    packed.append(FetchPack.Fetch(position: position, urlID: try Self.internedURL(entry.url, db),
                                                  at: Self.seconds(entry.at), status: entry.status, bytes: entry.bytes,
                                                  milliseconds: entry.milliseconds, validators: entry.validators,
                                                  outcome: entry.outcome))
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO fetch_log (run_id, source_id, at, url, status, bytes, ms, validators, outcome, error, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, sourceID, Timestamp.string(entry.at), entry.url, entry.status, entry.bytes, entry.milliseconds,
                                     entry.validators, entry.outcome.rawValue, entry.error, position])
            }
            if !packed.isEmpty {
                try db.execute(sql: "INSERT OR REPLACE INTO fetch_packs (run_id, fetches) VALUES (?, ?)",
                               arguments: [id, Data(FetchPack(fetches: packed).encode())])
            }
            try db.execute(sql: """
                UPDATE sync_runs SET finished_at = ?, outcome = ?, fetches = ?, failures = ?, bytes = ?,
                       meetings_seen = ?, versions_written = ?, notices_written = ?, error = ?, notes = ?
                WHERE id = ?
                """, arguments: [Timestamp.string(date), outcome.rawValue, fetches.count,
                                 fetches.filter { $0.outcome.isFailure }.count, fetches.reduce(0) { $0 + $1.bytes },
                                 meetingsSeen, versionsWritten, noticesWritten, error,
                                 notes.isEmpty ? nil : notes.joined(separator: "\n"), id])
        }
    }

    /// The id of `url` in `fetch_urls`, added the first time it is fetched.
    private static func internedURL(_ url: String, _ db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM fetch_urls WHERE url = ?"), arguments: [url]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO fetch_urls (url) VALUES (?)").execute(arguments: [url])
        return db.lastInsertedRowID
    }

    /// Whole seconds since 1970, as `Timestamp` keeps them (fractions dropped).
    private static func seconds(_ date: Date) -> Int64 {
        Int64(date.clampedToSupportedRange.timeIntervalSince1970.rounded(.down))
    }

    /// Cycles, newest first.
    public func runs(sourceID: String? = nil, since: Date? = nil, failuresOnly: Bool = false, limit: Int = 200)
        throws(StoreError) -> [RunSummary]
    {
        try read { db in
            var sql = "SELECT * FROM sync_runs WHERE 1"
            var arguments: StatementArguments = []
            if let sourceID { sql += " AND source_id = ?"; arguments += [sourceID] }
            if let since { sql += " AND started_at >= ?"; arguments += [Timestamp.string(since)] }
            if failuresOnly { sql += " AND (outcome IS NOT 'ok' OR failures > 0)" }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try RunSummary(row: $0) }
        }
    }

    /// The fetches of one cycle, in the order they were made (only its failures with `failuresOnly`).
    public func fetches(ofRun runID: Int64, failuresOnly: Bool = false) throws(StoreError) -> [FetchLogEntry] {
        try read { db in try Self.fetches(ofRun: runID, failuresOnly: failuresOnly, db) }
    }

    /// Fetch log entries, newest first: those of cycles still running or finished since `since`,
    /// made at or after it.
    public func fetchLog(sourceID: String? = nil, since: Date? = nil, failuresOnly: Bool = false, limit: Int = 500)
        throws(StoreError) -> [LoggedFetch]
    {
        try read { db in
            var sql = "SELECT id, source_id FROM sync_runs WHERE 1"
            var arguments: StatementArguments = []
            if let sourceID { sql += " AND source_id = ?"; arguments += [sourceID] }
            if let since { sql += " AND (finished_at IS NULL OR finished_at >= ?)"; arguments += [Timestamp.string(since)] }
            // Failures are full rows only: the runs that have one.
            if failuresOnly { sql += " AND id IN (SELECT run_id FROM fetch_log WHERE outcome IN (\(Self.failureOutcomes)))" }
            sql += " ORDER BY id DESC"
            var result: [LoggedFetch] = []
            let runs = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while result.count < limit, let run = try runs.next() {
                let runID: Int64 = run["id"]
                for entry in try Self.fetches(ofRun: runID, failuresOnly: failuresOnly, db).reversed()
                where since.map({ entry.at >= $0 }) ?? true {
                    result.append(LoggedFetch(runID: runID, sourceID: run["source_id"], entry: entry))
                    if result.count == limit { break }
                }
            }
            return result
        }
    }

    /// The failed outcomes, as an SQL list.
    static let failureOutcomes = FetchOutcome.allCases.filter(\.isFailure).map { "'\($0.rawValue)'" }.joined(separator: ",")

    /// A run's full `fetch_log` rows and its packed fetches, merged back into the order they were
    /// made (rows written before the log was packed have no position: they are in id order, and alone).
    static func fetches(ofRun runID: Int64, failuresOnly: Bool, _ db: Database) throws -> [FetchLogEntry] {
        var sql = "SELECT * FROM fetch_log WHERE run_id = ?"
        if failuresOnly { sql += " AND outcome IN (\(failureOutcomes))" }
        sql += " ORDER BY position, id"
        var positioned: [(position: Int, entry: FetchLogEntry)] = try Row.fetchAll(db, sql: sql, arguments: [runID]).map { row in
            let entry = FetchLogEntry(at: try row.requiredTimestamp("at"), url: row["url"], status: row["status"],
                                      bytes: row["bytes"], milliseconds: row["ms"], validators: row["validators"],
                                      outcome: FetchOutcome(rawValue: row["outcome"]) ?? .transportError,
                                      error: row["error"])
            return (row["position"] ?? -1, entry)
        }
        guard !failuresOnly,
              let blob = try Data.fetchOne(db, sql: "SELECT fetches FROM fetch_packs WHERE run_id = ?", arguments: [runID])
        else { return positioned.map(\.entry) }
        guard let pack = FetchPack(decoding: Array(blob)) else {
            throw StoreError.corruptRecord("the packed fetch log of cycle \(runID) does not decode")
        }
        var urls: [Int64: String] = [:]
        let ids = Set(pack.fetches.map(\.urlID))
        for row in try Row.fetchAll(db, sql: "SELECT id, url FROM fetch_urls WHERE id IN (\(ids.map(String.init).joined(separator: ",")))") {
            urls[row["id"]] = row["url"]
        }
        for fetch in pack.fetches {
            guard let url = urls[fetch.urlID] else {
                throw StoreError.corruptRecord("cycle \(runID) names fetch URL \(fetch.urlID), which is not stored")
            }
            positioned.append((fetch.position, FetchLogEntry(
                at: Date(timeIntervalSince1970: TimeInterval(fetch.at)), url: url, status: fetch.status, bytes: fetch.bytes,
                milliseconds: fetch.milliseconds, validators: fetch.validators, outcome: fetch.outcome, error: nil)))
        }
        return positioned.sorted { $0.position < $1.position }.map(\.entry)
    }
}

extension RunSummary {
    init(row: Row) throws(StoreError) {
        let outcome: String? = row["outcome"]
        let startedAt = try row.requiredTimestamp("started_at")
        self.init(id: row["id"], sourceID: row["source_id"], cycles: row["cycles"],
                  firstStartedAt: try row.timestamp("first_started_at") ?? startedAt, startedAt: startedAt,
                  finishedAt: try row.timestamp("finished_at"),
                  outcome: outcome.flatMap(RunOutcome.init(rawValue:)), fetches: row["fetches"], failures: row["failures"],
                  bytes: row["bytes"], meetingsSeen: row["meetings_seen"], versionsWritten: row["versions_written"],
                  noticesWritten: row["notices_written"], error: row["error"],
                  notes: (row["notes"] as String?)?.split(separator: "\n").map(String.init) ?? [])
    }
}

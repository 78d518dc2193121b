import AgendaCore
import AgendaModel
import Foundation
import GRDB

extension AgendaStore {
    public func registerSource(id: String, name: String, baseURL: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO sources (id, name, base_url) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, base_url = excluded.base_url
                WHERE name IS NOT excluded.name OR base_url IS NOT excluded.base_url
                """, arguments: [id, name, baseURL])
        }
    }

    public func source(id: String) throws(StoreError) -> SourceRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE id = ?", arguments: [id]).map { try SourceRecord(row: $0) }
        }
    }

    public func sources() throws(StoreError) -> [SourceRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM sources ORDER BY id").map { try SourceRecord(row: $0) } }
    }

    public func markBaseline(sourceID: String, at date: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sources SET baseline_at = ? WHERE id = ? AND baseline_at IS NULL",
                           arguments: [Timestamp.string(date), sourceID])
        }
    }

    public func meetingStates(sourceID: String) throws(StoreError) -> [MeetingID: MeetingState] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(MeetingState.columns) FROM meetings WHERE source_id = ?",
                                        arguments: [sourceID])
            var states: [MeetingID: MeetingState] = [:]
            for row in rows {
                let state = try MeetingState(row: row)
                states[state.id] = state
            }
            return states
        }
    }

    public func meetingState(_ id: MeetingID) throws(StoreError) -> MeetingState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(MeetingState.columns) FROM meetings WHERE id = ?", arguments: [id.description])
                .map { try MeetingState(row: $0) }
        }
    }

    /// The committees of a source whose meetings list has been read at least once.
    public func committeesWithListRead(sourceID: String) throws(StoreError) -> Set<Int> {
        try read { db in
            Set(try Int.fetchAll(db, sql: "SELECT committee_id FROM committee_lists WHERE source_id = ?",
                                 arguments: [sourceID]))
        }
    }

    /// The remembered validators of every page under `prefix` (a source's base URL), by URL.
    public func validators(underPrefix prefix: String) throws(StoreError) -> [String: PageValidators] {
        try read { db in
            var result: [String: PageValidators] = [:]
            // A range scan on the primary key: every URL that starts with `prefix`.
            for row in try Row.fetchAll(db, sql: "SELECT * FROM page_validators WHERE url >= ? AND url < ?",
                                        arguments: [prefix, prefix + "\u{10FFFF}"]) {
                result[row["url"]] = PageValidators(etag: row["etag"], lastModified: row["last_modified"],
                                                    bodyDigest: row["body_digest"])
            }
            return result
        }
    }

    /// Notes that a committee's meetings list was read; true the first time for that committee.
    public func markListRead(sourceID: String, committeeID: Int, at date: Date) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO committee_lists (source_id, committee_id, first_read_at) VALUES (?, ?, ?)
                """, arguments: [sourceID, committeeID, Timestamp.string(date)])
            return db.changesCount > 0
        }
    }

    /// Records what the committee lists say: new meetings get a row (version 0), meetings seen
    /// again lose their `missing_since`, and `missing` ones get it. Writes nothing when nothing changed.
    public func recordListing(sourceID: String, listed: [ListedMeeting], missing: [MeetingID], announceNew: Bool,
                              at date: Date) throws(StoreError) {
        let now = Timestamp.string(date)
        try write { db in
            for entry in listed {
                try db.execute(sql: """
                    INSERT INTO meetings (id, source_id, number, committee_id, committee_name, title, start, status, url,
                                          announce_new, first_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET missing_since = NULL WHERE missing_since IS NOT NULL
                    """, arguments: [entry.id.description, sourceID, entry.id.number, entry.committee.id,
                                     entry.committee.name, entry.committee.name, entry.start?.iso8601,
                                     (entry.cancelled ? MeetingStatus.cancelled : .confirmed).rawValue,
                                     entry.url, announceNew, now])
            }
            for id in missing {
                try db.execute(sql: "UPDATE meetings SET missing_since = ? WHERE id = ? AND missing_since IS NULL",
                               arguments: [now, id.description])
            }
        }
    }

    /// Commits a new version with its changes and outbox notices in one transaction.
    /// Throws if another writer stored a version in between (the caller re-reads and retries next cycle).
    public func commit(_ version: NewVersion) throws(StoreError) {
        let encoded = EncodedVersion(version)
        try write { db in
            if let current = try Self.currentVersion(of: version.meeting.id, db), current != version.number - 1 {
                throw StoreError.conflict("meeting \(version.meeting.id) is at version \(current), cannot store version \(version.number)")
            }
            try Self.insert(encoded, notices: version.notices, db)
        }
    }

    /// The meeting's current version; nil when it has no row yet.
    static func currentVersion(of id: MeetingID, _ db: Database) throws -> Int? {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT current_version FROM meetings WHERE id = ?"), arguments: [id.description])
    }

    /// Writes a version, its changes and `notices` (into the outbox), and moves the meeting row on to it.
    /// The caller has checked that the version follows the current one.
    static func insert(_ version: EncodedVersion, notices: [OutboxEntry], _ db: Database) throws {
        let meeting = version.meeting
        let id = meeting.id.description
        try ensureMeetingRow(version, db)
        try db.cachedStatement(sql: """
            INSERT INTO versions (meeting_id, number, content_hash, record, record_size, record_format, raw_page, raw_size,
                                  fetched_at, raw_format)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, version.number, version.contentHash, version.record, version.recordSize, version.recordFormat,
                                     version.rawPage, version.rawSize, version.fetchedAt, version.rawFormat])
        for (position, change) in version.changes.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO changes (meeting_id, version, position, kind, item, title, url, before, after, external)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, version.number, position, change.kind.rawValue, change.item, change.title,
                                         change.url, change.before, change.after, change.external])
        }
        for notice in notices {
            // Deterministic ids: a re-detected change after a lost commit maps onto the same row.
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO notices (id, subscription_id, meeting_id, version, type, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [notice.id, notice.subscriptionID, id, version.number, notice.type.rawValue,
                                         Data(notice.payload), version.fetchedAt])
        }
        try db.cachedStatement(sql: """
            UPDATE meetings SET current_version = ?, content_hash = ?, committee_id = ?, committee_name = ?,
                   title = ?, start = ?, status = ?, url = ?, missing_since = NULL
            WHERE id = ?
            """).execute(arguments: [version.number, version.contentHash, meeting.committee.id, meeting.committee.name,
                                     meeting.title, meeting.start?.iso8601, meeting.status.rawValue, meeting.url, id])
    }

    /// A meeting read without having been listed first gets its row (announced as new).
    static func ensureMeetingRow(_ version: EncodedVersion, _ db: Database) throws {
        let meeting = version.meeting
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO meetings (id, source_id, number, committee_id, committee_name, title, start, status, url,
                                            announce_new, first_seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
            """).execute(arguments: [meeting.id.description, meeting.id.source, meeting.id.number, meeting.committee.id,
                                     meeting.committee.name, meeting.title, meeting.start?.iso8601, meeting.status.rawValue,
                                     meeting.url, version.fetchedAt])
    }

    /// Records how the meeting's current version was read, once a cycle has read it that way
    /// (after storing its version, or finding it unchanged).
    public func markRead(_ ids: [MeetingID], via: SourceReading) throws(StoreError) {
        try write { db in
            for id in ids {
                try db.cachedStatement(sql: "UPDATE meetings SET read_via = ? WHERE id = ?").execute(arguments: [via.rawValue, id.description])
            }
        }
    }

    /// The typed record of a stored version (the current one when `version` is nil).
    public func meeting(_ id: MeetingID, version: Int? = nil) throws(StoreError) -> (version: Int, meeting: Meeting)? {
        try storedVersion(id, number: version).map { ($0.version, $0.meeting) }
    }

    /// A stored version with its record and when it was stored (the current one when `number` is nil).
    public func storedVersion(_ id: MeetingID, number: Int? = nil) throws(StoreError) -> StoredVersion? {
        let stored: (number: Int, record: StoredRecord, fetchedAt: Date)? = try read { db in
            let columns = "SELECT number, record, record_size, record_format, fetched_at FROM versions WHERE meeting_id = ?"
            let row: Row?
            if let number {
                row = try Row.fetchOne(db, sql: columns + " AND number = ?", arguments: [id.description, number])
            } else {
                row = try Row.fetchOne(db, sql: columns + " ORDER BY number DESC LIMIT 1", arguments: [id.description])
            }
            return try row.map { ($0["number"], StoredRecord(row: $0), try $0.requiredTimestamp("fetched_at")) }
        }
        guard let (number, record, fetchedAt) = stored else { return nil }
        return StoredVersion(meeting: try record.meeting(of: "version \(number) of \(id)"), version: number, storedAt: fetchedAt)
    }

    /// The current version of each of `ids` that has one (in the order given), with when it was
    /// stored: what a calendar lists.
    public func currentVersions(of ids: [MeetingID]) throws(StoreError) -> [StoredVersion] {
        let stored: [(id: MeetingID, number: Int, record: StoredRecord, fetchedAt: Date)] = try read { db in
            try ids.compactMap { id in
                try Row.fetchOne(db, sql: """
                    SELECT v.number, v.record, v.record_size, v.record_format, v.fetched_at FROM meetings m
                    JOIN versions v ON v.meeting_id = m.id AND v.number = m.current_version WHERE m.id = ?
                    """, arguments: [id.description]).map { row in
                    (id, row["number"], StoredRecord(row: row), try row.requiredTimestamp("fetched_at"))
                }
            }
        }
        var current: [StoredVersion] = []
        for entry in stored {
            let meeting = try entry.record.meeting(of: "version \(entry.number) of \(entry.id)")
            current.append(StoredVersion(meeting: meeting, version: entry.number, storedAt: entry.fetchedAt))
        }
        return current
    }

    /// The page as fetched for a stored version; nil when there is no such version, or its page was
    /// dropped by `page_retention` (its typed record stays).
    public func rawPage(_ id: MeetingID, version: Int) throws(StoreError) -> [UInt8]? {
        let stored: (page: Data, size: Int, format: String?)? = try read { db in
            try Row.fetchOne(db, sql: "SELECT raw_page, raw_size, raw_format FROM versions WHERE meeting_id = ? AND number = ?",
                             arguments: [id.description, version]).map { ($0["raw_page"], $0["raw_size"], $0["raw_format"]) }
        }
        guard let (compressed, size, format) = stored, format != PageFormat.dropped else { return nil }
        do { return try PageFormat.decode(compressed, format: format, size: size) } catch {
            throw .corruptRecord("raw page of version \(version) of \(id): \(error)")
        }
    }

    /// Every stored version of a meeting, oldest first, with its changes.
    public func history(of id: MeetingID) throws(StoreError) -> [VersionSummary] {
        try read { db in
            let versions = try Row.fetchAll(db, sql: """
                SELECT number, fetched_at, content_hash, raw_size FROM versions WHERE meeting_id = ? ORDER BY number
                """, arguments: [id.description])
            let changeRows = try Row.fetchAll(db, sql: """
                SELECT * FROM changes WHERE meeting_id = ? ORDER BY version, position
                """, arguments: [id.description])
            var changes: [Int: [Change]] = [:]
            for row in changeRows {
                guard let kind = ChangeKind(rawValue: row["kind"]) else { continue }
                changes[row["version"], default: []].append(Change(
                    kind: kind, item: row["item"], title: row["title"], url: row["url"],
                    before: row["before"], after: row["after"], external: row["external"]))
            }
            return try versions.map { row in
                let number: Int = row["number"]
                return VersionSummary(number: number, fetchedAt: try row.requiredTimestamp("fetched_at"),
                                      contentHash: row["content_hash"], rawSize: row["raw_size"], changes: changes[number] ?? [])
            }
        }
    }

    /// Meetings with at least one stored version, optionally narrowed, earliest start first.
    public func meetings(sourceID: String? = nil, committeeID: Int? = nil)
        throws(StoreError) -> [MeetingState]
    {
        try read { db in
            var sql = "SELECT \(MeetingState.columns) FROM meetings WHERE current_version > 0"
            var arguments: StatementArguments = []
            if let sourceID { sql += " AND source_id = ?"; arguments += [sourceID] }
            if let committeeID { sql += " AND committee_id = ?"; arguments += [committeeID] }
            // By start (meetings without one last), then id.
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try MeetingState(row: $0) }.sorted {
                switch ($0.start, $1.start) {
                case let (left?, right?) where left != right: left < right
                case (nil, _?): false
                case (_?, nil): true
                default: $0.id < $1.id
                }
            }
        }
    }

    public func validators(for url: String) throws(StoreError) -> PageValidators? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM page_validators WHERE url = ?", arguments: [url]).map {
                PageValidators(etag: $0["etag"], lastModified: $0["last_modified"], bodyDigest: $0["body_digest"])
            }
        }
    }

    /// Remembers a page's validators and body digest; writes nothing when they are unchanged.
    public func saveValidators(_ validators: PageValidators, for url: String) throws(StoreError) {
        try write { db in try Self.saveValidators(validators, for: url, db) }
    }
}

/// A version as its rows hold it: the record as compressed JSON, the page compressed.
struct EncodedVersion: Sendable {
    var meeting: Meeting
    var number: Int
    var contentHash: String
    var record: Data
    var recordSize: Int
    /// See `PageFormat`.
    var recordFormat: String?
    var rawPage: Data
    var rawSize: Int
    /// See `PageFormat`.
    var rawFormat: String?
    var fetchedAt: String
    var changes: [Change]

    init(_ version: NewVersion) {
        let json = RecordCoding.json(version.meeting)
        let record = PageFormat.encode(json)
        let page = PageFormat.encode(version.rawPage)
        self.init(meeting: version.meeting, number: version.number, contentHash: version.contentHash,
                  record: record.bytes, recordSize: json.count, recordFormat: record.format, rawPage: page.bytes,
                  rawSize: version.rawPage.count, rawFormat: page.format, fetchedAt: Timestamp.string(version.fetchedAt),
                  changes: version.changes)
    }

    init(meeting: Meeting, number: Int, contentHash: String, record: Data, recordSize: Int, recordFormat: String?,
         rawPage: Data, rawSize: Int, rawFormat: String?, fetchedAt: String, changes: [Change]) {
        self.meeting = meeting
        self.number = number
        self.contentHash = contentHash
        self.record = record
        self.recordSize = recordSize
        self.recordFormat = recordFormat
        self.rawPage = rawPage
        self.rawSize = rawSize
        self.rawFormat = rawFormat
        self.fetchedAt = fetchedAt
        self.changes = changes
    }
}

/// A stored record as read from its row (`record`, `record_size`, `record_format` of `versions` or
/// `held_versions`), decoded on demand.
struct StoredRecord {
    var bytes: Data
    var size: Int
    var format: String?

    init(row: Row) {
        bytes = row["record"]
        size = row["record_size"]
        format = row["record_format"]
    }

    /// The meeting it holds; `what` names the record in the error ("version 3 of leics/7892").
    func meeting(of what: String) throws(StoreError) -> Meeting {
        let json: [UInt8]
        do { json = try PageFormat.decode(bytes, format: format, size: size) } catch {
            throw .corruptRecord("\(what): \(error)")
        }
        do {
            return try RecordCoding.decoder.decode(Meeting.self, from: Data(json))
        } catch {
            throw .corruptRecord("\(what): \(error)")
        }
    }
}

/// The JSON form of a stored record: sorted keys, so equal records give equal bytes.
enum RecordCoding {
    /// A meeting's record: `encoder`'s bytes, as `MeetingJSON` writes them.
    static func json(_ meeting: Meeting) -> [UInt8] {
        MeetingJSON.bytes(meeting, escapingSlashes: false)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder { JSONDecoder() }
}

extension SourceRecord {
    init(row: Row) throws {
        let heldSince = try row.timestamp("held_since")
        self.init(id: row["id"], name: row["name"], baseURL: row["base_url"], baselineAt: try row.timestamp("baseline_at"),
                  hold: heldSince.map { SourceHold(since: $0, reason: row["held_reason"] ?? "") })
    }
}

extension MeetingState {
    /// The columns `init(row:)` reads, by position: select exactly these (`SELECT \(MeetingState.columns)
    /// FROM meetings …`). By position, not name: GRDB matches a name case-insensitively, column by column,
    /// which was most of reading a source's meetings at the start of every cycle.
    static let columns = """
        id, status, start, committee_id, committee_name, title, url, current_version, content_hash, announce_new, \
        first_seen_at, missing_since, read_via
        """

    init(row: Row) throws {
        let text: String = row[0]
        guard let id = MeetingID(text) else { throw StoreError.corruptRecord("meeting id \(text)") }
        let statusText: String = row[1]
        let startText: String? = row[2]
        var start: LondonDateTime?
        if let startText {
            guard let parsed = LondonDateTime(iso8601: startText) else { throw StoreError.corruptRecord("meeting \(text) start \(startText)") }
            start = parsed
        }
        self.init(id: id, committeeID: row[3], committeeName: row[4], title: row[5],
                  start: start, status: MeetingStatus(rawValue: statusText) ?? .confirmed, url: row[6],
                  currentVersion: row[7], contentHash: row[8], announceNew: row[9],
                  firstSeenAt: try row.requiredTimestamp(at: 10, "first_seen_at"),
                  missingSince: try row.timestamp(at: 11, "missing_since"),
                  via: (row[12] as String?).flatMap(SourceReading.init(rawValue:)) ?? .html)
    }
}

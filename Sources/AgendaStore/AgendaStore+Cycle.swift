import AgendaCore
import AgendaModel
import Foundation
import GRDB

/// A meeting page a cycle read and found different from the meeting's current version.
public struct CycleVersion: Sendable {
    /// The version, its changes and its notices (none for a silent one).
    public var version: NewVersion
    /// The page as the meetings list links to it, and what it answered with: saved with the version,
    /// so a page whose version did not commit is read (and compared) again next cycle.
    public var pageURL: String
    public var validators: PageValidators

    public init(version: NewVersion, pageURL: String, validators: PageValidators) {
        self.version = version
        self.pageURL = pageURL
        self.validators = validators
    }
}

/// A held meeting whose page, read again, matches its current version once more.
public struct SettledPage: Sendable {
    public var meetingID: MeetingID
    public var pageURL: String
    public var validators: PageValidators

    public init(meetingID: MeetingID, pageURL: String, validators: PageValidators) {
        self.meetingID = meetingID
        self.pageURL = pageURL
        self.validators = validators
    }
}

/// Why and since when a source's changes are held (see ``AgendaStore/commitCycle(sourceID:versions:settled:templateChange:at:)``).
public struct SourceHold: Sendable, Equatable, Codable {
    public var since: Date
    public var reason: String

    public init(since: Date, reason: String) {
        self.since = since
        self.reason = reason
    }
}

/// What the end of a cycle stored.
public struct CycleCommitResult: Sendable, Equatable {
    /// Versions stored and delivered (their notices are in the outbox).
    public var committed = 0
    /// Notices written to the outbox.
    public var notices = 0
    /// Versions held, with the notices they would have written.
    public var held = 0
    public var heldNotices = 0
    /// Versions that no longer followed their meeting's current version (another writer stored one
    /// in between): not stored, and their pages are read again next cycle.
    public var skipped: [MeetingID] = []
    /// The source's hold after this commit; nil when its changes are delivered.
    public var hold: SourceHold?
    /// This commit put the source on hold.
    public var newlyHeld = false
    /// This commit ended a hold because nothing was held any more (every held page read back as it
    /// was delivered).
    public var holdLapsed = false

    public init() {}
}

extension AgendaStore {
    /// Stores the end of a source's cycle **in one transaction**: its new versions with their
    /// notices and their pages' validators, either delivered (versions and outbox notices) or — when
    /// `templateChange` says why, or the source is already held — held: each meeting's held version
    /// replaced by this one, its notices kept aside with the ids they would have had, nothing in the
    /// outbox. `settled` meetings' held versions go (their pages read as delivered again), and a
    /// source left with nothing held is held no more.
    ///
    /// A version that no longer follows its meeting's current one is skipped, validators and all.
    public func commitCycle(sourceID: String, versions: [CycleVersion], settled: [SettledPage] = [],
                            templateChange: String?, at date: Date) throws(StoreError) -> CycleCommitResult {
        let encoded = versions.map { EncodedVersion($0.version) }
        let now = Timestamp.string(date)
        return try write { db in
            var result = CycleCommitResult()
            var hold = try Self.hold(of: sourceID, db)
            if hold == nil, let templateChange {
                hold = SourceHold(since: date, reason: templateChange)
                result.newlyHeld = true
                try db.execute(sql: "UPDATE sources SET held_since = ?, held_reason = ? WHERE id = ?",
                               arguments: [now, templateChange, sourceID])
            } else if hold != nil, let templateChange {
                hold?.reason = templateChange
                try db.execute(sql: "UPDATE sources SET held_reason = ? WHERE id = ?", arguments: [templateChange, sourceID])
            }
            for (entry, version) in zip(versions, encoded) {
                let current = try Self.currentVersion(of: version.meeting.id, db) ?? 0
                guard current == version.number - 1 else {
                    result.skipped.append(version.meeting.id)
                    continue
                }
                if hold != nil {
                    try Self.replaceHeld(version, sourceID: sourceID, notices: entry.version.notices, db)
                    result.held += 1
                    result.heldNotices += entry.version.notices.count
                } else {
                    try Self.insert(version, notices: entry.version.notices, db)
                    result.committed += 1
                    result.notices += entry.version.notices.count
                }
                try Self.saveValidators(entry.validators, for: entry.pageURL, db)
            }
            for page in settled {
                try db.execute(sql: "DELETE FROM held_versions WHERE meeting_id = ?", arguments: [page.meetingID.description])
                try Self.saveValidators(page.validators, for: page.pageURL, db)
            }
            if hold != nil, templateChange == nil,
               try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM held_versions WHERE source_id = ?", arguments: [sourceID]) == 0 {
                try db.execute(sql: "UPDATE sources SET held_since = NULL, held_reason = NULL WHERE id = ?", arguments: [sourceID])
                hold = nil
                result.holdLapsed = true
            }
            result.hold = hold
            return result
        }
    }

    static func hold(of sourceID: String, _ db: Database) throws -> SourceHold? {
        guard let row = try Row.fetchOne(db, sql: "SELECT held_since, held_reason FROM sources WHERE id = ?",
                                         arguments: [sourceID]),
              let since = try row.timestamp("held_since") else { return nil }
        return SourceHold(since: since, reason: row["held_reason"] ?? "")
    }

    /// The meeting's held version becomes `version` (a meeting has at most one: the latest comparison).
    private static func replaceHeld(_ version: EncodedVersion, sourceID: String, notices: [OutboxEntry],
                                    _ db: Database) throws {
        let id = version.meeting.id.description
        let changes: Data
        do { changes = try RecordCoding.encoder.encode(version.changes) } catch {
            throw StoreError.corruptRecord("cannot encode the changes of \(id): \(error)")
        }
        try ensureMeetingRow(version, db)
        try db.execute(sql: "DELETE FROM held_versions WHERE meeting_id = ?", arguments: [id])
        try db.execute(sql: """
            INSERT INTO held_versions (meeting_id, source_id, number, content_hash, record, record_size, record_format,
                                       raw_page, raw_size, fetched_at, changes, raw_format)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, sourceID, version.number, version.contentHash, version.record, version.recordSize,
                             version.recordFormat, version.rawPage, version.rawSize, version.fetchedAt, changes, version.rawFormat])
        for notice in notices {
            try db.execute(sql: """
                INSERT INTO held_notices (id, subscription_id, meeting_id, version, type, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [notice.id, notice.subscriptionID, id, version.number, notice.type.rawValue,
                                 Data(notice.payload), version.fetchedAt])
        }
    }

    static func saveValidators(_ validators: PageValidators, for url: String, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO page_validators (url, etag, last_modified, body_digest) VALUES (?, ?, ?, ?)
            ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                body_digest = excluded.body_digest
            WHERE etag IS NOT excluded.etag OR last_modified IS NOT excluded.last_modified
               OR body_digest IS NOT excluded.body_digest
            """).execute(arguments: [url, validators.etag, validators.lastModified, validators.bodyDigest])
    }
}

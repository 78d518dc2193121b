import AgendaCore
import AgendaModel
import Foundation
import GRDB

/// One meeting's held version, as `agenda-sync held` lists it.
public struct HeldVersion: Sendable, Equatable {
    public var meeting: Meeting
    /// The version it becomes when released or re-baselined.
    public var number: Int
    public var detectedAt: Date
    public var changes: [Change]
    /// The held notices' ids, by subscription.
    public var notices: [String: String]
}

/// What `release` or `rebaseline` stored.
public struct HoldSettlement: Sendable, Equatable {
    /// The hold that ended.
    public var hold: SourceHold
    public var versions: Int
    /// Notices written to the outbox (none for a re-baseline).
    public var notices: Int
    /// Held notices dropped (a re-baseline's).
    public var dropped: Int
}

extension AgendaStore {
    /// The hold of every source that has one, by source id.
    public func holds() throws(StoreError) -> [String: SourceHold] {
        try read { db in
            var holds: [String: SourceHold] = [:]
            for id in try String.fetchAll(db, sql: "SELECT id FROM sources WHERE held_since IS NOT NULL") {
                holds[id] = try Self.hold(of: id, db)
            }
            return holds
        }
    }

    /// The meetings of a source that have a held version.
    public func heldMeetingIDs(sourceID: String) throws(StoreError) -> Set<MeetingID> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT meeting_id FROM held_versions WHERE source_id = ?",
                                    arguments: [sourceID]).compactMap(MeetingID.init))
        }
    }

    /// The held versions of a source, in the order they were detected.
    public func heldVersions(sourceID: String) throws(StoreError) -> [HeldVersion] {
        try read { db in try Self.heldVersions(sourceID: sourceID, db).map(\.version) }
    }

    /// The held versions of a source with their rows, in the order they were detected.
    private static func heldVersions(sourceID: String, _ db: Database) throws -> [(version: HeldVersion, row: Row)] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM held_versions WHERE source_id = ? ORDER BY fetched_at, meeting_id
            """, arguments: [sourceID])
        let notices = try Row.fetchAll(db, sql: """
            SELECT n.meeting_id, n.subscription_id, n.id FROM held_notices n
            JOIN held_versions v ON v.meeting_id = n.meeting_id WHERE v.source_id = ?
            """, arguments: [sourceID])
        return try rows.map { row in
            let id: String = row["meeting_id"]
            let meeting = try StoredRecord(row: row).meeting(of: "the held version of \(id)")
            let changes: [Change]
            do {
                changes = try RecordCoding.decoder.decode([Change].self, from: row["changes"] as Data)
            } catch {
                throw StoreError.corruptRecord("the held version of \(id): \(error)")
            }
            var ids: [String: String] = [:]
            for notice in notices where notice["meeting_id"] == id { ids[notice["subscription_id"]] = notice["id"] }
            let version = HeldVersion(meeting: meeting, number: row["number"], detectedAt: try row.requiredTimestamp("fetched_at"),
                                      changes: changes, notices: ids)
            return (version, row)
        }
    }

    /// `release`: the held versions become the meetings' versions and their notices go into the
    /// outbox as they are, with the ids they were given when they were held — in one transaction.
    /// nil when the source is not held.
    public func releaseHold(sourceID: String) throws(StoreError) -> HoldSettlement? {
        try settleHold(sourceID: sourceID, deliver: true)
    }

    /// `rebaseline`: the held versions become the meetings' versions, silently (their notices are
    /// dropped), in one transaction; the next change of a meeting is compared with them. nil when
    /// the source is not held.
    public func rebaseline(sourceID: String) throws(StoreError) -> HoldSettlement? {
        try settleHold(sourceID: sourceID, deliver: false)
    }

    private func settleHold(sourceID: String, deliver: Bool) throws(StoreError) -> HoldSettlement? {
        try write { db in
            guard let hold = try Self.hold(of: sourceID, db) else { return nil }
            var settlement = HoldSettlement(hold: hold, versions: 0, notices: 0, dropped: 0)
            for (version, row) in try Self.heldVersions(sourceID: sourceID, db) {
                let meetingID = version.meeting.id
                if let current = try Self.currentVersion(of: meetingID, db), current != version.number - 1 {
                    throw StoreError.conflict("meeting \(meetingID) is at version \(current), cannot store its held version \(version.number)")
                }
                let notices = try Row.fetchAll(db, sql: """
                    SELECT id, subscription_id, type, payload FROM held_notices WHERE meeting_id = ? ORDER BY id
                    """, arguments: [meetingID.description]).map { notice in
                    OutboxEntry(id: notice["id"], subscriptionID: notice["subscription_id"],
                                type: NoticeType(rawValue: notice["type"]) ?? .meetingChanged,
                                payload: Array(notice["payload"] as Data))
                }
                let encoded = EncodedVersion(
                    meeting: version.meeting, number: version.number, contentHash: row["content_hash"], record: row["record"],
                    recordSize: row["record_size"], recordFormat: row["record_format"], rawPage: row["raw_page"], rawSize: row["raw_size"],
                    rawFormat: row["raw_format"], fetchedAt: row["fetched_at"], changes: version.changes)
                try Self.insert(encoded, notices: deliver ? notices : [], db)
                settlement.versions += 1
                if deliver { settlement.notices += notices.count } else { settlement.dropped += notices.count }
            }
            try db.execute(sql: "DELETE FROM held_versions WHERE source_id = ?", arguments: [sourceID])
            try db.execute(sql: "UPDATE sources SET held_since = NULL, held_reason = NULL WHERE id = ?", arguments: [sourceID])
            return settlement
        }
    }
}

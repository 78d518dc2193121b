import AgendaModel
import Foundation
import GRDB

/// A notice waiting in the outbox.
public struct PendingNotice: Sendable, Equatable {
    public var id: String
    public var subscriptionID: String
    public var meetingID: String
    public var version: Int
    public var payload: [UInt8]
    public var attempts: Int
}

/// Outbox counts per subscription and state, for `status`.
public struct OutboxCount: Sendable, Equatable, Codable {
    public var subscriptionID: String
    public var state: String
    public var count: Int

    enum CodingKeys: String, CodingKey { case subscriptionID = "subscription", state, count }
}

extension AgendaStore {
    /// Pending notices of one subscription that are due, in version order (oldest change first).
    public func dueNotices(subscriptionID: String, at date: Date, limit: Int = 1000) throws(StoreError) -> [PendingNotice] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, subscription_id, meeting_id, version, payload, attempts FROM notices
                WHERE subscription_id = ? AND state IN ('pending', 'failed')
                  AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY created_at, meeting_id, version
                LIMIT ?
                """, arguments: [subscriptionID, Timestamp.string(date), limit]).map { row in
                let payload: Data = row["payload"]
                return PendingNotice(id: row["id"], subscriptionID: row["subscription_id"], meetingID: row["meeting_id"],
                                     version: row["version"], payload: Array(payload), attempts: row["attempts"])
            }
        }
    }

    public func markDelivered(noticeIDs: [String], at date: Date) throws(StoreError) {
        guard !noticeIDs.isEmpty else { return }
        try write { db in
            for id in noticeIDs {
                try db.execute(sql: """
                    UPDATE notices SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL,
                           next_attempt_at = NULL
                    WHERE id = ?
                    """, arguments: [Timestamp.string(date), id])
            }
        }
    }

    public func markFailed(noticeID: String, error: String, nextAttempt: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE notices SET state = 'failed', attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id = ?
                """, arguments: [error, Timestamp.string(nextAttempt), noticeID])
        }
    }

    public func outboxCounts() throws(StoreError) -> [OutboxCount] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT subscription_id, state, COUNT(*) AS n FROM notices GROUP BY subscription_id, state
                ORDER BY subscription_id, state
                """).map { OutboxCount(subscriptionID: $0["subscription_id"], state: $0["state"], count: $0["n"]) }
        }
    }

    /// Notices stored for a meeting version (all subscriptions), for tests and `history`.
    public func notices(meetingID: MeetingID? = nil) throws(StoreError) -> [(id: String, subscriptionID: String, state: String, payload: [UInt8])] {
        try read { db in
            let rows: [Row]
            if let meetingID {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM notices WHERE meeting_id = ? ORDER BY created_at, version, id",
                                        arguments: [meetingID.description])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM notices ORDER BY created_at, meeting_id, version, id")
            }
            return rows.map { row in
                let payload: Data = row["payload"]
                return (row["id"], row["subscription_id"], row["state"], Array(payload))
            }
        }
    }
}

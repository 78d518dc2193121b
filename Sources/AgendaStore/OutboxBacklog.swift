import Foundation
import GRDB

/// One subscription's notices still to go out (pending, or failed and due for a retry): how many,
/// and when the oldest was written. Dead and delivered notices are not in it.
public struct OutboxBacklog: Sendable, Equatable {
    public var subscriptionID: String
    public var count: Int
    public var oldestCreatedAt: Date
}

extension AgendaStore {
    /// Per subscription with notices waiting, the backlog (for the daemon's `/metrics`).
    public func outboxBacklog() throws(StoreError) -> [OutboxBacklog] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT subscription_id, COUNT(*) AS n, MIN(created_at) AS oldest FROM notices
                WHERE state IN (?, ?) GROUP BY subscription_id ORDER BY subscription_id
                """, arguments: [NoticeState.pending.rawValue, NoticeState.failed.rawValue]).map { row in
                OutboxBacklog(subscriptionID: row["subscription_id"], count: row["n"],
                              oldestCreatedAt: try row.requiredTimestamp("oldest"))
            }
        }
    }
}

import AgendaCore
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

/// Where a notice is in its delivery.
public enum NoticeState: String, Sendable, Codable, CaseIterable {
    /// Not yet attempted, or re-enqueued by `outbox retry` / `outbox replay`.
    case pending
    /// Attempted and failed; tried again at `next_attempt_at`.
    case failed
    case delivered
    /// Every attempt of the retry schedule failed; only `outbox retry` sends it again.
    case dead
}

/// One outbox row as `agenda-sync outbox` shows it.
public struct OutboxRow: Sendable, Equatable, Codable {
    public var id: String
    public var subscriptionID: String
    public var meetingID: String
    public var version: Int
    public var type: String
    public var state: NoticeState
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var deliveredAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, subscriptionID = "subscription", meetingID = "meeting", version, type, state, attempts,
             lastError = "last_error", nextAttemptAt = "next_attempt_at", createdAt = "created_at",
             deliveredAt = "delivered_at"
    }
}

/// Outbox counts per subscription and state, for `status`.
public struct OutboxCount: Sendable, Equatable, Codable {
    public var subscriptionID: String
    public var state: String
    public var count: Int

    enum CodingKeys: String, CodingKey { case subscriptionID = "subscription", state, count }
}

/// Delivery state of a subscription as a whole.
public struct SubscriptionState: Sendable, Equatable, Codable {
    public var subscriptionID: String
    /// Set when the endpoint answered 410 Gone: nothing is sent until `outbox enable`.
    public var disabledAt: Date?
    public var disabledReason: String?
    /// Set when the endpoint asked us to slow down (429/502/503/504): nothing is sent before it.
    public var throttledUntil: Date?
    /// When the last email digest was written (digest subscriptions only).
    public var lastDigestAt: Date?
    /// What the calendar file was last written from (calendar subscriptions only; not shown).
    public var feedFingerprint: String? = nil

    public init(subscriptionID: String, disabledAt: Date? = nil, disabledReason: String? = nil,
                throttledUntil: Date? = nil, lastDigestAt: Date? = nil, feedFingerprint: String? = nil) {
        self.subscriptionID = subscriptionID
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
        self.throttledUntil = throttledUntil
        self.lastDigestAt = lastDigestAt
        self.feedFingerprint = feedFingerprint
    }

    enum CodingKeys: String, CodingKey {
        case subscriptionID = "subscription", disabledAt = "disabled_at", disabledReason = "disabled_reason",
             throttledUntil = "throttled_until", lastDigestAt = "last_digest_at"
    }
}

extension AgendaStore {
    /// The notices of one subscription that may be sent now, oldest change first (creation, then
    /// meeting, then version). Delivery keeps this order strictly: the list stops at the first
    /// undelivered notice that is not due yet (a failed one waiting for its retry), so a later
    /// version is never sent before an earlier one.
    public func dueNotices(subscriptionID: String, at date: Date, limit: Int = 1000) throws(StoreError) -> [PendingNotice] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, subscription_id, meeting_id, version, payload, attempts, next_attempt_at FROM notices
                WHERE subscription_id = ? AND state IN ('pending', 'failed')
                ORDER BY created_at, meeting_id, version
                LIMIT ?
                """, arguments: [subscriptionID, limit])
            var due: [PendingNotice] = []
            for row in rows {
                if let next = try row.timestamp("next_attempt_at"), next > date { break }
                let payload: Data = row["payload"]
                due.append(PendingNotice(id: row["id"], subscriptionID: row["subscription_id"], meetingID: row["meeting_id"],
                                         version: row["version"], payload: Array(payload), attempts: row["attempts"]))
            }
            return due
        }
    }

    /// When the first undelivered notice of a subscription is next due (nil when none waits), so a
    /// daemon knows when to wake for a retry.
    public func nextNoticeAttempt(subscriptionID: String) throws(StoreError) -> Date? {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT next_attempt_at, created_at FROM notices
                WHERE subscription_id = ? AND state IN ('pending', 'failed')
                ORDER BY created_at, meeting_id, version LIMIT 1
                """, arguments: [subscriptionID])
            guard let row else { return nil }
            return try row.timestamp("next_attempt_at") ?? Date.distantPast
        }
    }

    /// Every undelivered notice of a subscription (pending or failed, due or not), oldest first: a digest.
    public func undeliveredNotices(subscriptionID: String, limit: Int = 500) throws(StoreError) -> [PendingNotice] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, subscription_id, meeting_id, version, payload, attempts FROM notices
                WHERE subscription_id = ? AND state IN ('pending', 'failed')
                ORDER BY created_at, meeting_id, version LIMIT ?
                """, arguments: [subscriptionID, limit]).map { row in
                let payload: Data = row["payload"]
                return PendingNotice(id: row["id"], subscriptionID: row["subscription_id"], meetingID: row["meeting_id"],
                                     version: row["version"], payload: Array(payload), attempts: row["attempts"])
            }
        }
    }

    /// The payloads of a subscription's newest `limit` notices, whatever their state, newest first (the
    /// reverse of delivery order): what an Atom feed lists.
    public func latestNoticePayloads(subscriptionID: String, limit: Int) throws(StoreError) -> [[UInt8]] {
        try read { db in
            try Data.fetchAll(db, sql: """
                SELECT payload FROM notices WHERE subscription_id = ?
                ORDER BY created_at DESC, meeting_id DESC, version DESC LIMIT ?
                """, arguments: [subscriptionID, limit]).map { Array($0) }
        }
    }

    /// How many notices of a subscription are not delivered yet (pending or failed).
    public func undeliveredCount(subscriptionID: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notices WHERE subscription_id = ? AND state IN ('pending', 'failed')",
                             arguments: [subscriptionID]) ?? 0
        }
    }

    public func markDelivered(noticeIDs: [String], at date: Date) throws(StoreError) {
        guard !noticeIDs.isEmpty else { return }
        try write { db in try Self.markDelivered(noticeIDs, at: date, in: db) }
    }

    /// A calendar or feed file was written: `noticeIDs` (every notice it covers) are delivered, and
    /// `fingerprint` (what a calendar was built from; nil for a feed) is remembered, in one transaction.
    public func recordFeedWritten(subscriptionID: String, fingerprint: String?, noticeIDs: [String],
                                  at date: Date) throws(StoreError) {
        try write { db in
            try Self.markDelivered(noticeIDs, at: date, in: db)
            guard let fingerprint else { return }
            try db.execute(sql: "INSERT OR IGNORE INTO subscription_state (subscription_id) VALUES (?)",
                           arguments: [subscriptionID])
            try db.execute(sql: "UPDATE subscription_state SET feed_fingerprint = ? WHERE subscription_id = ?",
                           arguments: [fingerprint, subscriptionID])
        }
    }

    private static func markDelivered(_ noticeIDs: [String], at date: Date, in db: Database) throws {
        for id in noticeIDs {
            try db.execute(sql: """
                UPDATE notices SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL,
                       next_attempt_at = NULL
                WHERE id = ?
                """, arguments: [Timestamp.string(date), id])
        }
    }

    /// Records a failed attempt: retried at `nextAttempt`, or dead when there is none.
    public func markFailed(noticeID: String, error: String, nextAttempt: Date?) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE notices SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id = ?
                """, arguments: [nextAttempt == nil ? NoticeState.dead.rawValue : NoticeState.failed.rawValue,
                                 error, nextAttempt.map(Timestamp.string), noticeID])
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

    /// Outbox rows, newest first, optionally of one subscription and some states.
    public func outboxEntries(subscriptionID: String? = nil, states: [NoticeState]? = nil,
                              limit: Int = 100) throws(StoreError) -> [OutboxRow] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let subscriptionID {
                conditions.append("subscription_id = ?")
                _ = arguments.append(contentsOf: [subscriptionID])
            }
            if let states, !states.isEmpty {
                conditions.append("state IN (\(states.map { _ in "?" }.joined(separator: ",")))")
                _ = arguments.append(contentsOf: StatementArguments(states.map(\.rawValue)))
            }
            _ = arguments.append(contentsOf: [limit])
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: """
                SELECT * FROM notices \(whereClause)
                ORDER BY created_at DESC, meeting_id DESC, version DESC LIMIT ?
                """, arguments: arguments).map { row in
                try OutboxRow(id: row["id"], subscriptionID: row["subscription_id"], meetingID: row["meeting_id"],
                            version: row["version"], type: row["type"],
                            state: NoticeState(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
                            lastError: row["last_error"], nextAttemptAt: row.timestamp("next_attempt_at"),
                            createdAt: row.requiredTimestamp("created_at"), deliveredAt: row.timestamp("delivered_at"))
            }
        }
    }

    /// `outbox retry ID…`: failed or dead notices become pending, due now. Returns the ids that were
    /// re-enqueued; an id that is unknown or already delivered/pending is not among them.
    public func retryNotices(ids: [String]) throws(StoreError) -> [String] {
        try write { db in
            var retried: [String] = []
            for id in ids {
                try db.execute(sql: """
                    UPDATE notices SET state = 'pending', next_attempt_at = NULL
                    WHERE id = ? AND state IN ('failed', 'dead')
                    """, arguments: [id])
                if db.changesCount > 0 { retried.append(id) }
            }
            return retried
        }
    }

    /// `outbox retry --all-dead`: every dead notice (of one subscription, or all) becomes pending.
    public func retryDeadNotices(subscriptionID: String? = nil) throws(StoreError) -> Int {
        try write { db in
            if let subscriptionID {
                try db.execute(sql: "UPDATE notices SET state = 'pending', next_attempt_at = NULL WHERE state = 'dead' AND subscription_id = ?",
                               arguments: [subscriptionID])
            } else {
                try db.execute(sql: "UPDATE notices SET state = 'pending', next_attempt_at = NULL WHERE state = 'dead'")
            }
            return db.changesCount
        }
    }

    /// `outbox replay`: delivered notices of a subscription detected at or after `since` are sent
    /// again, with their original ids (receivers de-duplicate by id).
    public func replayNotices(subscriptionID: String, since: Date) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE notices SET state = 'pending', next_attempt_at = NULL
                WHERE subscription_id = ? AND state = 'delivered' AND created_at >= ?
                """, arguments: [subscriptionID, Timestamp.string(since)])
            return db.changesCount
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

    // MARK: Subscription state

    public func subscriptionState(_ subscriptionID: String) throws(StoreError) -> SubscriptionState {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM subscription_state WHERE subscription_id = ?",
                                             arguments: [subscriptionID]) else {
                return SubscriptionState(subscriptionID: subscriptionID)
            }
            return try Self.subscriptionState(row)
        }
    }

    public func subscriptionStates() throws(StoreError) -> [SubscriptionState] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM subscription_state ORDER BY subscription_id").map { try Self.subscriptionState($0) }
        }
    }

    /// 410 Gone: the subscription sends nothing more until `outbox enable`; its notices stay queued.
    public func disableSubscription(_ subscriptionID: String, reason: String, at date: Date) throws(StoreError) {
        try upsertSubscriptionState(subscriptionID, set: "disabled_at = ?, disabled_reason = ?",
                                    [Timestamp.string(date), reason])
    }

    /// Re-enables a disabled subscription (and lifts a throttle); true when it was disabled.
    public func enableSubscription(_ subscriptionID: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE subscription_state SET disabled_at = NULL, disabled_reason = NULL, throttled_until = NULL
                WHERE subscription_id = ? AND disabled_at IS NOT NULL
                """, arguments: [subscriptionID])
            return db.changesCount > 0
        }
    }

    /// Nothing is sent to the subscription before `until` (nil lifts the throttle).
    public func throttleSubscription(_ subscriptionID: String, until: Date?) throws(StoreError) {
        try upsertSubscriptionState(subscriptionID, set: "throttled_until = ?", [until.map(Timestamp.string)])
    }

    public func recordDigest(_ subscriptionID: String, at date: Date) throws(StoreError) {
        try upsertSubscriptionState(subscriptionID, set: "last_digest_at = ?", [Timestamp.string(date)])
    }

    private func upsertSubscriptionState(_ subscriptionID: String, set assignments: String,
                                         _ values: [String?]) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO subscription_state (subscription_id) VALUES (?)",
                           arguments: [subscriptionID])
            try db.execute(sql: "UPDATE subscription_state SET \(assignments) WHERE subscription_id = ?",
                           arguments: StatementArguments(values + [subscriptionID]))
        }
    }

    private static func subscriptionState(_ row: Row) throws(StoreError) -> SubscriptionState {
        SubscriptionState(subscriptionID: row["subscription_id"], disabledAt: try row.timestamp("disabled_at"),
                          disabledReason: row["disabled_reason"], throttledUntil: try row.timestamp("throttled_until"),
                          lastDigestAt: try row.timestamp("last_digest_at"), feedFingerprint: row["feed_fingerprint"])
    }
}

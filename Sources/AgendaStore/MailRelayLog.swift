import Foundation
import GRDB

/// What the SMTP relay last did with one spooled message.
public struct MailRelayRecord: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// Deferred (4xx or a connection problem): tried again at `nextAttemptAt`.
        case retry
        case sent
        /// Refused for good (5xx, or no usable envelope); the reply says why.
        case failed
    }

    public var spool: String
    /// The Maildir base name.
    public var file: String
    public var messageID: String?
    public var state: State
    public var attempts: Int
    public var lastReply: String?
    public var nextAttemptAt: Date?
    public var updatedAt: Date

    public init(spool: String, file: String, messageID: String?, state: State, attempts: Int, lastReply: String?,
                nextAttemptAt: Date?, updatedAt: Date) {
        self.spool = spool
        self.file = file
        self.messageID = messageID
        self.state = state
        self.attempts = attempts
        self.lastReply = lastReply
        self.nextAttemptAt = nextAttemptAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case spool, file, messageID = "message_id", state, attempts, lastReply = "last_reply",
             nextAttemptAt = "next_attempt_at", updatedAt = "updated_at"
    }
}

extension AgendaStore {
    public func mailRelayRecord(spool: String, file: String) throws(StoreError) -> MailRelayRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mail_relay WHERE spool = ? AND file = ?", arguments: [spool, file])
                .map(Self.mailRelayRecord)
        }
    }

    public func saveMailRelayRecord(_ record: MailRelayRecord) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO mail_relay (spool, file, message_id, state, attempts, last_reply, next_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (spool, file) DO UPDATE SET message_id = excluded.message_id, state = excluded.state,
                    attempts = excluded.attempts, last_reply = excluded.last_reply,
                    next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
                """, arguments: [record.spool, record.file, record.messageID, record.state.rawValue, record.attempts,
                                 record.lastReply, record.nextAttemptAt.map(Timestamp.string),
                                 Timestamp.string(record.updatedAt)])
        }
    }

    /// The relay's records, most recently updated first; `states` nil means all.
    public func mailRelayRecords(states: [MailRelayRecord.State]? = nil, limit: Int = 100) throws(StoreError) -> [MailRelayRecord] {
        try read { db in
            let filter = states.map { list in "WHERE state IN (\(list.map { "'\($0.rawValue)'" }.joined(separator: ",")))" } ?? ""
            return try Row.fetchAll(db, sql: "SELECT * FROM mail_relay \(filter) ORDER BY updated_at DESC, file LIMIT ?",
                                    arguments: [limit]).map(Self.mailRelayRecord)
        }
    }

    private static func mailRelayRecord(_ row: Row) -> MailRelayRecord {
        MailRelayRecord(spool: row["spool"], file: row["file"], messageID: row["message_id"],
                        state: MailRelayRecord.State(rawValue: row["state"]) ?? .retry, attempts: row["attempts"],
                        lastReply: row["last_reply"],
                        nextAttemptAt: (row["next_attempt_at"] as String?).flatMap(Timestamp.date),
                        updatedAt: (row["updated_at"] as String?).flatMap(Timestamp.date) ?? .distantPast)
    }
}

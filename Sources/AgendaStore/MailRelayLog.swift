import AgendaCore
import Foundation
import GRDB

/// What the SMTP relay last did with one spooled message (`mail relay`, or the daemon).
public struct MailRelayRecord: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// Deferred (4xx or a connection problem): tried again at `nextAttemptAt`.
        case retry
        case sent
        /// Refused for good (5xx, retries exhausted, or no usable envelope); the reply says why.
        case failed
    }

    public var spool: String
    /// The Maildir base name.
    public var file: String
    public var messageID: String?
    public var recipients: [String]
    public var state: State
    public var attempts: Int
    public var code: Int?
    public var lastReply: String
    public var firstAttemptAt: Date
    public var lastAttemptAt: Date
    public var nextAttemptAt: Date?

    public init(spool: String, file: String, messageID: String?, recipients: [String], state: State, attempts: Int,
                code: Int?, lastReply: String, firstAttemptAt: Date, lastAttemptAt: Date, nextAttemptAt: Date?) {
        self.spool = spool
        self.file = file
        self.messageID = messageID
        self.recipients = recipients
        self.state = state
        self.attempts = attempts
        self.code = code
        self.lastReply = lastReply
        self.firstAttemptAt = firstAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.nextAttemptAt = nextAttemptAt
    }

    enum CodingKeys: String, CodingKey {
        case spool, file, messageID = "message_id", recipients, state, attempts, code, lastReply = "last_reply",
             firstAttemptAt = "first_attempt_at", lastAttemptAt = "last_attempt_at", nextAttemptAt = "next_attempt_at"
    }
}

extension AgendaStore {
    public func mailRelayRecord(spool: String, file: String) throws(StoreError) -> MailRelayRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mail_relay WHERE spool = ? AND file = ?", arguments: [spool, file])
                .map { try Self.mailRelayRecord($0) }
        }
    }

    public func saveMailRelayRecord(_ record: MailRelayRecord) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO mail_relay (spool, file, message_id, recipients, state, attempts, code, last_reply,
                                        first_attempt_at, last_attempt_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (spool, file) DO UPDATE SET message_id = excluded.message_id,
                    recipients = excluded.recipients, state = excluded.state, attempts = excluded.attempts,
                    code = excluded.code, last_reply = excluded.last_reply, first_attempt_at = excluded.first_attempt_at,
                    last_attempt_at = excluded.last_attempt_at, next_attempt_at = excluded.next_attempt_at
                """, arguments: [record.spool, record.file, record.messageID, record.recipients.joined(separator: ","),
                                 record.state.rawValue, record.attempts, record.code, record.lastReply,
                                 Timestamp.string(record.firstAttemptAt), Timestamp.string(record.lastAttemptAt),
                                 record.nextAttemptAt.map(Timestamp.string)])
        }
    }

    /// The relay's records, most recent attempt first; `states` nil means all.
    public func mailRelayRecords(states: [MailRelayRecord.State]? = nil, limit: Int = 100) throws(StoreError) -> [MailRelayRecord] {
        try read { db in
            let filter = states.map { list in "WHERE state IN (\(list.map { "'\($0.rawValue)'" }.joined(separator: ",")))" } ?? ""
            return try Row.fetchAll(db, sql: "SELECT * FROM mail_relay \(filter) ORDER BY last_attempt_at DESC, file LIMIT ?",
                                    arguments: [limit]).map { try Self.mailRelayRecord($0) }
        }
    }

    private static func mailRelayRecord(_ row: Row) throws(StoreError) -> MailRelayRecord {
        let recipients: String = row["recipients"]
        return MailRelayRecord(spool: row["spool"], file: row["file"], messageID: row["message_id"],
                               recipients: recipients.split(separator: ",").map(String.init),
                               state: MailRelayRecord.State(rawValue: row["state"]) ?? .retry, attempts: row["attempts"],
                               code: row["code"], lastReply: row["last_reply"],
                               firstAttemptAt: try row.requiredTimestamp("first_attempt_at"),
                               lastAttemptAt: try row.requiredTimestamp("last_attempt_at"),
                               nextAttemptAt: try row.timestamp("next_attempt_at"))
    }
}

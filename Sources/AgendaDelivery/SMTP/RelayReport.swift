import Foundation

/// What one ``MailRelay`` pass did: one line per message it acted on, counts, and spool-level
/// problems.
public struct RelayReport: Sendable, Hashable, CustomStringConvertible {
    /// What happened to one message in the pass.
    public enum Outcome: String, Sendable, Hashable {
        /// The relay accepted it; it moved to `cur/`.
        case sent
        /// A temporary failure; it stays in `new/` until its next attempt.
        case deferred
        /// A permanent failure (or retries gave out, or it cannot be parsed); it moved to `failed/`.
        case failed
        /// It was sent before (journal or `cur/` says so); moved to `cur/` without sending again.
        case alreadySent = "already sent"
        /// Not tried in this pass because the relay could not be reached for an earlier message.
        case notAttempted = "not attempted"
        /// A spool or journal error kept the relay from handling it; it stays in `new/`.
        case error
    }

    /// One message's line.
    public struct Line: Sendable, Hashable, CustomStringConvertible {
        public var spool: String
        public var file: String
        public var messageID: String?
        public var recipients: [String]
        public var outcome: Outcome
        /// The attempt number this pass made (0 when it made none).
        public var attempts: Int
        /// The server's reply code, when there was one.
        public var code: Int?
        /// The server's reply or the failure's description.
        public var reply: String
        public var nextAttemptAt: Date?
        /// Spool or journal errors met after the outcome was decided (e.g. a failed rename).
        public var notes: [String]

        public init(spool: String, file: String, messageID: String? = nil, recipients: [String] = [],
                    outcome: Outcome, attempts: Int = 0, code: Int? = nil, reply: String,
                    nextAttemptAt: Date? = nil, notes: [String] = []) {
            self.spool = spool
            self.file = file
            self.messageID = messageID
            self.recipients = recipients
            self.outcome = outcome
            self.attempts = attempts
            self.code = code
            self.reply = reply
            self.nextAttemptAt = nextAttemptAt
            self.notes = notes
        }

        /// e.g. `deferred ntc_….agenda-sync <id@x> to jane@example.org (attempt 2, next 2026-…Z): 451 …`
        public var description: String {
            var text = "\(outcome.rawValue) \(spool)/new/\(file)"
            if let messageID { text += " \(messageID)" }
            if !recipients.isEmpty { text += " to \(recipients.joined(separator: ", "))" }
            var details: [String] = []
            if attempts > 0 { details.append("attempt \(attempts)") }
            if let nextAttemptAt { details.append("next \(nextAttemptAt.formatted(.iso8601))") }
            if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
            text += ": \(reply)"
            for note in notes { text += "; \(note)" }
            return text
        }
    }

    public var lines: [Line] = []
    /// Messages in `new/` still waiting for their next attempt time (no line each).
    public var notDue = 0
    /// Spool-level problems: a missing or unreadable `new/`, a spool another relay holds.
    public var problems: [String] = []

    public init() {}

    public var sent: Int { count(.sent) }
    public var deferred: Int { count(.deferred) }
    public var failed: Int { count(.failed) }
    public var alreadySent: Int { count(.alreadySent) }
    public var notAttempted: Int { count(.notAttempted) }
    public var errors: Int { count(.error) }

    private func count(_ outcome: Outcome) -> Int { lines.reduce(0) { $0 + ($1.outcome == outcome ? 1 : 0) } }

    /// A summary line, then one line per message and per problem.
    public var description: String {
        var summary = "mail relay: \(sent) sent, \(deferred) deferred, \(failed) failed"
        if alreadySent > 0 { summary += ", \(alreadySent) already sent" }
        if notAttempted > 0 { summary += ", \(notAttempted) not attempted" }
        if errors > 0 { summary += ", \(errors) errors" }
        if notDue > 0 { summary += ", \(notDue) waiting" }
        return ([summary] + lines.map(\.description) + problems).joined(separator: "\n")
    }
}

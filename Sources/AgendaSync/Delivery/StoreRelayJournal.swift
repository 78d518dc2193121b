import AgendaDelivery
import AgendaStore
import Foundation

/// The SMTP relay's journal in the database (`mail_relay`), so retries back off across passes and
/// restarts, a sent message is never sent twice, and `agenda-sync mail log` can show every reply.
struct StoreRelayJournal: RelayJournal {
    let store: AgendaStore

    func entry(spool: String, file: String) throws -> RelayEntry? {
        guard let record = try store.mailRelayRecord(spool: spool, file: file) else { return nil }
        return RelayEntry(outcome: RelayOutcome(record.state), attempts: record.attempts,
                          firstAttemptAt: record.firstAttemptAt, lastAttemptAt: record.lastAttemptAt,
                          nextAttemptAt: record.nextAttemptAt, reply: record.lastReply)
    }

    func record(_ attempt: RelayAttempt) throws {
        try store.saveMailRelayRecord(MailRelayRecord(
            spool: attempt.spool, file: attempt.file, messageID: attempt.messageID, recipients: attempt.recipients,
            state: MailRelayRecord.State(attempt.outcome), attempts: attempt.attempts, code: attempt.code,
            lastReply: attempt.reply, firstAttemptAt: attempt.firstAttemptAt, lastAttemptAt: attempt.attemptedAt,
            nextAttemptAt: attempt.nextAttemptAt))
    }
}

extension RelayOutcome {
    init(_ state: MailRelayRecord.State) {
        switch state {
        case .retry: self = .retry
        case .sent: self = .sent
        case .failed: self = .failed
        }
    }
}

extension MailRelayRecord.State {
    init(_ outcome: RelayOutcome) {
        switch outcome {
        case .retry: self = .retry
        case .sent: self = .sent
        case .failed: self = .failed
        }
    }
}

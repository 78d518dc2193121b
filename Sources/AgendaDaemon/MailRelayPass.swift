import AgendaCore
import AgendaDelivery
import AgendaStore
import AgendaSync
import Logging

/// The daemon's SMTP relay step, run after a delivery round when `smtp_url` is set.
enum MailRelayPass {
    /// One SMTP relay pass over the email spools, each message's outcome logged (a 5xx with its reply).
    static func run(_ relay: MailRelayRunner, logger: Logger) async {
        let report: RelayReport
        do { report = try await relay.runPass() } catch {
            logger.error("mail.relay_unusable", metadata: ["error": "\(error)"])
            return
        }
        for line in report.lines {
            var metadata: Logger.Metadata = ["file": "\(line.file)", "reply": "\(line.reply)"]
            if let id = line.messageID { metadata["message_id"] = "\(id)" }
            if !line.recipients.isEmpty { metadata["to"] = "\(line.recipients.joined(separator: ","))" }
            if let next = line.nextAttemptAt { metadata["next_attempt"] = "\(Timestamp.string(next))" }
            switch line.outcome {
            case .sent, .alreadySent: logger.info("mail.sent", metadata: metadata)
            case .deferred, .notAttempted: logger.warning("mail.deferred", metadata: metadata)
            case .failed, .error: logger.error("mail.failed", metadata: metadata)
            }
        }
        for problem in report.problems { logger.error("mail.spool_problem", metadata: ["error": "\(problem)"]) }
    }
}

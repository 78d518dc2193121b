import AgendaCore
import AgendaConfig
import AgendaDelivery
import AgendaStore
import AgendaSync
import ArgumentParser
import Foundation

/// `agenda-sync mail …`: the SMTP relay of the email spools.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Send the email spools over SMTP, and show what the relay did.",
        subcommands: [MailRelayCommand.self, MailLogCommand.self])
}

struct MailRelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "One pass: send every due message in the email spools' new/ over smtp_url, then exit.",
        discussion: """
            A sent message moves to cur/NAME:2,S. A 4xx reply or a connection problem leaves it in new/ and \
            retries it after 1m, 5m, 15m, 1h, then every 4h, for up to 5 days; a 5xx reply moves it to \
            failed/ with the reply recorded (`agenda-sync mail log`). Exit status 1 when a message failed or \
            was deferred, 2 when no relay is configured.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption

    struct Result: Encodable {
        var sent: Int
        var deferred: Int
        var failed: Int
        var notDue: Int
        var messages: [Message]
        var problems: [String]

        struct Message: Encodable {
            var file: String
            var messageID: String?
            var recipients: [String]
            var outcome: String
            var attempts: Int
            var code: Int?
            var reply: String
            var nextAttemptAt: String?

            enum CodingKeys: String, CodingKey {
                case file, messageID = "message_id", recipients, outcome, attempts, code, reply,
                     nextAttemptAt = "next_attempt_at"
            }
        }

        enum CodingKeys: String, CodingKey { case sent, deferred, failed, notDue = "not_due", messages, problems }
    }

    func run() async throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let report: RelayReport
        do {
            report = try await MailRelayRunner(configuration: configuration, store: store).runPass()
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        if output.json {
            try Output.json(Result(
                sent: report.sent, deferred: report.deferred, failed: report.failed, notDue: report.notDue,
                messages: report.lines.map { line in
                    Result.Message(file: line.spool + "/new/" + line.file, messageID: line.messageID,
                                   recipients: line.recipients, outcome: line.outcome.rawValue, attempts: line.attempts,
                                   code: line.code, reply: line.reply, nextAttemptAt: line.nextAttemptAt.map(Timestamp.string))
                },
                problems: report.problems))
        } else {
            Output.line(report.description)
        }
        if report.failed > 0 || report.deferred > 0 || !report.problems.isEmpty { throw ExitCode(1) }
    }
}

struct MailLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "What the SMTP relay did with each spooled message: sent, waiting for a retry, or failed (with the reply).")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Flag(name: .long, help: "Only permanent failures.") var failed = false
    @Option(name: .long, help: "How many messages to show.") var limit = 50

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let records = try store.mailRelayRecords(states: failed ? [.failed] : nil, limit: limit)
        if output.json { try Output.json(records); return }
        if records.isEmpty { Output.line(failed ? "no failed messages" : "the relay has not sent anything yet"); return }
        Output.table(["LAST ATTEMPT", "STATE", "ATTEMPTS", "FILE", "TO", "NEXT ATTEMPT", "REPLY"], records.map { record in
            [Timestamp.string(record.lastAttemptAt), record.state.rawValue, "\(record.attempts)", record.file,
             record.recipients.joined(separator: ","), record.nextAttemptAt.map(Timestamp.string) ?? "-", record.lastReply]
        })
    }
}

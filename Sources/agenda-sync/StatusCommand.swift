import AgendaCore
import AgendaConfig
import AgendaStore
import AgendaSync
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per source: health, last success, last error, next due, meetings, last 24 h; outbox counts and disabled subscriptions.",
        discussion: """
            Read from the database, so it answers after the journal has rotated and while `run` is working. \
            Next due is the daemon's persisted schedule (or, for a source only ever synced with `sync`, one \
            interval after its last cycle). The last error names the URL and the HTTP status or curl error; when \
            it is a redirect to another site (the council moved its install), the base_url it points to. A source \
            whose changes are held (they looked like a page-template change) shows health "held" with the reason: \
            see `agenda-sync held`.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption

    struct Status: Encodable {
        var sources: [SourceStatus]
        var outbox: [OutboxCount]
        /// Subscriptions their endpoint disabled (410 Gone); `outbox enable` re-enables them.
        var disabled: [SubscriptionState]
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let statuses = try SourceStatus.all(configuration, store: store, now: Date())
        let status = Status(sources: statuses, outbox: try store.outboxCounts(),
                            disabled: try store.subscriptionStates().filter { $0.disabledAt != nil })
        if output.json { try Output.json(status); return }
        Output.table(["SOURCE", "HEALTH", "LAST RESULT", "LAST SUCCESS", "FAILS", "NEXT DUE", "MEETINGS", "24H"],
                     statuses.map {
            [$0.source, $0.health, $0.result ?? "-", $0.lastSuccess.map(Timestamp.string) ?? "never", "\($0.consecutiveFailures)", $0.nextDue,
             "\($0.meetingsTracked)", "\($0.last24h.fetches) fetches, \(Output.bytes($0.last24h.bytes))"]
        })
        let errors = statuses.compactMap { status in status.lastError.map { (status.source, $0) } }
        if !errors.isEmpty {
            Output.line()
            Output.line("last errors:")
            for (source, error) in errors {
                let what = [error.httpStatus.map { "HTTP \($0)" }, error.curlError].compactMap { $0 }.first ?? error.outcome
                Output.line("  \(source)  \(Timestamp.string(error.at))  \(what)  \(error.url ?? "")  — \(error.message)")
            }
        }
        for status in statuses {
            if let held = status.held {
                Output.line("\(status.source) is held since \(Timestamp.string(held.since)): \(held.reason); \(held.meetings) "
                    + "meeting(s) wait: see `agenda-sync held --source \(status.source)`, then `agenda-sync release "
                    + "\(status.source)` (news) or `agenda-sync rebaseline \(status.source)` (a re-skin)")
            }
            if let movedTo = status.movedTo {
                Output.line("\(status.source)'s pages redirect to another site, \(movedTo): if the council moved its install, "
                    + "set base_url = \"\(movedTo)\" for \(status.source) (the stored meetings follow without notices)")
            }
        }
        Output.line()
        if status.outbox.isEmpty {
            Output.line("outbox: empty")
        } else {
            Output.table(["SUBSCRIPTION", "STATE", "NOTICES"], status.outbox.map { [$0.subscriptionID, $0.state, "\($0.count)"] })
        }
        for state in status.disabled {
            Output.line("disabled: \(state.subscriptionID) since \(state.disabledAt.map(Timestamp.string) ?? "?")"
                + (state.disabledReason.map { " (\($0))" } ?? "") + "; `agenda-sync outbox enable \(state.subscriptionID)`")
        }
    }
}

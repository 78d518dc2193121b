import AgendaCore
import AgendaConfig
import AgendaStore
import ArgumentParser
import Foundation

/// `agenda-sync outbox …`: what is waiting to be delivered, what failed, and putting it right.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Deliveries: what is pending, failed or dead, per subscription; retry, replay, re-enable.",
        subcommands: [OutboxListCommand.self, OutboxRetryCommand.self, OutboxReplayCommand.self, OutboxEnableCommand.self],
        defaultSubcommand: OutboxListCommand.self)
}

struct OutboxListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Counts per subscription, then the notices not yet delivered (newest first).")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("Only this subscription.", valueName: "id")) var subscription: String?
    @Flag(name: .long, help: "Only failed and dead notices.") var failed = false
    @Flag(name: .long, help: "List delivered notices too.") var all = false
    @Option(name: .long, help: "How many notices to list.") var limit = 50

    struct Summary: Encodable {
        var subscription: String
        var channel: String?
        var pending = 0
        var failed = 0
        var dead = 0
        var delivered = 0
        var disabledAt: String?
        var disabledReason: String?
        var throttledUntil: String?

        enum CodingKeys: String, CodingKey {
            case subscription, channel, pending, failed, dead, delivered, disabledAt = "disabled_at",
                 disabledReason = "disabled_reason", throttledUntil = "throttled_until"
        }
    }

    struct Listing: Encodable {
        var subscriptions: [Summary]
        var notices: [OutboxRow]
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let states: [NoticeState]? = failed ? [.failed, .dead] : (all ? nil : [.pending, .failed, .dead])
        let listing = Listing(subscriptions: try summaries(configuration, store),
                              notices: try store.outboxEntries(subscriptionID: subscription, states: states, limit: limit))
        if output.json { try Output.json(listing); return }
        Output.table(["SUBSCRIPTION", "CHANNEL", "PENDING", "FAILED", "DEAD", "DELIVERED", "STATE"],
                     listing.subscriptions.map { summary in
                         var state = "ok"
                         if let disabled = summary.disabledAt {
                             state = "disabled since \(disabled)" + (summary.disabledReason.map { " (\($0))" } ?? "")
                         } else if let until = summary.throttledUntil {
                             state = "throttled until \(until)"
                         }
                         return [summary.subscription, summary.channel ?? "(not in config)", "\(summary.pending)",
                                 "\(summary.failed)", "\(summary.dead)", "\(summary.delivered)", state]
                     })
        guard !listing.notices.isEmpty else {
            Output.line(failed ? "no failed or dead notices" : "nothing waiting")
            return
        }
        Output.line()
        Output.table(["NOTICE", "SUBSCRIPTION", "MEETING", "V", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"],
                     listing.notices.map { row in
                         [row.id, row.subscriptionID, row.meetingID, "\(row.version)", row.state.rawValue, "\(row.attempts)",
                          row.nextAttemptAt.map(Timestamp.string) ?? "-", row.lastError ?? ""]
                     })
    }

    private func summaries(_ configuration: AgendaConfiguration, _ store: AgendaStore) throws -> [Summary] {
        var byID: [String: Summary] = [:]
        for subscription in configuration.subscriptions {
            byID[subscription.id] = Summary(subscription: subscription.id, channel: subscription.channel.name)
        }
        for count in try store.outboxCounts() {
            var summary = byID[count.subscriptionID] ?? Summary(subscription: count.subscriptionID)
            switch NoticeState(rawValue: count.state) {
            case .pending?: summary.pending += count.count
            case .failed?: summary.failed += count.count
            case .dead?: summary.dead += count.count
            case .delivered?: summary.delivered += count.count
            case nil: break
            }
            byID[count.subscriptionID] = summary
        }
        for state in try store.subscriptionStates() {
            guard var summary = byID[state.subscriptionID] else { continue }
            summary.disabledAt = state.disabledAt.map(Timestamp.string)
            summary.disabledReason = state.disabledReason
            if let until = state.throttledUntil, until > Date() { summary.throttledUntil = Timestamp.string(until) }
            byID[state.subscriptionID] = summary
        }
        return byID.values.filter { subscription == nil || $0.subscription == subscription }
            .sorted { $0.subscription < $1.subscription }
    }
}

struct OutboxRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Send failed or dead notices again at the next delivery round (same notice ids).")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("Notice ids (ntc_…).", valueName: "id")) var ids: [String] = []
    @Flag(name: .long, help: "Every dead notice (of --subscription, or of all).") var allDead = false
    @Option(name: .long, help: ArgumentHelp("With --all-dead: only this subscription.", valueName: "id"))
    var subscription: String?

    func validate() throws {
        if ids.isEmpty == !allDead {
            throw ValidationError("give notice ids or --all-dead (not both)")
        }
        if subscription != nil, !allDead { throw ValidationError("--subscription goes with --all-dead") }
    }

    struct Result: Encodable {
        var retried: [String]
        var notRetried: [String]
        var count: Int

        enum CodingKeys: String, CodingKey { case retried, notRetried = "not_retried", count }
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        if allDead {
            let count = try store.retryDeadNotices(subscriptionID: subscription)
            if output.json { try Output.json(Result(retried: [], notRetried: [], count: count)); return }
            Output.line("\(count) dead notice(s) queued again")
            return
        }
        let retried = try store.retryNotices(ids: ids)
        let notRetried = ids.filter { !retried.contains($0) }
        if output.json {
            try Output.json(Result(retried: retried, notRetried: notRetried, count: retried.count))
        } else {
            Output.line("\(retried.count) notice(s) queued again")
            for id in notRetried { Output.error("\(id): not retried (unknown, or not failed/dead)") }
        }
        if !notRetried.isEmpty { throw ExitCode(1) }
    }
}

struct OutboxReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Deliver a subscription's already-delivered notices again (same ids), e.g. after a receiver lost data.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("The subscription.", valueName: "id")) var subscription: String
    @Option(name: .long, help: ArgumentHelp("Notices detected since: a duration ago (2d, 6h) or a time (2026-11-28T09:00:00Z).",
                                            valueName: "when"))
    var since: String

    struct Result: Encodable {
        var subscription: String
        var since: String
        var replayed: Int
    }

    func run() throws {
        let configuration = try options.load()
        guard configuration.subscriptions.contains(where: { $0.id == subscription }) else {
            Output.error("--subscription \(subscription): no such subscription in \(options.resolvedPath)")
            throw ExitCode(2)
        }
        let start: Date
        if let date = Timestamp.date(since) {
            start = date
        } else {
            do { start = Date().addingClamped(-(try ConfigDuration(parsing: since).timeInterval)) } catch {
                Output.error("--since \(since): give a duration such as 2d or 6h, or a time such as 2026-11-28T09:00:00Z")
                throw ExitCode(2)
            }
        }
        let store = try options.openExistingStore(configuration)
        let count = try store.replayNotices(subscriptionID: subscription, since: start)
        if output.json {
            try Output.json(Result(subscription: subscription, since: Timestamp.string(start), replayed: count))
        } else {
            Output.line("\(count) delivered notice(s) of \(subscription) since \(Timestamp.string(start)) queued again")
        }
    }
}

struct OutboxEnableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Re-enable a subscription its endpoint disabled (410 Gone); its waiting notices are then sent.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: ArgumentHelp("The subscription.", valueName: "id")) var subscription: String

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        if try store.enableSubscription(subscription) {
            Output.line("\(subscription): enabled")
        } else {
            Output.line("\(subscription): was not disabled")
        }
    }
}

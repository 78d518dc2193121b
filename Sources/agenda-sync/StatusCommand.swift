import AgendaConfig
import AgendaStore
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per source: last sync, result, next due, meetings tracked; outbox counts.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption

    struct SourceStatus: Encodable {
        var source: String
        var name: String
        var lastSync: String?
        var result: String?
        var nextDue: String?
        var meetingsTracked: Int
        var baselineAt: String?
        var lastError: String?

        enum CodingKeys: String, CodingKey {
            case source, name, lastSync = "last_sync", result, nextDue = "next_due",
                 meetingsTracked = "meetings_tracked", baselineAt = "baseline_at", lastError = "last_error"
        }
    }

    struct Status: Encodable {
        var sources: [SourceStatus]
        var outbox: [OutboxCount]
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        var statuses: [SourceStatus] = []
        for source in configuration.sources {
            let lastRun = try store.runs(sourceID: source.id, limit: 1).first
            let lastFailure = try store.fetchLog(sourceID: source.id, failuresOnly: true, limit: 1).first
            let nextDue = lastRun.flatMap { Timestamp.date($0.startedAt) }
                .map { Timestamp.string($0.addingTimeInterval(TimeInterval(source.interval.seconds))) }
            statuses.append(SourceStatus(
                source: source.id, name: source.name, lastSync: lastRun?.finishedAt,
                result: lastRun?.outcome?.rawValue, nextDue: nextDue ?? "now",
                meetingsTracked: try store.meetings(sourceID: source.id).count,
                baselineAt: try store.source(id: source.id)?.baselineAt,
                lastError: lastRun?.error ?? lastFailure.map { "\($0.entry.url): \($0.entry.error ?? $0.entry.outcome.rawValue)" }))
        }
        let status = Status(sources: statuses, outbox: try store.outboxCounts())
        if output.json { try Output.json(status); return }
        Output.table(["SOURCE", "LAST SYNC", "RESULT", "NEXT DUE", "MEETINGS", "LAST ERROR"], statuses.map {
            [$0.source, $0.lastSync ?? "never", $0.result ?? "-", $0.nextDue ?? "-", "\($0.meetingsTracked)",
             $0.lastError ?? ""]
        })
        Output.line()
        if status.outbox.isEmpty {
            Output.line("outbox: empty")
        } else {
            Output.table(["SUBSCRIPTION", "STATE", "NOTICES"], status.outbox.map { [$0.subscriptionID, $0.state, "\($0.count)"] })
        }
    }
}

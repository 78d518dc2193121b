import AgendaCore
import AgendaConfig
import AgendaStore
import ArgumentParser
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The sync log: one row per cycle, and under it one row per fetch.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("Only this source.", valueName: "id")) var source: String?
    @Option(name: .long, help: ArgumentHelp("Only cycles started within this long ago, e.g. 1h, 2d.", valueName: "duration"))
    var since: String?
    @Flag(name: .long, help: "Only failed cycles and failed fetches.") var errors = false
    @Option(name: .long, help: "How many cycles to show.") var limit = 5

    struct Cycle: Encodable {
        var run: RunSummary
        var fetches: [FetchLogEntry]
    }

    func run() throws {
        let configuration = try options.load()
        var sinceDate: Date?
        if let since {
            do { sinceDate = Date().addingClamped(-(try ConfigDuration(parsing: since).timeInterval)) } catch {
                Output.error("--since \(since): \(error)")
                throw ExitCode(2)
            }
        }
        let store = try options.openExistingStore(configuration)
        let runs = try store.runs(sourceID: source, since: sinceDate, failuresOnly: errors, limit: limit)
        let cycles = try runs.map { run in
            Cycle(run: run, fetches: try store.fetches(ofRun: run.id, failuresOnly: errors).filter { fetch in
                sinceDate.map { fetch.at >= $0 } ?? true
            })
        }
        if output.json { try Output.json(cycles); return }
        if cycles.isEmpty { Output.line(errors ? "no failures logged" : "no cycles logged"); return }
        for cycle in cycles {
            let run = cycle.run
            if run.cycles > 1 {
                // Quiet cycles collapsed by log_retention: what they have in common is all there is to say.
                Output.line("cycle \(run.id)  \(run.sourceID)  \(run.cycles) quiet cycles \(Timestamp.string(run.firstStartedAt)) → "
                    + "\(run.finishedAt.map(Timestamp.string) ?? "unfinished")  ok  \(run.fetches) fetches, "
                    + "\(Output.bytes(run.bytes)), no failures, versions or notices")
                continue
            }
            Output.line("cycle \(run.id)  \(run.sourceID)  \(Timestamp.string(run.startedAt)) → \(run.finishedAt.map(Timestamp.string) ?? "unfinished")  "
                + "\(run.outcome?.rawValue ?? "running")  \(run.fetches) fetches, \(run.failures) failed, "
                + "\(Output.bytes(run.bytes)), \(run.meetingsSeen) meetings, \(run.versionsWritten) versions, "
                + "\(run.noticesWritten) notices" + (run.error.map { "  error: \($0)" } ?? ""))
            for note in run.notes { Output.line("  note: \(note)") }
            for fetch in cycle.fetches {
                let status = fetch.status.map(String.init) ?? "---"
                let conditional = fetch.validators.map { " [if: \($0)]" } ?? ""
                Output.line("  \(Timestamp.string(fetch.at))  \(fetch.outcome.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) "
                    + "\(status)  \(Output.bytes(fetch.bytes).padding(toLength: 9, withPad: " ", startingAt: 0)) "
                    + "\(String(fetch.milliseconds).padding(toLength: 5, withPad: " ", startingAt: 0))ms  \(fetch.url)"
                    + conditional + (fetch.error.map { "  — \($0)" } ?? ""))
            }
        }
    }
}

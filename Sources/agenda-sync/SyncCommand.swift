import AgendaConfig
import AgendaFetch
import AgendaStore
import AgendaSync
import ArgumentParser
import Foundation

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Run one full cycle now (fetch, detect, store, deliver), then exit.",
        discussion: """
            The first successful sync of a source is a silent baseline: it stores every meeting and notifies \
            nobody (unless the source sets notify_existing = true). Exit status 1 when a source or a delivery failed.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("Sync only this source (repeatable).", valueName: "id"))
    var source: [String] = []

    func run() async throws {
        let configuration = try options.load()
        for id in source { try SourceArgument.check(id, in: configuration, options) }
        let store = try options.openStore(configuration)
        let client = HTTPClient(configuration: FetchConfiguration(daemon: configuration.daemon))
        defer { client.shutdown() }
        let engine = SyncEngine(context: SyncContext(configuration: configuration, store: store, client: client))
        let report = await engine.syncOnce(sourceIDs: source.isEmpty ? nil : source)
        if output.json {
            try Output.json(report)
        } else {
            SyncReportText.print(report, configuration: configuration)
        }
        if !report.succeeded { throw ExitCode(1) }
    }
}

enum SyncReportText {
    static func print(_ report: SyncReport, configuration: AgendaConfiguration) {
        Output.table(
            ["SOURCE", "RESULT", "FETCHES", "FAILED", "BYTES", "MEETINGS", "VERSIONS", "NOTICES", "NOTE"],
            report.sources.map { source in
                var note = ""
                if source.baseline {
                    // notify_existing = true announces every meeting of the baseline: not silent.
                    let announced = configuration.source(id: source.source)?.notifyExisting == true
                    note = announced ? "baseline (notify_existing: every meeting announced)" : "baseline (silent)"
                }
                if let error = source.error { note += (note.isEmpty ? "" : "; ") + error }
                if let hold = source.hold {
                    note += (note.isEmpty ? "" : "; ") + "HELD (\(source.versionsHeld) version(s) this cycle): \(hold.reason)"
                }
                return [source.source, source.outcome.rawValue, "\(source.fetches)", "\(source.failures)",
                        Output.bytes(source.bytes), "\(source.meetingsSeen)", "\(source.versionsWritten)",
                        "\(source.noticesWritten)", note]
            })
        printDelivery(report.delivery)
        for source in report.sources where source.failures > 0 {
            Output.line("  \(source.source): \(source.failures) failed fetch(es); see `agenda-sync log --errors --source \(source.source)`")
        }
        for source in report.sources {
            for note in source.notes { Output.line("  \(source.source): \(note)") }
        }
    }

    static func printDelivery(_ report: DeliveryReport) {
        var delivery = "delivery: \(report.delivered) delivered, \(report.failed) failed"
        if report.dead > 0 { delivery += " (\(report.dead) dead)" }
        if report.deferred > 0 {
            delivery += ", \(report.deferred) waiting (retry time, throttled or disabled endpoint, or next digest)"
        }
        Output.line(delivery)
        for error in report.errors { Output.line("  delivery error: \(error)") }
    }
}

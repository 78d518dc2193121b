import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import ArgumentParser
import Foundation

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every stored version of a meeting with its change summary.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("The meeting, as SOURCE/MEETINGID (e.g. leics/7892).", valueName: "meeting"))
    var meeting: MeetingID

    struct Version: Encodable {
        var version: Int
        var fetchedAt: Date
        var contentHash: String
        var pageBytes: Int
        var changes: [Change]

        enum CodingKeys: String, CodingKey {
            case version, fetchedAt = "fetched_at", contentHash = "content_hash", pageBytes = "page_bytes", changes
        }
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let history = try store.history(of: meeting)
        guard !history.isEmpty else {
            Output.error("no stored versions of \(meeting)")
            throw ExitCode(2)
        }
        let versions = history.map {
            Version(version: $0.number, fetchedAt: $0.fetchedAt, contentHash: $0.contentHash, pageBytes: $0.rawSize,
                    changes: $0.changes)
        }
        if output.json { try Output.json(versions); return }
        if let current = try store.meeting(meeting)?.meeting {
            Output.line("\(meeting)  \(current.title)")
            Output.line("  \(current.url)")
        }
        for version in versions {
            Output.line("v\(version.version)  \(Timestamp.string(version.fetchedAt))  \(ContentHash.abbreviated(version.contentHash))  "
                + "\(Output.bytes(version.pageBytes)) page")
            if version.changes.isEmpty { Output.line("    (no reportable change)") }
            for change in version.changes { Output.line("    " + ChangeText.line(change)) }
        }
    }
}

import AgendaCore
import AgendaConfig
import AgendaModel
import AgendaStore
import ArgumentParser
import Foundation

struct MeetingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "meetings", abstract: "The meetings tracked.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("Only this source.", valueName: "id")) var source: String?
    @Option(name: .long, help: ArgumentHelp("Only this committee id.", valueName: "n")) var committee: Int?
    @Flag(name: .long, help: "Only meetings that have not started yet.") var upcoming = false

    struct Row: Encodable {
        var id: String
        var committee: Committee
        var title: String
        var start: LondonDateTime?
        var status: String
        var version: Int
        var url: String
        var missingSince: Date?

        enum CodingKeys: String, CodingKey {
            case id, committee, title, start, status, version, url, missingSince = "missing_since"
        }
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let now = Date()
        let rows = try store.meetings(sourceID: source, committeeID: committee).filter { meeting in
            guard upcoming else { return true }
            guard let start = meeting.start else { return false }
            // A meeting known only by its day has not started until that day is over.
            return start.time == nil ? start.date >= LondonDateTime(now).date : start.instant >= now
        }.map {
            Row(id: $0.id.description, committee: Committee(id: $0.committeeID, name: $0.committeeName), title: $0.title,
                start: $0.start, status: $0.status.rawValue, version: $0.currentVersion, url: $0.url,
                missingSince: $0.missingSince)
        }
        if output.json { try Output.json(rows); return }
        if rows.isEmpty { Output.line("no meetings tracked"); return }
        Output.table(["MEETING", "START", "STATUS", "V", "TITLE"], rows.map {
            [$0.id, $0.start?.iso8601 ?? "?", $0.status + ($0.missingSince != nil ? " (not listed)" : ""), "\($0.version)", $0.title]
        })
    }
}

import AgendaConfig
import AgendaModel
import AgendaStore
import ArgumentParser
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A stored meeting as extracted: committee, start, status, venue, published, items and documents.",
        discussion: "The latest version, or --version V. --json prints the record as stored (the typed meeting of docs/notices.md).")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("The meeting, as SOURCE/MEETINGID (e.g. leics/7892).", valueName: "meeting"))
    var meeting: MeetingID
    @Option(name: .long, help: ArgumentHelp("The stored version to show.", valueName: "v")) var version: Int?

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        guard let latest = try store.meetingState(meeting)?.currentVersion, latest > 0 else {
            Output.error("no stored versions of \(meeting)")
            throw ExitCode(2)
        }
        guard let (number, record) = try store.meeting(meeting, version: version ?? latest) else {
            Output.error("\(meeting) has no version \(version ?? latest) (latest is \(latest))")
            throw ExitCode(2)
        }
        if output.json { try Output.json(record); return }
        MeetingText.print(record, version: number, latest: latest)
    }
}

/// A stored meeting for people: the record's fields, then its documents and items.
enum MeetingText {
    static func print(_ meeting: Meeting, version: Int, latest: Int) {
        Output.line("\(meeting.id)  version \(version)" + (version == latest ? " (latest)" : " of \(latest)"))
        Output.line(meeting.title)
        var published: [String] = []
        if meeting.published.agenda { published.append("agenda") }
        if meeting.published.minutes { published.append("minutes") }
        if meeting.published.decisions { published.append("decisions") }
        let fields = [
            ("committee", "\(meeting.committee.id) \(meeting.committee.name)"),
            ("start", meeting.start?.iso8601 ?? "unknown"),
            ("status", meeting.status.rawValue),
            ("venue", meeting.venue ?? "none given"),
            ("published", published.isEmpty ? "nothing yet" : published.joined(separator: ", ")),
            ("page", meeting.url),
        ]
        for (label, value) in fields { Output.line("  " + label.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + value) }
        if !meeting.actionDocuments.isEmpty {
            Output.line("documents")
            for document in meeting.actionDocuments {
                Output.line("  \(document.kind.rawValue): " + line(document.title, document.url, document.size, document.external))
            }
        }
        Output.line(meeting.items.isEmpty ? "no items" : "items")
        for item in meeting.items {
            var parts: [String] = []
            if item.text != nil { parts.append("text") }
            if let minutes = item.minutes { parts.append(minutes.truncated ? "minutes (cut short on the page)" : "minutes") }
            if let decision = item.decision { parts.append(decision.truncated ? "decision (cut short on the page)" : "decision") }
            let number = item.number.isEmpty ? "-" : item.number
            Output.line("  \(number)  \(item.title)" + (parts.isEmpty ? "" : "  [\(parts.joined(separator: ", "))]"))
            for document in item.documents {
                Output.line("      " + line(document.title, document.url, document.size, document.external))
            }
        }
    }

    private static func line(_ title: String, _ url: String, _ size: String?, _ external: Bool) -> String {
        "\(title)  \(size ?? "no size")  \(url)" + (external ? "  (on another web site)" : "")
    }
}

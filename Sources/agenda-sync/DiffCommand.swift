import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import ArgumentParser
import Foundation

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The changes between two stored versions of a meeting.",
        discussion: "Defaults: --to is the latest version, --from the one before it. Versions are re-compared from their stored records.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("The meeting, as SOURCE/MEETINGID.", valueName: "meeting")) var meeting: MeetingID
    @Option(name: .long, help: "The older version.") var from: Int?
    @Option(name: .long, help: "The newer version.") var to: Int?

    struct Result: Encodable {
        var meeting: String
        var from: Int?
        var to: Int
        var changes: [Change]
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        guard let latest = try store.meeting(meeting) else {
            Output.error("no stored versions of \(meeting)")
            throw ExitCode(2)
        }
        let toVersion = to ?? latest.version
        let fromVersion = from ?? (toVersion > 1 ? toVersion - 1 : nil)
        guard let newer = try store.meeting(meeting, version: toVersion)?.meeting else {
            Output.error("\(meeting) has no version \(toVersion) (latest is \(latest.version))")
            throw ExitCode(2)
        }
        var older: Meeting?
        if let fromVersion {
            guard let stored = try store.meeting(meeting, version: fromVersion)?.meeting else {
                Output.error("\(meeting) has no version \(fromVersion) (latest is \(latest.version))")
                throw ExitCode(2)
            }
            older = stored
        }
        let changes = MeetingDiffer().changes(from: older, to: newer)
        if output.json {
            try Output.json(Result(meeting: meeting.description, from: fromVersion, to: toVersion, changes: changes))
            return
        }
        Output.line("\(meeting)  v\(fromVersion.map(String.init) ?? "∅") → v\(toVersion)  \(newer.title)")
        if changes.isEmpty { Output.line("  no reportable change") }
        for change in changes {
            Output.line("  " + ChangeText.line(change))
            if let before = change.before { Output.line("      - " + ChangeText.clip(before)) }
            if let after = change.after { Output.line("      + " + ChangeText.clip(after)) }
        }
    }
}

/// One change as a line of text for people.
enum ChangeText {
    static func line(_ change: Change) -> String {
        var parts = [change.kind.rawValue]
        if let item = change.item { parts.append("item \(item)") }
        if let title = change.title { parts.append("\"\(clip(title))\"") }
        if let url = change.url { parts.append("<\(url)>") }
        return parts.joined(separator: "  ")
    }

    static func clip(_ text: String, _ limit: Int = 160) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ⏎ ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}

import AgendaCore
import AgendaConfig
import AgendaFetch
import AgendaModel
import AgendaStore
import AgendaSync
import ArgumentParser
import Foundation

/// The admin's side of the source-level guard: a cycle whose changes look like a page-template
/// change is held (nothing delivered) until the admin says what it was.
enum HoldCommandHelp {
    static let discussion = """
        When one cycle of a source changes at least 3 meetings, and at least half of the meetings whose \
        pages changed, the way a re-skin or a ModernGov upgrade does — all items or all documents lost, or the \
        same change to every item — its versions and notices are held: stored, not delivered. Later cycles keep \
        holding (each meeting's held version is replaced by its latest comparison with what was delivered) until \
        `agenda-sync release SOURCE` (it was news: the held notices go out as they are, same ids) or \
        `agenda-sync rebaseline SOURCE` (it was a re-skin: the versions are stored, no notices). \
        Exit status: 0 done, 1 nothing to do (the source is not held) or a delivery failed, 2 usage.
        """
}

struct HeldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "held",
        abstract: "What is held: per source, why and since when, and each meeting's held changes.",
        discussion: HoldCommandHelp.discussion)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("Only this source.", valueName: "id")) var source: String?

    struct Meeting: Encodable {
        var meeting: String
        var title: String
        var version: Int
        var detectedAt: Date
        var changes: [Change]
        /// Notice id by subscription: the ids `release` delivers them under.
        var notices: [String: String]

        enum CodingKeys: String, CodingKey { case meeting, title, version, detectedAt = "detected_at", changes, notices }
    }

    struct Source: Encodable {
        var source: String
        var since: Date
        var reason: String
        var meetings: [Meeting]
    }

    func run() throws {
        let configuration = try options.load()
        if let source { try SourceArgument.check(source, in: configuration, options) }
        let store = try options.openExistingStore(configuration)
        let holds = try store.holds()
        let sources = try holds.keys.sorted().filter { source == nil || $0 == source }.map { id in
            Source(source: id, since: holds[id]!.since, reason: holds[id]!.reason,
                   meetings: try store.heldVersions(sourceID: id).map {
                       Meeting(meeting: $0.meeting.id.description, title: $0.meeting.title, version: $0.number,
                               detectedAt: $0.detectedAt, changes: $0.changes, notices: $0.notices)
                   })
        }
        if output.json { try Output.json(sources); return }
        if sources.isEmpty { Output.line(source.map { "\($0): nothing held" } ?? "nothing held"); return }
        for held in sources {
            Output.line("\(held.source)  held since \(Timestamp.string(held.since)): \(held.reason)")
            for meeting in held.meetings {
                Output.line("  \(meeting.meeting) v\(meeting.version)  \(Timestamp.string(meeting.detectedAt))  "
                    + "\(meeting.notices.count) notice(s)  \(meeting.title)")
                if meeting.changes.isEmpty { Output.line("      (no reportable change)") }
                for change in meeting.changes { Output.line("      " + ChangeText.line(change)) }
            }
            Output.line("  → `agenda-sync release \(held.source)` if it was news (the notices go out as they are), "
                + "`agenda-sync rebaseline \(held.source)` if it was a re-skin (stored, no notices)")
        }
    }
}

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "The held changes of a source were news: store them and deliver their notices as they are.",
        discussion: HoldCommandHelp.discussion)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("The source whose held changes to release.", valueName: "source")) var source: String

    struct Report: Encodable {
        var source: String
        var versions: Int
        var notices: Int
        var delivery: DeliveryReport
    }

    func run() async throws {
        let (configuration, store, settled) = try HeldSource.settle(source, options, nothingTo: "release") {
            try $0.releaseHold(sourceID: source)
        }
        let client = HTTPClient(configuration: FetchConfiguration(daemon: configuration.daemon))
        defer { client.shutdown() }
        let delivery = await SyncEngine(context: SyncContext(configuration: configuration, store: store, client: client))
            .deliver()
        if output.json {
            try Output.json(Report(source: source, versions: settled.versions, notices: settled.notices, delivery: delivery))
        } else {
            Output.line("released \(source): \(settled.versions) version(s) stored, \(settled.notices) notice(s) queued")
            SyncReportText.printDelivery(delivery)
        }
        if delivery.failed > 0 || !delivery.errors.isEmpty { throw ExitCode(1) }
    }
}

struct RebaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebaseline",
        abstract: "The held changes of a source were a re-skin: store the pages as the new baseline, without notices.",
        discussion: HoldCommandHelp.discussion)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("The source whose held pages become its baseline.", valueName: "source")) var source: String

    struct Report: Encodable {
        var source: String
        var versions: Int
        var droppedNotices: Int

        enum CodingKeys: String, CodingKey { case source, versions, droppedNotices = "dropped_notices" }
    }

    func run() throws {
        let (_, _, settled) = try HeldSource.settle(source, options, nothingTo: "re-baseline") {
            try $0.rebaseline(sourceID: source)
        }
        if output.json {
            try Output.json(Report(source: source, versions: settled.versions, droppedNotices: settled.dropped))
            return
        }
        Output.line("re-baselined \(source): \(settled.versions) version(s) stored as the new baseline, "
            + "\(settled.dropped) held notice(s) dropped")
    }
}

/// `release` and `rebaseline`: one source's hold ended one way or the other.
enum HeldSource {
    /// Loads the config, checks `source`, opens the database and ends the hold with `settle` (one
    /// transaction); exit 1 when the source is not held.
    static func settle(_ source: String, _ options: ConfigOptions, nothingTo verb: String,
                       _ settle: (AgendaStore) throws -> HoldSettlement?) throws
        -> (AgendaConfiguration, AgendaStore, HoldSettlement)
    {
        let configuration = try options.load()
        try SourceArgument.check(source, in: configuration, options)
        let store = try options.openExistingStore(configuration)
        guard let settled = try settle(store) else {
            Output.error("\(source) is not held: nothing to \(verb)")
            throw ExitCode(1)
        }
        return (configuration, store, settled)
    }
}

/// A source named on the command line must be one of the config's (exit 2, like any usage error).
enum SourceArgument {
    static func check(_ id: String, in configuration: AgendaConfiguration, _ options: ConfigOptions) throws {
        guard configuration.source(id: id) == nil else { return }
        Output.error("no source \"\(id)\" in \(options.resolvedPath)")
        throw ExitCode(2)
    }
}

import AgendaConfig
import AgendaDelivery
import AgendaDiff
import AgendaFetch
import AgendaModel
import AgendaStore
import AgendaSync
import ArgumentParser
import Foundation
import SampleCouncil

/// The whole loop on a built-in sample council served from this process on 127.0.0.1:
/// a silent baseline, then scripted changes, each followed by a sync and its notices.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole loop on a built-in sample council (no network, no root).",
        discussion: """
            Serves "Sample Borough Council" on 127.0.0.1 from this process, writes a config, database and notice \
            files into --dir (default: a new temporary folder), syncs a silent baseline, then applies scripted \
            changes — a document added, minutes published, a meeting cancelled, a noise-only re-render — syncing \
            after each and printing the notices, then `history` and `diff` of a changed meeting. Every notice goes to \
            a JSON Lines file, a signed webhook (a receiver in this process that checks each signature), an email \
            spool (one RFC 5322 message per notice in a Maildir) and an Atom feed; a calendar lists every meeting. \
            The folder is kept so you can run the other commands against it. With --via webservice the council is \
            read through ModernGov's XML web service (mgWebService.asmx), which the sample council serves from the \
            same meetings: the same steps give the same notices.
            """)

    @Option(name: .long, help: ArgumentHelp("Folder for the demo's config, database and notices.", valueName: "path"))
    var dir: String?

    @Option(name: .long, help: ArgumentHelp("How to read the council: html (its pages) or webservice (mgWebService.asmx).",
                                            valueName: "html|webservice"))
    var via: String = SourceReading.html.rawValue

    func validate() throws {
        guard SourceReading(rawValue: via) != nil else {
            throw ValidationError("--via must be \"html\" or \"webservice\", not \"\(via)\"")
        }
    }

    func run() async throws {
        let folder = try demoFolder()
        let site = SampleCouncilSite(content: SampleCouncilData.content(reference: Date()))
        let base = try await site.start()
        defer { Task { await site.stop() } }

        let secret = "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let secretFile = folder + "/webhook.secret"
        try Data(secret.utf8).write(to: URL(fileURLWithPath: secretFile))
        let receiver = DemoWebhookReceiver(secrets: try WebhookSecrets(fileContents: secret))
        let webhookURL = try await receiver.start()
        defer { Task { await receiver.stop() } }

        let configPath = folder + "/agenda-sync.toml"
        let reading = SourceReading(rawValue: via) ?? .html
        try Data(DemoConfig.text(folder: folder, baseURL: base.absoluteString, webhookURL: webhookURL,
                                 secretFile: secretFile, via: reading).utf8)
            .write(to: URL(fileURLWithPath: configPath))
        let configuration: AgendaConfiguration
        do { configuration = try ConfigLoader.load(path: configPath) } catch {
            Output.error("the demo's own config is invalid: \(error)")
            throw ExitCode(1)
        }
        let store = try AgendaStore(path: configuration.daemon.database)
        let client = HTTPClient(configuration: FetchConfiguration(daemon: configuration.daemon))
        defer { client.shutdown() }
        let engine = SyncEngine(context: SyncContext(configuration: configuration, store: store, client: client))
        let noticesFile = NoticeTail(path: folder + "/notices.jsonl")
        let documents = DemoDocuments(folder: folder)

        Output.line("agenda-sync demo — \(SampleCouncilData.councilName), served at \(base.absoluteString)")
        Output.line("folder: \(folder)")
        Output.line(reading == .webservice ? "reading: the web service, \(base.absoluteString)mgWebService.asmx (via = \"webservice\")"
                                           : "reading: the HTML pages (via = \"html\")")
        Output.line()
        Output.line("== 1. Baseline sync (silent: stores every meeting, notifies nobody)")
        let baseline = await engine.syncOnce()
        SyncReportText.print(baseline, configuration: configuration)
        let baselineNotices = noticesFile.newLines()
        Output.line("notices written: \(baselineNotices.count)")
        let tracked = (try? store.meetings().count) ?? -1
        Output.line("calendar: \(DemoDocuments.count(documents.events, "meeting")) in \(DemoConfig.calendarFile); "
            + "feed: \(DemoDocuments.count(documents.entries, "entry", "entries")) in \(DemoConfig.feedFile)")

        var allAsExpected = baseline.succeeded && baselineNotices.isEmpty && documents.events == tracked
            && documents.entries == 0
        var noticesSoFar = 0
        var webhooksSeen = await receiver.received.count
        var mailSeen = spooledMail(folder + "/mail")
        var changedMeeting: MeetingID?
        for (index, step) in DemoScript.steps.enumerated() {
            Output.line()
            Output.line("== \(index + 2). \(step.description)")
            await site.update(step.apply)
            let report = await engine.syncOnce()
            let notices = noticesFile.newLines().compactMap { try? NoticeJSON.decode(Array($0.utf8)) }
            let s = report.sources.first
            Output.line("sync: \(s?.outcome.rawValue ?? "?"), \(s?.fetches ?? 0) fetches, "
                + "\(s?.versionsWritten ?? 0) new version(s), \(notices.count) notice(s)")
            for notice in notices {
                Output.line("  notice \(notice.id)  \(notice.type.rawValue)  \(notice.meeting.id) v\(notice.meeting.version)")
                Output.line("    \(notice.summary)")
                for change in notice.changes { Output.line("    · " + ChangeText.line(change)) }
            }
            let kinds = Set(notices.flatMap { $0.changes.map(\.kind) })
            let hooks = await receiver.received.dropFirst(webhooksSeen)
            webhooksSeen += hooks.count
            let mail = spooledMail(folder + "/mail").subtracting(mailSeen)
            mailSeen.formUnion(mail)
            if !notices.isEmpty || !hooks.isEmpty || !mail.isEmpty {
                Output.line("  webhook: \(hooks.count) POST(s), \(hooks.filter { $0.verified }.count) with a valid signature; "
                    + "email: \(mail.count) message(s) spooled in mail/new")
            }
            // The calendar is rewritten by a step that changed a meeting, and only then; the feed has every notice.
            noticesSoFar += notices.count
            let rewritten = documents.changed()
            Output.line(rewritten.isEmpty ? "  calendar and feed: untouched"
                : "  rewritten: \(rewritten.joined(separator: " and ")) (\(DemoDocuments.count(documents.events, "meeting")), "
                    + "\(DemoDocuments.count(documents.entries, "entry", "entries")))")
            let documentsAgree = rewritten.isEmpty == notices.isEmpty && documents.entries == noticesSoFar
                && documents.events == tracked
            let channelsAgree = hooks.count == notices.count && hooks.allSatisfy { $0.verified } && mail.count == notices.count
                && documentsAgree
            let asExpected = report.succeeded && kinds == Set(step.expected) && channelsAgree
            allAsExpected = allAsExpected && asExpected
            Output.line(asExpected
                ? "  ✓ as expected: " + (step.expected.isEmpty ? "no notice" : step.expected.map(\.rawValue).joined(separator: ", "))
                : "  ✗ expected \(step.expected.map(\.rawValue)), got \(kinds.map(\.rawValue).sorted())")
            if let number = step.meeting, step.expected.contains(.minutesPublished) {
                changedMeeting = MeetingID(source: SampleCouncilData.sourceID, number: number)
            }
        }

        if let changedMeeting {
            Output.line()
            Output.line("== agenda-sync history \(changedMeeting)")
            try HistoryCommand.parse(["--config", configPath, changedMeeting.description]).run()
            Output.line()
            Output.line("== agenda-sync diff \(changedMeeting)")
            try DiffCommand.parse(["--config", configPath, changedMeeting.description]).run()
        }
        Output.line()
        Output.line("Notices are in \(folder)/notices.jsonl (all) and \(folder)/planning.jsonl (Planning Committee only);")
        Output.line("email messages in \(folder)/mail/new (send them with `agenda-sync mail relay` once smtp_url is set).")
        Output.line("Calendar (RFC 5545): \(documents.calendarPath) — \(DemoDocuments.count(documents.events, "meeting")); "
            + "Atom feed: \(documents.feedPath) — \(DemoDocuments.count(documents.entries, "entry", "entries")).")
        Output.line("Publish them with any web server; calendar apps and feed readers subscribe to their URLs.")
        Output.line("Look around with the other commands, e.g.:")
        Output.line("  agenda-sync status --config \(configPath)")
        Output.line("  agenda-sync log --errors --config \(configPath)")
        Output.line("  agenda-sync meetings --config \(configPath)")
        Output.line("  agenda-sync outbox --config \(configPath)")
        Output.line(allAsExpected ? "demo: every step produced exactly the expected notices" : "demo: some step did not behave as expected")
        if !allAsExpected { throw ExitCode(1) }
    }

    /// File names in a Maildir's new/.
    private func spooledMail(_ spool: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: spool + "/new")) ?? [])
    }

    private func demoFolder() throws -> String {
        if let dir {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return (dir as NSString).standardizingPath
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agenda-sync-demo-\(UUID().uuidString.prefix(8).lowercased())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The demo's configuration, written as a file so the other commands can be pointed at it.
enum DemoConfig {
    static let calendarFile = "meetings.ics"
    static let feedFile = "changes.atom"

    static func text(folder: String, baseURL: String, webhookURL: String, secretFile: String, via: SourceReading) -> String {
        """
        # Written by `agenda-sync demo`: the built-in sample council on 127.0.0.1.
        [daemon]
        database   = "\(folder)/agenda-sync.sqlite"
        user_agent = "agenda-sync-demo/1.0 (+mailto:demo@example.invalid)"
        mail_from  = "Agenda alerts <alerts@example.invalid>"
        interval   = "15m"
        window     = { past = "60d", future = "365d" }
        # The sample council is on this machine: a short spacing keeps the demo quick.
        request_spacing = "50ms"

        [[source]]
        id       = "\(SampleCouncilData.sourceID)"
        name     = "\(SampleCouncilData.councilName)"
        base_url = "\(baseURL)"
        via      = "\(via.rawValue)"

        [[subscription]]
        id      = "everything"
        channel = "file"
        path    = "\(folder)/notices.jsonl"

        [[subscription]]
        id         = "planning"
        channel    = "file"
        path       = "\(folder)/planning.jsonl"
        committees = ["\(SampleCouncilData.sourceID)/\(SampleCouncilData.planning.id)"]

        # Signed per Standard Webhooks; the receiver is the demo process itself, on 127.0.0.1.
        [[subscription]]
        id            = "newsroom"
        channel       = "webhook"
        url           = "\(webhookURL)"
        secret_file   = "\(secretFile)"
        allow_private = true

        # One RFC 5322 message per notice, written into a Maildir spool.
        [[subscription]]
        id      = "jane"
        channel = "email"
        to      = "Jane Doe <jane@example.invalid>"
        spool   = "\(folder)/mail"

        # Every meeting as an iCalendar file a calendar app can subscribe to (publish it over any web server).
        [[subscription]]
        id      = "calendar"
        channel = "calendar"
        path    = "\(folder)/\(DemoConfig.calendarFile)"
        title   = "\(SampleCouncilData.councilName) meetings"

        # The latest notices as an Atom feed for feed readers.
        [[subscription]]
        id      = "feed"
        channel = "atom"
        path    = "\(folder)/\(DemoConfig.feedFile)"
        title   = "\(SampleCouncilData.councilName): what changed"

        """
    }
}

/// Reads the lines appended to a JSON Lines file since the last call.
final class NoticeTail {
    let path: String
    private var offset = 0

    init(path: String) {
        self.path = path
    }

    func newLines() -> [String] {
        guard let data = FileManager.default.contents(atPath: path), data.count > offset else { return [] }
        let text = String(decoding: data[offset...], as: UTF8.self)
        offset = data.count
        return text.split(separator: "\n").map(String.init)
    }
}

/// The demo's calendar and Atom files: how many events and entries they hold, and whether a step rewrote them.
final class DemoDocuments {
    let calendarPath: String
    let feedPath: String
    private var identities: [String: FileIdentity?] = [:]

    /// Inode and modification time: a rewrite (a rename into place) changes both.
    struct FileIdentity: Equatable {
        var inode: UInt64
        var modified: Date
    }

    init(folder: String) {
        calendarPath = folder + "/" + DemoConfig.calendarFile
        feedPath = folder + "/" + DemoConfig.feedFile
        for path in [calendarPath, feedPath] { identities[path] = Self.identity(path) }
    }

    /// "1 entry", "3 entries".
    static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
    }

    var events: Int { count("BEGIN:VEVENT\r\n", in: calendarPath) }
    var entries: Int { count("<entry>", in: feedPath) }

    /// "the calendar", "the feed": the files written since the last call.
    func changed() -> [String] {
        var names: [String] = []
        for (path, name) in [(calendarPath, "the calendar"), (feedPath, "the feed")] {
            let now = Self.identity(path)
            if now != identities[path] ?? nil { names.append(name) }
            identities[path] = now
        }
        return names
    }

    private func count(_ marker: String, in path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        return text.components(separatedBy: marker).count - 1
    }

    private static func identity(_ path: String) -> FileIdentity? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return FileIdentity(inode: inode, modified: modified)
    }
}

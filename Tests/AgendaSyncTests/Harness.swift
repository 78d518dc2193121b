import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaFetch
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
@testable import SampleCouncil
import Testing
import TestSupport

/// The sample council's meeting numbers, shorter.
typealias M = SampleCouncilData.Meetings

/// The clock every test syncs under: a fixed instant that moves only when the harness says so
/// (one minute before each sync, so stored timestamps stay distinct and ordered).
final class TestClock: @unchecked Sendable {
    /// Sunday 29 November 2026, 07:00 in London: the sample council's meetings are laid out around it.
    static let reference = LondonDateTime(year: 2026, month: 11, day: 29, hour: 7, minute: 0)!.instant

    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = TestClock.reference) {
        current = start
    }

    var now: Date {
        lock.withLock { current }
    }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// A subscription of the test config: a JSON Lines file named after it in the test's folder.
struct TestSubscription: Sendable {
    var id: String
    var filter: SubscriptionFilter
    /// The notice file, relative to the test's folder.
    var file: String

    init(id: String, filter: SubscriptionFilter, file: String? = nil) {
        self.id = id
        self.filter = filter
        self.file = file ?? "\(id).jsonl"
    }

    static let all = TestSubscription(id: "all", filter: .everything)
    static let planning = TestSubscription(id: "planning", filter: SubscriptionFilter(committees: ["sample/102"]))
}

/// What one `sync()` did: the engine's report and the notice lines newly appended to each subscription's file.
struct SyncResult {
    var report: SyncReport
    /// Raw lines, by subscription id (every subscription has an entry, possibly empty).
    var lines: [String: [String]]
    /// The same lines decoded with `NoticeJSON.decode`, by subscription id.
    var notices: [String: [Notice]]

    var source: SourceReport { report.sources[0] }
    var noticeCount: Int { notices.values.reduce(0) { $0 + $1.count } }

    func notices(for subscription: String) -> [Notice] { notices[subscription] ?? [] }

    /// The single notice of `subscription` about meeting `number` (records an issue when there is not exactly one).
    func notice(_ subscription: String, meeting number: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Notice? {
        let matching = notices(for: subscription).filter { $0.meeting.id.number == number }
        #expect(matching.count == 1, "\(subscription): \(matching.count) notices about \(number)", sourceLocation: sourceLocation)
        return matching.first
    }
}

/// Reads the lines appended to a JSON Lines file since the last call.
final class LineTail {
    let path: String
    private var offset = 0

    init(path: String) {
        self.path = path
    }

    func newLines() -> [String] {
        guard let data = FileManager.default.contents(atPath: path), data.count > offset else { return [] }
        let text = String(decoding: data[offset...], as: UTF8.self)
        offset = data.count
        #expect(text.hasSuffix("\n"), "\(path) does not end with a whole line")
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Every line of the file (without moving the tail).
    func allLines() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// One test's world: a sample council on 127.0.0.1, a SQLite file and notice files in a fresh
/// temporary folder, the real HTTP client, and an engine wired as the daemon wires it.
final class Harness {
    static let sourceID = SampleCouncilData.sourceID
    static let userAgent = "agenda-sync-tests/1.0 (+mailto:tests@example.invalid)"

    let site: SampleCouncilSite
    let base: URL
    let folder: String
    let clock: TestClock
    let store: AgendaStore
    let client: HTTPClient
    private(set) var configuration: AgendaConfiguration
    private(set) var engine: SyncEngine
    private var tails: [String: LineTail] = [:]

    /// Starts the site and builds the config; `adjust` may change the config before the engine is made.
    init(content: SiteContent = SampleCouncilData.content(reference: TestClock.reference),
         subscriptions: [TestSubscription] = [.all, .planning],
         notifyExisting: Bool = false,
         window: RecheckWindow = .default,
         maxPageBytes: Int = DaemonConfiguration.defaultMaxPageBytes,
         totalTimeout: Duration = .seconds(60),
         clock: TestClock = TestClock(),
         folder existingFolder: String? = nil) async throws {
        let folder: String
        if let existingFolder {
            folder = existingFolder
        } else {
            folder = try makeTemporaryFolder("agenda-sync-tests")
        }
        self.folder = folder
        self.clock = clock
        site = SampleCouncilSite(testing: content)
        base = try await site.start()

        // The council is this machine: a 1 ms spacing keeps the tests fast (PolitenessTests measure the real thing).
        let daemon = DaemonConfiguration(database: folder + "/agenda-sync.sqlite", userAgent: Self.userAgent,
                                         window: window, maxPageBytes: maxPageBytes,
                                         requestSpacing: ConfigDuration(milliseconds: 1)!)
        let source = SourceConfiguration(id: Self.sourceID, name: SampleCouncilData.councilName,
                                         baseURL: base.absoluteString, notifyExisting: notifyExisting)
        configuration = AgendaConfiguration(
            daemon: daemon, sources: [source],
            subscriptions: subscriptions.map {
                SubscriptionConfiguration(id: $0.id, channel: .file(FileChannelSettings(path: folder + "/" + $0.file)),
                                          filter: $0.filter)
            })
        do {
            store = try AgendaStore(path: daemon.database)
        } catch {
            await site.stop()
            throw error
        }
        client = HTTPClient(configuration: FetchConfiguration(userAgent: daemon.userAgent,
                                                              limits: FetchLimits(maxBodyBytes: daemon.maxPageBytes,
                                                                                  totalTimeout: totalTimeout)))
        engine = SyncEngine(context: SyncContext(configuration: configuration, store: store, client: client,
                                                 now: { [clock] in clock.now }))
        for subscription in subscriptions {
            tails[subscription.id] = LineTail(path: noticePath(subscription.id))
        }
    }

    func noticePath(_ subscription: String) -> String {
        guard case .file(let settings)? = configuration.subscription(id: subscription)?.channel else {
            return folder + "/\(subscription).jsonl"
        }
        return settings.path
    }

    var databasePath: String { configuration.daemon.database }

    func meetingID(_ number: Int) -> MeetingID {
        MeetingID(source: Self.sourceID, number: number)
    }

    /// Replaces the source's settings (e.g. its base URL) for the following syncs; same store and clock.
    func reconfigureSource(_ edit: (inout SourceConfiguration) -> Void) {
        edit(&configuration.sources[0])
        rebuildEngine()
    }

    /// Changes the config (e.g. adds a webhook or email subscription) for the following syncs; same store and clock.
    func reconfigure(_ edit: (inout AgendaConfiguration) -> Void) {
        edit(&configuration)
        rebuildEngine()
    }

    private func rebuildEngine() {
        engine = SyncEngine(context: SyncContext(configuration: configuration, store: store, client: client,
                                                 now: { [clock] in clock.now }))
    }

    /// One full cycle (the clock moves on a minute first), with the notices it appended to each file.
    /// Every new line is checked against docs/notices.md's shape.
    func sync(deliveryMayFail: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) async throws -> SyncResult {
        clock.advance(by: 60)
        let report = await engine.syncOnce()
        #expect(report.sources.count == 1, sourceLocation: sourceLocation)
        if !deliveryMayFail {
            #expect(report.delivery.failed == 0, "delivery errors: \(report.delivery.errors)", sourceLocation: sourceLocation)
        }
        return try collect(report)
    }

    /// Delivery only (`engine.deliver()`), with the lines it appended.
    func deliver() async throws -> (DeliveryReport, [String: [String]]) {
        let report = await engine.deliver()
        var lines: [String: [String]] = [:]
        for (id, tail) in tails { lines[id] = tail.newLines() }
        return (report, lines)
    }

    private func collect(_ report: SyncReport) throws -> SyncResult {
        var lines: [String: [String]] = [:]
        var notices: [String: [Notice]] = [:]
        for (id, tail) in tails {
            let new = tail.newLines()
            lines[id] = new
            notices[id] = try new.map { line in
                NoticeShape.check(line)
                return try NoticeJSON.decode(Array(line.utf8))
            }
        }
        return SyncResult(report: report, lines: lines, notices: notices)
    }

    /// Row counts of the store's tables.
    func counts() throws -> [String: Int] {
        try store.tableCounts()
    }

    /// The newest run of the source.
    func lastRun() throws -> RunSummary? {
        try store.runs(sourceID: Self.sourceID, limit: 1).first
    }

    /// The fetch log rows of one run, oldest first.
    func fetches(run: Int64) throws -> [FetchLogEntry] {
        try store.fetches(ofRun: run)
    }

    /// The site's URL of a meeting page, as the lists link to it.
    func meetingURL(_ number: Int) async -> String {
        let content = await site.content
        let committee = content.meeting(number)?.committee.id ?? 0
        return content.meetingURL(committee: committee, meeting: number)
    }

    func close(removeFolder: Bool = true) async {
        client.shutdown()
        await site.stop()
        if removeFolder { try? FileManager.default.removeItem(atPath: folder) }
    }
}

/// Builds a harness, runs `body`, and always stops the site and the client and removes the folder.
func withHarness<T>(content: SiteContent = SampleCouncilData.content(reference: TestClock.reference),
                    subscriptions: [TestSubscription] = [.all, .planning],
                    notifyExisting: Bool = false,
                    window: RecheckWindow = .default,
                    maxPageBytes: Int = DaemonConfiguration.defaultMaxPageBytes,
                    totalTimeout: Duration = .seconds(60),
                    _ body: (Harness) async throws -> T) async throws -> T {
    let harness = try await Harness(content: content, subscriptions: subscriptions, notifyExisting: notifyExisting,
                                    window: window, maxPageBytes: maxPageBytes, totalTimeout: totalTimeout)
    do {
        let result = try await body(harness)
        await harness.close()
        return result
    } catch {
        await harness.close()
        throw error
    }
}

/// Tables that only a real change may grow.
let contentTables = ["meetings", "versions", "changes", "notices", "page_validators"]

/// docs/notices.md's notice object, key by key.
enum NoticeShape {
    static let topKeys: Set<String> = ["id", "type", "occurred_at", "source", "meeting", "changes", "summary"]
    static let sourceKeys: Set<String> = ["id", "name"]
    static let meetingKeys: Set<String> = ["id", "url", "committee", "title", "start", "venue", "status", "version"]
    static let meetingRequired: Set<String> = ["id", "url", "committee", "title", "status", "version"]
    static let committeeKeys: Set<String> = ["id", "name"]
    static let changeKeys: Set<String> = ["kind", "item", "title", "url", "before", "after", "external"]
    static let types: Set<String> = ["meeting.new", "meeting.changed"]

    /// Records an issue for anything in `line` that is not the docs/notices.md notice object.
    static func check(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!line.contains("\n"), sourceLocation: sourceLocation)
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            Issue.record("not a JSON object: \(line.prefix(200))", sourceLocation: sourceLocation)
            return
        }
        #expect(Set(object.keys) == topKeys, "top-level keys \(object.keys.sorted())", sourceLocation: sourceLocation)
        let id = object["id"] as? String ?? ""
        #expect(id.hasPrefix("ntc_") && id.count == 28 && id.dropFirst(4).allSatisfy(\.isHexDigit), "id \(id)",
                sourceLocation: sourceLocation)
        #expect(types.contains(object["type"] as? String ?? ""), sourceLocation: sourceLocation)
        let occurredAt = object["occurred_at"] as? String ?? ""
        #expect(occurredAt.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil, "occurred_at \(occurredAt)",
                sourceLocation: sourceLocation)
        let summary = object["summary"] as? String ?? ""
        #expect(!summary.isEmpty, sourceLocation: sourceLocation)

        let source = object["source"] as? [String: Any] ?? [:]
        #expect(Set(source.keys) == sourceKeys, "source keys \(source.keys.sorted())", sourceLocation: sourceLocation)
        #expect(source["id"] is String && source["name"] is String, sourceLocation: sourceLocation)

        let meeting = object["meeting"] as? [String: Any] ?? [:]
        let keys = Set(meeting.keys)
        #expect(keys.isSubset(of: meetingKeys) && meetingRequired.isSubset(of: keys), "meeting keys \(keys.sorted())",
                sourceLocation: sourceLocation)
        #expect((meeting["id"] as? String).flatMap(MeetingID.init) != nil, sourceLocation: sourceLocation)
        #expect(meeting["url"] is String && meeting["title"] is String, sourceLocation: sourceLocation)
        #expect(["confirmed", "cancelled"].contains(meeting["status"] as? String ?? ""), sourceLocation: sourceLocation)
        #expect(((meeting["version"] as? NSNumber)?.intValue ?? 0) >= 1, sourceLocation: sourceLocation)
        for key in ["start", "venue"] where meeting[key] != nil {
            #expect(meeting[key] is String, "meeting.\(key)", sourceLocation: sourceLocation)
        }
        let committee = meeting["committee"] as? [String: Any] ?? [:]
        #expect(Set(committee.keys) == committeeKeys, "committee keys \(committee.keys.sorted())", sourceLocation: sourceLocation)
        #expect(committee["id"] is NSNumber && committee["name"] is String, sourceLocation: sourceLocation)

        let changes = object["changes"] as? [[String: Any]]
        #expect(changes.map { !$0.isEmpty } == true, "changes must be a non-empty array", sourceLocation: sourceLocation)
        for change in changes ?? [] {
            #expect(Set(change.keys).isSubset(of: changeKeys), "change keys \(change.keys.sorted())", sourceLocation: sourceLocation)
            #expect(ChangeKind(rawValue: change["kind"] as? String ?? "") != nil, "kind \(change["kind"] ?? "none")",
                    sourceLocation: sourceLocation)
            for key in changeKeys where key != "external" && change[key] != nil {
                #expect(change[key] is String, "change.\(key) is not a string", sourceLocation: sourceLocation)
            }
            // Present only on a document on another site, and then `true`.
            if let external = change["external"] {
                #expect(external as? Bool == true, "change.external is \(external), not true", sourceLocation: sourceLocation)
            }
        }
    }
}

/// Sample-council edits that the tests share.
enum Edits {
    /// A new meeting of `committee`, `days` after the reference at 6:30 pm, with two agenda items (one with a report).
    static func newMeeting(_ number: Int, committee: Committee, days: Int, in content: SiteContent) -> Meeting {
        let time = LondonDateTime(TestClock.reference).adding(days: days).movedOffWeekend().at(hour: 18, minute: 30)
        let published = PublishedFlags(agenda: true, minutes: false, decisions: false)
        return Meeting(
            id: MeetingID(source: content.sourceID, number: number),
            url: content.meetingURL(committee: committee.id, meeting: number), committee: committee,
            title: MeetingFactory.title(committee: committee.name, at: time), start: time,
            venue: "Council Chamber, Town Hall, High Street, Sampleton, SM1 1AA", status: .confirmed, published: published,
            actionDocuments: MeetingFactory.actionDocuments(content: content, packID: number + 9, committee: committee.name,
                                                            at: time, published: published, sizeSeed: number * 37),
            items: [
                AgendaItem(id: "AI\(number)01", number: "1", title: "Apologies for Absence",
                           text: "To receive any apologies for absence.", documents: [], minutes: nil, decision: nil),
                AgendaItem(id: "AI\(number)02", number: "2", title: "Planning Application 26/00042/FUL - Quarry Lane",
                           text: "Erection of 12 dwellings.\nRecommendation: Grant permission.",
                           documents: [Document(title: "Planning Application 26/00042/FUL - Quarry Lane",
                                                url: content.documentURL("s\(number)02", "26-00042-FUL Quarry Lane Report.pdf"),
                                                size: "PDF 220 KB")],
                           minutes: nil, decision: nil),
            ])
    }

    /// Moves a meeting by `days`, keeping its time of day (the title carries the date too).
    static func reschedule(_ meeting: inout Meeting, days: Int) {
        guard let time = meeting.start else { return }
        let moved = time.adding(days: days)
        meeting.start = moved
        meeting.title = MeetingFactory.title(committee: meeting.committee.name, at: moved)
    }
}

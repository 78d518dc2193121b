import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaFetch
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import TestSupport

/// Delivery throughput from the outbox: N notices in a fresh database, drained by the real
/// dispatcher to one channel at a time — a Standard Webhooks receiver on 127.0.0.1 (the tests'
/// Python receiver, which verifies every signature), a Maildir spool (write, fsync, rename, fsync
/// the folder, per message), a JSON Lines file (one fsync per round).
enum DeliveryBenchmark {
    struct Figure {
        var channel: String
        var notices: Int
        var seconds: Double
        var perSecond: Double { Double(notices) / seconds }
    }

    static func run(_ options: Options) async throws {
        let count = options.notices
        Out.heading("Delivery from the outbox: \(Format.grouped(count)) notices per channel, in order, one subscription each")
        let folder = try makeTemporaryFolder("agenda-delivery-bench")
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let receiver = try await WebhookReceiver(extraArguments: ["--lifetime", "900"])
        defer { receiver.stop() }

        let subscriptions = [
            SubscriptionConfiguration(id: "hook", channel: .webhook(WebhookChannelSettings(
                url: receiver.url(), secretFile: receiver.secretFile, allowPrivate: true))),
            SubscriptionConfiguration(id: "mail", channel: .email(EmailChannelSettings(
                to: "Jane Doe <jane@example.org>", spool: folder + "/spool"))),
            SubscriptionConfiguration(id: "file", channel: .file(FileChannelSettings(path: folder + "/notices.jsonl"))),
        ]
        let daemon = DaemonConfiguration(database: folder + "/bench.sqlite",
                                         userAgent: "agenda-sync-bench/1.0 (+mailto:bench@example.invalid)",
                                         mailFrom: "Agenda alerts <alerts@example.org>")
        let store = try AgendaStore(path: daemon.database)
        try fillOutbox(store, count: count, subscriptions: subscriptions.map(\.target))

        let client = HTTPClient(configuration: FetchConfiguration(userAgent: daemon.userAgent))
        defer { client.shutdown() }
        var figures: [Figure] = []
        for subscription in subscriptions {
            let configuration = AgendaConfiguration(daemon: daemon, sources: [], subscriptions: [subscription])
            let context = SyncContext(configuration: configuration, store: store, client: client)
            let engine = SyncEngine(context: context)
            let start = ContinuousClock.now
            var delivered = 0
            for _ in 0..<(count / 1000 + 5) where delivered < count {
                let report = await engine.deliver()
                guard report.errors.isEmpty else { throw BenchmarkError("\(subscription.id): \(report.errors.prefix(3))") }
                delivered += report.delivered
            }
            let elapsed = (ContinuousClock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            guard delivered == count else { throw BenchmarkError("\(subscription.id): \(delivered) of \(count) delivered") }
            figures.append(Figure(channel: subscription.channel.name, notices: delivered, seconds: seconds))
        }
        let verified = Set(try receiver.requests().filter { $0.verified == true }.compactMap(\.id))
        Out.line("  channel    notices   wall s   notices/s")
        for figure in figures {
            Out.line("  \(figure.channel.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(format: "%8d", figure.notices))"
                + "  \(String(format: "%7.2f", figure.seconds))  \(String(format: "%10.0f", figure.perSecond))")
        }
        Out.line("  webhook: \(verified.count) distinct notice ids verified by the receiver "
            + "\(verified.count == count ? "(all)" : "(expected \(count))")")
        if verified.count != count { throw BenchmarkError("the receiver verified \(verified.count) of \(count)") }
    }

    /// `count` versions of a meeting, each with one notice per subscription, as detection writes them.
    static func fillOutbox(_ store: AgendaStore, count: Int, subscriptions: [SubscriptionTarget]) throws {
        try store.registerSource(id: "bench", name: "Benchmark Borough Council", baseURL: "https://bench.invalid/")
        let source = NoticeSource(id: "bench", name: "Benchmark Borough Council")
        let composer = NoticeComposer()
        let detected = Date()
        for version in 1...count {
            let meeting = Meeting(
                id: MeetingID(source: "bench", number: 1), url: "https://bench.invalid/ieListDocuments.aspx?CId=1&MId=1",
                committee: Committee(id: 1, name: "Cabinet"), title: "Cabinet - Tuesday, 8 December 2026 10.00 am",
                start: LondonDateTime(iso8601: "2026-12-08T10:00:00+00:00"), venue: "Council Chamber", status: .confirmed,
                published: PublishedFlags(agenda: true, minutes: false, decisions: false), actionDocuments: [],
                items: [AgendaItem(id: "AI1", number: "5", title: "Revenue Budget Monitoring", text: nil,
                                   documents: [Document(title: "Appendix \(version)", url: "https://bench.invalid/documents/s\(version)/A.pdf",
                                                        size: "PDF 70 KB")], minutes: nil, decision: nil)])
            let changes = [Change(kind: .documentAdded, item: "5", title: "Appendix \(version)",
                                  url: "https://bench.invalid/documents/s\(version)/A.pdf")]
            let notices = subscriptions.compactMap { target -> OutboxEntry? in
                guard let notice = composer.notice(source: source, meeting: meeting, version: version, changes: changes,
                                                   subscription: target, occurredAt: detected) else { return nil }
                return OutboxEntry(id: notice.id, subscriptionID: target.id, type: notice.type, payload: NoticeJSON.encode(notice))
            }
            try store.commit(NewVersion(meeting: meeting, number: version, contentHash: "h\(version)", rawPage: [],
                                        fetchedAt: detected, changes: changes, notices: notices))
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing

@Suite("Email delivery from the outbox")
struct EmailOutboxTests {
    static let from = "Agenda alerts <alerts@example.org>"

    func email(_ id: String, spool: String, digest: EmailDigest? = nil) -> SubscriptionConfiguration {
        SubscriptionConfiguration(id: id, channel: .email(EmailChannelSettings(
            to: "Jane Doe <jane@example.org>", spool: spool, digest: digest, digestAt: DigestTime(hour: 8, minute: 30)!,
            unsubscribeURL: "https://alerts.example.org/u/jane")))
    }

    /// The messages in a spool's new/, by file name.
    func messages(_ spool: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: spool + "/new") {
            result[name] = try String(contentsOfFile: spool + "/new/" + name, encoding: .utf8)
        }
        return result
    }

    func header(_ name: String, in message: String) -> String? {
        let head = message.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        return head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    @Test("one message per notice in the Maildir spool; a redelivery replaces it; versions thread")
    func oneMessagePerNotice() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let spool = h.folder + "/mail"
            h.reconfigure {
                $0.daemon.mailFrom = Self.from
                $0.subscriptions.append(email("jane", spool: spool))
            }
            _ = try await h.sync()
            #expect(try messages(spool).isEmpty, "the baseline is silent")

            await h.site.update { $0.demoAddDocument() }
            _ = try await h.sync()
            await h.site.update { content in
                content.updateMeeting(M.cabinetNext) { $0.venue = "Committee Room 2, Civic Centre, Sampleton" }
            }
            _ = try await h.sync()

            let rows = try h.store.outboxEntries(subscriptionID: "jane", states: nil).reversed()
            #expect(rows.map(\.state) == [.delivered, .delivered])
            var spooled = try messages(spool)
            #expect(spooled.keys.sorted() == rows.map { "\($0.id).agenda-sync" }.sorted())
            let first = try #require(spooled["\(rows.first!.id).agenda-sync"])
            #expect(header("Message-ID", in: first) == "<\(rows.first!.id)@example.org>")
            #expect(header("X-Agenda-Sync-Notices", in: first) == rows.first!.id)
            #expect(header("List-Unsubscribe", in: first) == "<https://alerts.example.org/u/jane>")
            #expect(header("Auto-Submitted", in: first) == "auto-generated")
            let thread = "<meeting.\(Harness.sourceID).\(M.cabinetNext)@example.org>"
            #expect(spooled.values.allSatisfy { header("References", in: $0) == thread })
            #expect(first.contains("Appendix C - Savings Tracker"))

            // Replay: the same notices again, the same files (replaced, not duplicated).
            #expect(try h.store.replayNotices(subscriptionID: "jane", since: .distantPast) == 2)
            let (again, _) = try await h.deliver()
            #expect(again.delivered == 2)
            spooled = try messages(spool)
            #expect(spooled.count == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool + "/tmp").isEmpty)
        }
    }

    @Test("an hourly digest collects the notices and goes out at its minute past the hour")
    func hourlyDigest() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let spool = h.folder + "/digest"
            h.reconfigure {
                $0.daemon.mailFrom = Self.from
                $0.subscriptions.append(email("hourly", spool: spool, digest: .hourly))
            }
            _ = try await h.sync()           // 07:01 London: the digest's clock starts
            await h.site.update { $0.demoAddDocument() }
            let first = try await h.sync()   // 07:02
            await h.site.update { $0.demoCancelMeeting() }
            let second = try await h.sync()  // 07:03
            #expect(first.report.delivery.deferred + second.report.delivery.deferred >= 1)
            #expect(try messages(spool).isEmpty, "nothing before 07:30")
            let next = try #require(second.report.delivery.nextDueAt)
            #expect(next == LondonDateTime(year: 2026, month: 11, day: 29, hour: 7, minute: 30)!.instant)

            h.clock.advance(by: next.timeIntervalSince(h.clock.now))
            let (round, _) = try await h.deliver()
            #expect(round.delivered == 2)
            let spooled = try messages(spool)
            #expect(spooled.count == 1)
            let digest = try #require(spooled.values.first)
            let ids = try h.store.outboxEntries(subscriptionID: "hourly", states: [.delivered]).map(\.id).sorted()
            #expect(ids.count == 2)
            let listed = header("X-Agenda-Sync-Notices", in: digest)?.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
            #expect(listed == ids)
            #expect(header("Subject", in: digest)?.contains("2 updates") == true, "\(header("Subject", in: digest) ?? "")")
            #expect(try h.store.subscriptionState("hourly").lastDigestAt == next)

            // Nothing new: the next slot passes without a message.
            h.clock.advance(by: 3_600)
            _ = try await h.deliver()
            #expect(try messages(spool).count == 1)
        }
    }

    @Test("an unusable spool keeps the notices in the outbox and says why")
    func unusableSpool() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let blocker = h.folder + "/not-a-folder"
            try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
            h.reconfigure {
                $0.daemon.mailFrom = Self.from
                $0.subscriptions.append(email("jane", spool: blocker + "/mail"))
            }
            _ = try await h.sync()
            await h.site.update { $0.demoAddDocument() }
            let result = try await h.sync(deliveryMayFail: true)
            #expect(result.notices(for: "all").count == 1)
            #expect(result.report.delivery.errors.contains { $0.hasPrefix("jane:") && $0.contains(blocker) },
                    "\(result.report.delivery.errors)")
            #expect(try h.store.undeliveredCount(subscriptionID: "jane") == 1)
            #expect(!result.report.succeeded)
        }
    }
}

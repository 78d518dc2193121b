import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import GRDB
@testable import SampleCouncil
import Testing

/// The edits of the filter and id tests: a document on a Cabinet item; on Planning 2044 a
/// document on the Hillcrest Farm item and a retitled enforcement item; Planning 2045 cancelled.
@Sendable func mixedEdits(_ content: inout SiteContent) {
    content.demoAddDocument()
    let url = content.documentURL("s120449", "25-01611-OUT Hillcrest Farm Highways Response.pdf")
    content.updateMeeting(M.planningNext) { meeting in
        let hillcrest = meeting.items.firstIndex { $0.number == "32" }!
        meeting.items[hillcrest].documents.append(Document(title: "Highways Authority Response", url: url, size: "PDF 58 KB"))
        let enforcement = meeting.items.firstIndex { $0.number == "33" }!
        meeting.items[enforcement].title = "Planning Enforcement Quarterly Report (July to September)"
        meeting.items[enforcement].documents[0].title = meeting.items[enforcement].title
    }
    content.demoCancelMeeting()
}

@Suite("Subscription filters, notice ids and the notice format")
struct SubscriptionAndNoticeTests {
    @Test("committees, events and keywords filters: a notice only where they match, listing only matching changes")
    func filters() async throws {
        let subscriptions = [
            TestSubscription.all,
            TestSubscription.planning,
            TestSubscription(id: "documents", filter: SubscriptionFilter(events: [.documentAdded])),
            TestSubscription(id: "hillcrest", filter: SubscriptionFilter(keywords: ["HILLCREST farm"])),
            TestSubscription(id: "budget", filter: SubscriptionFilter(keywords: ["budget"])),
            TestSubscription(id: "scrutiny", filter: SubscriptionFilter(committees: ["sample/103"])),
            TestSubscription(id: "other-council", filter: SubscriptionFilter(sources: ["leics"])),
            TestSubscription(id: "cancelled-planning",
                             filter: SubscriptionFilter(committees: ["sample/102"], events: [.meetingCancelled, .minutesPublished])),
        ]
        try await withHarness(subscriptions: subscriptions) { h in
            _ = try await h.sync()
            await h.site.update(mixedEdits)
            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            let after = await h.site.content
            let cabinetDocument = Change(kind: .documentAdded, item: "53", title: "Appendix C - Savings Tracker",
                                         url: after.documentURL("s120428", "Appendix C - Savings Tracker Q2.pdf"))
            let hillcrestDocument = Change(kind: .documentAdded, item: "32", title: "Highways Authority Response",
                                           url: after.documentURL("s120449", "25-01611-OUT Hillcrest Farm Highways Response.pdf"))
            let retitled = Change(kind: .itemRetitled, item: "33",
                                  title: "Planning Enforcement Quarterly Report (July to September)",
                                  before: "Planning Enforcement Quarterly Report",
                                  after: "Planning Enforcement Quarterly Report (July to September)")
            let cancelled = Change(kind: .meetingCancelled)

            func changes(_ subscription: String) -> [Int: [Change]] {
                Dictionary(uniqueKeysWithValues: result.notices(for: subscription).map { ($0.meeting.id.number, $0.changes) })
            }
            #expect(changes("all") == [M.cabinetNext: [cabinetDocument], M.planningNext: [hillcrestDocument, retitled],
                                       M.planningLater: [cancelled]])
            #expect(changes("planning") == [M.planningNext: [hillcrestDocument, retitled], M.planningLater: [cancelled]])
            #expect(changes("documents") == [M.cabinetNext: [cabinetDocument], M.planningNext: [hillcrestDocument]])
            #expect(changes("hillcrest") == [M.planningNext: [hillcrestDocument]])
            #expect(changes("budget") == [M.cabinetNext: [cabinetDocument]])
            #expect(changes("scrutiny") == [:])
            #expect(changes("other-council") == [:])
            #expect(changes("cancelled-planning") == [M.planningLater: [cancelled]])
            #expect(result.source.noticesWritten == result.noticeCount)

            // The filtered notice is about the same version, with its own id and a summary of what it lists.
            let full = result.notices(for: "all").first { $0.meeting.id.number == M.planningNext }!
            let filtered = result.notices(for: "hillcrest").first!
            #expect(filtered.meeting == full.meeting)
            #expect(filtered.id != full.id)
            #expect(filtered.id == NoticeID.make(subscriptionID: "hillcrest", meetingID: full.meeting.id, version: 2))
            #expect(filtered.summary == NoticeSummary.line(for: [hillcrestDocument]))
            #expect(full.summary == NoticeSummary.line(for: [hillcrestDocument, retitled]))
            #expect(filtered.summary != full.summary)
            // Every notice stored is one that was written, per subscription.
            for subscription in subscriptions {
                let stored = try h.store.notices().filter { $0.subscriptionID == subscription.id }.map(\.id).sorted()
                #expect(stored == result.notices(for: subscription.id).map(\.id).sorted(), "\(subscription.id)")
            }
        }
    }

    @Test("the same change in two separate databases gets the same notice id; redelivery repeats it")
    func deterministicIDs() async throws {
        let first = try await Harness()
        let second = try await Harness()
        do {
            _ = try await first.sync()
            _ = try await second.sync()
            await first.site.update(mixedEdits)
            await second.site.update(mixedEdits)
            let a = try await first.sync()
            let b = try await second.sync()
            #expect(a.noticeCount == 5)

            for subscription in ["all", "planning"] {
                let idsA = a.notices(for: subscription).map { "\($0.meeting.id) v\($0.meeting.version) \($0.id)" }.sorted()
                let idsB = b.notices(for: subscription).map { "\($0.meeting.id) v\($0.meeting.version) \($0.id)" }.sorted()
                #expect(!idsA.isEmpty)
                #expect(idsA == idsB)
                for notice in a.notices(for: subscription) {
                    #expect(notice.id == NoticeID.make(subscriptionID: subscription, meetingID: notice.meeting.id,
                                                       version: notice.meeting.version))
                }
                // The two lines differ only in the sites' addresses.
                let linesA = a.lines[subscription]!.map { $0.replacingOccurrences(of: first.base.absoluteString, with: "BASE/") }.sorted()
                let linesB = b.lines[subscription]!.map { $0.replacingOccurrences(of: second.base.absoluteString, with: "BASE/") }.sorted()
                #expect(linesA == linesB)
            }

            // Redelivery: every delivered notice made pending again by hand, then delivered again.
            let everythingBefore = LineTail(path: first.noticePath("all")).allLines()
            let queue = try DatabaseQueue(path: first.databasePath)
            let reset = try await queue.write { db in
                try db.execute(sql: "UPDATE notices SET state = 'pending', delivered_at = NULL WHERE state = 'delivered'")
                return db.changesCount
            }
            try queue.close()
            #expect(reset == 5)
            let (delivery, lines) = try await first.deliver()
            #expect(delivery.delivered == 5)
            #expect(delivery.failed == 0)
            for subscription in ["all", "planning"] {
                let again = try (lines[subscription] ?? []).map { try NoticeJSON.decode(Array($0.utf8)).id }.sorted()
                #expect(again == a.notices(for: subscription).map(\.id).sorted(), "\(subscription)")
                #expect((lines[subscription] ?? []).sorted() == a.lines[subscription]!.sorted(), "redelivered bytes differ")
            }
            let everythingAfter = LineTail(path: first.noticePath("all")).allLines()
            #expect(everythingAfter.count == everythingBefore.count + a.notices(for: "all").count)
            let distinct = Set(try everythingAfter.map { try NoticeJSON.decode(Array($0.utf8)).id })
            #expect(distinct == Set(a.notices(for: "all").map(\.id)), "a redelivery must never mint a new id")
            #expect(try first.store.notices().allSatisfy { $0.state == "delivered" })

            // Nothing is pending now: delivering again writes nothing.
            let (idle, idleLines) = try await first.deliver()
            #expect(idle.delivered == 0)
            #expect(idleLines.values.allSatisfy { $0.isEmpty })
        } catch {
            await first.close()
            await second.close()
            throw error
        }
        await first.close()
        await second.close()
    }

    @Test("a file that cannot be written keeps its notices in the outbox; they arrive later, in order, with their ids")
    func deliveryRetry() async throws {
        let subscriptions = [TestSubscription.all, TestSubscription(id: "late", filter: .everything, file: "later/late.jsonl")]
        try await withHarness(subscriptions: subscriptions) { h in
            _ = try await h.sync()
            await h.site.update { $0.demoAddDocument() }
            let first = try await h.sync(deliveryMayFail: true)
            #expect(first.source.outcome == .ok)
            #expect(first.report.delivery.delivered == 1)
            #expect(first.report.delivery.failed == 1)
            #expect(!first.report.succeeded)
            #expect(first.notices(for: "all").count == 1)

            await h.site.update { content in
                content.updateMeeting(M.cabinetNext) { $0.venue = "Committee Room 2, Civic Centre, Sampleton" }
            }
            let second = try await h.sync(deliveryMayFail: true)
            #expect(second.notices(for: "all").count == 1)
            #expect(second.report.delivery.failed == 2, "the earlier notice is retried along with the new one")
            let waiting = try h.store.notices(meetingID: h.meetingID(M.cabinetNext)).filter { $0.subscriptionID == "late" }
            #expect(waiting.count == 2)
            #expect(waiting.allSatisfy { $0.state == "failed" })

            try FileManager.default.createDirectory(atPath: h.folder + "/later", withIntermediateDirectories: true)
            h.clock.advance(by: 61)
            let (delivery, lines) = try await h.deliver()
            #expect(delivery.delivered == 2)
            #expect(delivery.failed == 0)
            let late = try (lines["late"] ?? []).map { try NoticeJSON.decode(Array($0.utf8)) }
            #expect(late.map(\.meeting.version) == [2, 3])
            #expect(late.map(\.id) == waiting.map(\.id))
            #expect(late.map(\.id) == [2, 3].map { NoticeID.make(subscriptionID: "late", meetingID: h.meetingID(M.cabinetNext), version: $0) })
            #expect(late.map { $0.changes.map(\.kind) } == [[.documentAdded], [.meetingVenueChanged]])
            #expect(try h.store.notices().allSatisfy { $0.state == "delivered" })
        }
    }

    @Test("every notice line is a JSON object with exactly docs/notices.md's keys")
    func noticeFormat() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            await h.site.update { content in
                mixedEdits(&content)
                content.demoPublishMinutes()
                content.meetings.append(Edits.newMeeting(2048, committee: SampleCouncilData.planning, days: 50, in: content))
                content.updateMeeting(M.scrutinyNext) { Edits.reschedule(&$0, days: 2) }
                content.updateMeeting(M.cabinetNext) { meeting in
                    meeting.venue = "The Assembly Hall, Sampleton Library & Museum"
                    meeting.items.removeAll { $0.number == "52" }
                }
            }
            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            #expect(result.notices(for: "all").count == 6)

            let lines = LineTail(path: h.noticePath("all")).allLines() + LineTail(path: h.noticePath("planning")).allLines()
            #expect(lines.count == result.noticeCount)
            var kinds = Set<String>()
            for line in lines {
                NoticeShape.check(line)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let meeting = try #require(object["meeting"] as? [String: Any])
                // Every sample meeting has a start and a venue: all eight meeting keys are there.
                #expect(Set(meeting.keys) == NoticeShape.meetingKeys)
                #expect(object["occurred_at"] as? String == Timestamp.string(h.clock.now))
                let source = try #require(object["source"] as? [String: Any])
                #expect(source["id"] as? String == "sample")
                #expect(source["name"] as? String == "Sample Borough Council")
                for change in object["changes"] as? [[String: Any]] ?? [] {
                    let kind = change["kind"] as? String ?? ""
                    kinds.insert(kind)
                    switch kind {
                    case "meeting.rescheduled", "meeting.venue_changed", "item.retitled", "document.replaced":
                        #expect(change["after"] is String, "\(kind) without after")
                    case "document.added", "document.removed":
                        #expect(change["url"] is String && change["title"] is String, "\(kind) without url/title")
                    case "meeting.cancelled", "minutes.published":
                        #expect(Set(change.keys) == ["kind"], "\(kind) has \(change.keys.sorted())")
                    default:
                        break
                    }
                }
                // The line decodes to a notice that encodes back to the same bytes.
                let notice = try NoticeJSON.decode(Array(line.utf8))
                #expect(String(decoding: NoticeJSON.encode(notice), as: UTF8.self) == line)
            }
            #expect(kinds == ["meeting.new", "meeting.cancelled", "meeting.rescheduled", "meeting.venue_changed",
                              "minutes.published", "item.removed", "item.retitled", "document.added"])
        }
    }
}

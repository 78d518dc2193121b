import AgendaCore
import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing

/// The source-level guard through real syncs: a council whose pages change shape at once (a
/// re-skin) has its cycle held — stored, nothing delivered — until `release` (exactly those
/// notices, once, with the ids they would have had) or `rebaseline` (no notices; the next real
/// change notifies as usual).
@Suite("Source-level guard: held, release, rebaseline")
struct TemplateGuardTests {
    /// Five more meetings (two items each, one with a report), so that twelve meetings are tracked
    /// and eleven have items: ten for a re-skin and one for a real change in the same cycle.
    static let extra = [2050, 2051, 2052, 2053, 2054]

    static var content: SiteContent {
        var content = SampleCouncilData.content(reference: TestClock.reference)
        let committees = SampleCouncilData.committees
        for (index, number) in extra.enumerated() {
            content.meetings.append(Edits.newMeeting(number, committee: committees[index % committees.count],
                                                     days: 2 + 5 * index, in: content))
        }
        return content
    }

    /// The meetings the re-skin touches: every meeting with items but 2042, which gets a real change.
    static let reskinned = [M.cabinetPast, M.planningPast, M.planningNext, M.scrutinyPast, M.scrutinyNext] + extra

    /// What a re-skin does to the typed meetings (pages that still pass the structure check): half
    /// lose every item document (their links no longer recognised), half get every item retitled
    /// (the page's bytes read in the wrong encoding).
    static func reskin(_ content: inout SiteContent) {
        for (index, number) in reskinned.enumerated() {
            content.updateMeeting(number) { meeting in
                for item in meeting.items.indices {
                    if index % 2 == 0 {
                        meeting.items[item].documents = []
                    } else {
                        meeting.items[item].title = meeting.items[item].title.replacingOccurrences(of: "e", with: "\u{FFFD}")
                    }
                }
            }
        }
    }

    /// Every meeting the re-skin touched kept its documents and titles in the baseline (else it would not be a symptom).
    static func checkTheReskinTouchesEveryItem(_ content: SiteContent) {
        for (index, number) in reskinned.enumerated() {
            let items = content.meeting(number)?.items ?? []
            #expect(items.count >= 2, "\(number) has \(items.count) items")
            if index % 2 == 0 { #expect(items.contains { !$0.documents.isEmpty }, "\(number) has no item documents") }
            else { #expect(items.allSatisfy { $0.title.contains("e") }, "\(number): a title without an e") }
        }
    }

    /// The held notices' ids, by meeting number and subscription.
    static func heldNoticeIDs(_ h: Harness) throws -> [Int: [String: String]] {
        Dictionary(uniqueKeysWithValues: try h.store.heldVersions(sourceID: Harness.sourceID).map { ($0.meeting.id.number, $0.notices) })
    }

    @Test("10 meetings re-skinned at once: held, nothing delivered, and it stays held; release delivers exactly those notices once")
    func reskinIsHeldThenReleased() async throws {
        try await withHarness(content: Self.content) { h in
            Self.checkTheReskinTouchesEveryItem(await h.site.content)
            let baseline = try await h.sync()
            #expect(baseline.source.versionsWritten == 12 && baseline.noticeCount == 0)

            // The re-skin, and a genuine change to another meeting in the same cycle.
            await h.site.update { content in
                Self.reskin(&content)
                content.demoAddDocument()
            }
            let held = try await h.sync()
            #expect(held.noticeCount == 0, "nothing is delivered while held")
            #expect(held.source.noticesWritten == 0 && held.source.versionsWritten == 0)
            #expect(held.source.versionsHeld == 11)
            #expect(held.source.newlyHeld)
            let hold = try #require(held.source.hold)
            #expect(hold.reason == "10 of 11 changed meetings look like a page-template change: "
                    + "5 lost all their documents, 5 had every item retitled", "\(hold.reason)")
            #expect(!held.report.succeeded, "a held source makes the sync exit 1")
            #expect(held.source.notes.first?.hasPrefix("held: 10 of 11") == true, "\(held.source.notes)")
            #expect(try h.lastRun()?.notes == held.source.notes)
            #expect(try h.counts()["notices"] == 0)
            #expect(try h.store.source(id: Harness.sourceID)?.hold == hold)
            let heldVersions = try h.store.heldVersions(sourceID: Harness.sourceID)
            #expect(heldVersions.map(\.meeting.id.number).sorted() == (Self.reskinned + [M.cabinetNext]).sorted())
            #expect(heldVersions.allSatisfy { $0.number == 2 })
            let real = try #require(heldVersions.first { $0.meeting.id.number == M.cabinetNext })
            #expect(real.changes.map(\.kind) == [.documentAdded])

            // Later cycles keep holding: an unchanged one, then one with a new real change elsewhere and
            // more drift on a held meeting (its held version is replaced by the latest comparison).
            let quiet = try await h.sync()
            #expect(quiet.noticeCount == 0 && quiet.source.hold == hold && !quiet.source.newlyHeld)
            let idsBefore = try Self.heldNoticeIDs(h)
            await h.site.update { content in
                content.updateMeeting(M.planningLater) { $0.status = .cancelled }
                content.updateMeeting(M.cabinetPast) { $0.venue = "Committee Room 3, Town Hall" }
            }
            let later = try await h.sync()
            #expect(later.noticeCount == 0, "no notice leaks while the source is held")
            #expect(later.source.versionsHeld == 2 && later.source.hold?.since == hold.since)
            let heldLater = try h.store.heldVersions(sourceID: Harness.sourceID)
            #expect(heldLater.count == 12)
            let replaced = try #require(heldLater.first { $0.meeting.id.number == M.cabinetPast })
            #expect(replaced.number == 2, "compared with the last delivered version, not the held one")
            #expect(replaced.changes.contains { $0.kind == .meetingVenueChanged })
            #expect(replaced.changes.contains { $0.kind == .documentRemoved }, "the re-skin is still in the comparison")
            let ids = try Self.heldNoticeIDs(h)
            for (number, notices) in idsBefore { #expect(ids[number] == notices, "\(number): the ids stay those version 2 would have") }
            for (number, notices) in ids {
                for (subscription, id) in notices {
                    #expect(id == NoticeID.make(subscriptionID: subscription, meetingID: h.meetingID(number), version: 2))
                }
            }

            // Release: exactly the held notices, once, with their ids.
            let settled = try #require(try h.store.releaseHold(sourceID: Harness.sourceID))
            #expect(settled.versions == 12)
            let (delivery, lines) = try await h.deliver()
            #expect(delivery.failed == 0)
            let expected = ids.values.flatMap { $0.map { "\($0.key) \($0.value)" } }.sorted()
            let delivered = try lines.flatMap { subscription, lines in
                try lines.map { "\(subscription) \(try NoticeJSON.decode(Array($0.utf8)).id)" }
            }.sorted()
            #expect(delivered == expected)
            #expect(settled.notices == expected.count)
            let all = try lines["all"].map { try $0.map { try NoticeJSON.decode(Array($0.utf8)) } } ?? []
            #expect(all.count == 12, "one notice per held meeting")
            #expect(all.first { $0.meeting.id.number == M.cabinetNext }?.changes.map(\.kind) == [.documentAdded])
            #expect(all.first { $0.meeting.id.number == M.planningLater }?.changes.map(\.kind) == [.meetingCancelled])
            #expect(try h.store.source(id: Harness.sourceID)?.hold == nil)
            #expect(try h.store.heldVersions(sourceID: Harness.sourceID).isEmpty)
            #expect(try h.counts()["held_notices"] == 0)

            let (again, nothing) = try await h.deliver()
            #expect(again.delivered == 0 && nothing.values.allSatisfy(\.isEmpty), "each notice is delivered once")
            #expect(try h.store.releaseHold(sourceID: Harness.sourceID) == nil, "nothing left to release")
            let after = try await h.sync()
            #expect(after.noticeCount == 0 && after.source.hold == nil && after.report.succeeded)
            #expect(try h.store.meeting(h.meetingID(M.cabinetPast))?.version == 2)
        }
    }

    @Test("rebaseline: the held pages become the baseline silently, and the next real change notifies as usual")
    func reskinIsRebaselined() async throws {
        try await withHarness(content: Self.content) { h in
            _ = try await h.sync()
            await h.site.update { Self.reskin(&$0) }
            let held = try await h.sync()
            #expect(held.source.hold != nil && held.noticeCount == 0 && held.source.versionsHeld == 10)

            let settled = try #require(try h.store.rebaseline(sourceID: Harness.sourceID))
            #expect(settled.versions == 10 && settled.notices == 0 && settled.dropped > 0)
            let (delivery, lines) = try await h.deliver()
            #expect(delivery.delivered == 0 && lines.values.allSatisfy(\.isEmpty))
            #expect(try h.counts()["notices"] == 0)
            for number in Self.reskinned {
                let history = try h.store.history(of: h.meetingID(number))
                #expect(history.count == 2 && !history[1].changes.isEmpty, "\(number): the re-skin is in the history")
            }
            #expect(try h.store.rebaseline(sourceID: Harness.sourceID) == nil)

            let quiet = try await h.sync()
            #expect(quiet.noticeCount == 0 && quiet.source.versionsWritten == 0 && quiet.source.hold == nil)
            await h.site.update { $0.updateMeeting(M.planningNext) { $0.venue = "Committee Room 3, Town Hall" } }
            let real = try await h.sync()
            #expect(real.source.hold == nil && real.report.succeeded)
            let notice = real.notice("all", meeting: M.planningNext)
            #expect(notice?.changes.map(\.kind) == [.meetingVenueChanged])
            #expect(notice?.meeting.version == 3)
            #expect(real.notices(for: "planning").count == 1 && real.noticeCount == 2)
        }
    }

    @Test("two meetings changed alike are news, not a template change: delivered at once")
    func fewerThanThreeMeetingsAreDelivered() async throws {
        try await withHarness(content: Self.content) { h in
            _ = try await h.sync()
            await h.site.update { content in
                for number in [M.cabinetPast, M.scrutinyNext] {
                    content.updateMeeting(number) { meeting in
                        for item in meeting.items.indices { meeting.items[item].title += " (deferred)" }
                    }
                }
            }
            let result = try await h.sync()
            #expect(result.source.hold == nil && result.source.versionsHeld == 0)
            #expect(result.notices(for: "all").count == 2)
            #expect(result.notice("all", meeting: M.cabinetPast)?.changes.allSatisfy { $0.kind == .itemRetitled } == true)
        }
    }

    @Test("pages that read as delivered again lift the hold by themselves, with no notice")
    func aRevertedReskinEndsTheHold() async throws {
        try await withHarness(content: Self.content) { h in
            _ = try await h.sync()
            let original = await h.site.content
            await h.site.update { Self.reskin(&$0) }
            #expect(try await h.sync().source.newlyHeld)
            await h.site.replaceContent(original)
            let reverted = try await h.sync()
            #expect(reverted.noticeCount == 0 && reverted.source.hold == nil)
            #expect(reverted.source.notes.contains { $0.hasPrefix("no longer held") }, "\(reverted.source.notes)")
            #expect(try h.store.heldVersions(sourceID: Harness.sourceID).isEmpty)
            #expect(try h.counts()["versions"] == 12, "nothing was stored for the re-skin")
        }
    }
}

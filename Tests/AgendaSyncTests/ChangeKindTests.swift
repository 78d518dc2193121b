import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
@testable import SampleCouncil
import Testing

/// One realistic page edit and the changes a subscriber must be told about.
struct KindScenario: Sendable, CustomTestStringConvertible {
    var kind: ChangeKind
    var meeting: Int
    /// Applied before the baseline (the state the edit starts from).
    var prepare: (@Sendable (inout SiteContent) -> Void)?
    var edit: @Sendable (inout SiteContent) -> Void
    /// The expected changes, from the served content before and after the edit (URLs are under the site's real base).
    var expected: @Sendable (_ before: SiteContent, _ after: SiteContent) -> [Change]

    var testDescription: String { kind.rawValue }

    static func item(_ content: SiteContent, _ meeting: Int, _ number: String) -> AgendaItem {
        content.meeting(meeting)!.items.first { $0.number == number }!
    }

    static let all: [KindScenario] = [
        KindScenario(kind: .meetingNew, meeting: 2048, edit: { content in
            content.meetings.append(Edits.newMeeting(2048, committee: SampleCouncilData.planning, days: 30, in: content))
        }, expected: { _, after in
            [Change(kind: .meetingNew, title: after.meeting(2048)!.title)]
        }),

        KindScenario(kind: .meetingCancelled, meeting: M.planningNext, edit: { content in
            content.updateMeeting(M.planningNext) { $0.status = .cancelled }
        }, expected: { _, _ in [Change(kind: .meetingCancelled)] }),

        KindScenario(kind: .meetingReinstated, meeting: M.planningNext, prepare: { content in
            content.updateMeeting(M.planningNext) { $0.status = .cancelled }
        }, edit: { content in
            content.updateMeeting(M.planningNext) { $0.status = .confirmed }
        }, expected: { _, _ in [Change(kind: .meetingReinstated)] }),

        KindScenario(kind: .meetingRescheduled, meeting: M.planningNext, edit: { content in
            content.updateMeeting(M.planningNext) { Edits.reschedule(&$0, days: 1) }
        }, expected: { before, after in
            [Change(kind: .meetingRescheduled, before: before.meeting(M.planningNext)!.start?.iso8601,
                    after: after.meeting(M.planningNext)!.start?.iso8601)]
        }),

        KindScenario(kind: .meetingVenueChanged, meeting: M.cabinetNext, edit: { content in
            content.updateMeeting(M.cabinetNext) { $0.venue = "Committee Room 2, Civic Centre, Sampleton" }
        }, expected: { before, _ in
            [Change(kind: .meetingVenueChanged, before: before.meeting(M.cabinetNext)!.venue,
                    after: "Committee Room 2, Civic Centre, Sampleton")]
        }),

        // Meeting 2045 is listed with nothing published; then the agenda comes out: frontsheet,
        // reports pack and three items, the last with its report.
        KindScenario(kind: .agendaPublished, meeting: M.planningLater, edit: { content in
            let copy = content
            content.updateMeeting(M.planningLater) { meeting in
                let time = meeting.start!
                meeting.published.agenda = true
                meeting.actionDocuments = MeetingFactory.actionDocuments(
                    content: copy, packID: meeting.id.number + 9, committee: meeting.committee.name, at: time,
                    published: meeting.published, sizeSeed: meeting.id.number * 37)
                meeting.items = [
                    AgendaItem(id: "AI60450", number: "35", title: "Apologies for Absence and Substitutions",
                               text: "To receive any apologies for absence and notification of substitute members.",
                               documents: [], minutes: nil, decision: nil),
                    AgendaItem(id: "AI60451", number: "36", title: "Declarations of Interest",
                               text: "Members are asked to declare any interests relevant to items on this agenda.",
                               documents: [], minutes: nil, decision: nil),
                    AgendaItem(id: "AI60452", number: "37", title: "Planning Application 26/00107/FUL - The Maltings, Brewery Lane",
                               text: "Conversion of the former maltings to 22 flats.\nRecommendation: Grant permission subject to conditions.",
                               documents: [Document(title: "Planning Application 26/00107/FUL - The Maltings, Brewery Lane",
                                                    url: copy.documentURL("s120452", "26-00107-FUL The Maltings Report.pdf"),
                                                    size: "PDF 305 KB")],
                               minutes: nil, decision: nil),
                ]
            }
        }, expected: { _, after in
            let url = after.documentURL("s120452", "26-00107-FUL The Maltings Report.pdf")
            return [
                Change(kind: .agendaPublished),
                Change(kind: .itemAdded, item: "35", title: "Apologies for Absence and Substitutions"),
                Change(kind: .itemAdded, item: "36", title: "Declarations of Interest"),
                Change(kind: .itemAdded, item: "37", title: "Planning Application 26/00107/FUL - The Maltings, Brewery Lane"),
                Change(kind: .documentAdded, item: "37", title: "Planning Application 26/00107/FUL - The Maltings, Brewery Lane",
                       url: url),
            ]
        }),

        KindScenario(kind: .minutesPublished, meeting: M.planningPast, edit: { content in
            content.demoPublishMinutes()
        }, expected: { _, _ in [Change(kind: .minutesPublished)] }),

        // Printed decisions in the action list, "Agenda and decisions" as the main title, and a
        // Decision: section on the three planning items.
        KindScenario(kind: .decisionsPublished, meeting: M.planningPast, edit: { content in
            let copy = content
            content.updateMeeting(M.planningPast) { meeting in
                let time = meeting.start!
                meeting.published.decisions = true
                meeting.actionDocuments.append(MeetingFactory.printedDecisions(
                    content: copy, packID: MeetingFactory.packIDOf(meeting)!,
                    stamp: "\(MeetingFactory.fileStamp(time)) \(meeting.committee.name)", sizeSeed: 7))
                for index in meeting.items.indices where meeting.items[index].title.hasPrefix("Planning Application")
                    || meeting.items[index].title.hasPrefix("Listed Building") {
                    meeting.items[index].decision = ItemSection(text: "RESOLVED that permission be granted subject to conditions.",
                                                                truncated: false)
                }
            }
        }, expected: { _, _ in [Change(kind: .decisionsPublished)] }),

        KindScenario(kind: .itemAdded, meeting: M.cabinetNext, edit: { content in
            content.updateMeeting(M.cabinetNext) { meeting in
                meeting.items.append(AgendaItem(
                    id: "AI60427", number: "56", title: "Urgent Item: Leisure Centre Management Contract",
                    text: "To consider an urgent report on the extension of the leisure centre management contract.",
                    documents: [], minutes: nil, decision: nil))
            }
        }, expected: { _, _ in
            [Change(kind: .itemAdded, item: "56", title: "Urgent Item: Leisure Centre Management Contract")]
        }),

        KindScenario(kind: .itemRemoved, meeting: M.cabinetNext, edit: { content in
            content.updateMeeting(M.cabinetNext) { $0.items.removeAll { $0.number == "52" } }
        }, expected: { _, _ in [Change(kind: .itemRemoved, item: "52", title: "Public Questions")] }),

        KindScenario(kind: .itemRetitled, meeting: M.cabinetNext, edit: { content in
            content.updateMeeting(M.cabinetNext) { meeting in
                let index = meeting.items.firstIndex { $0.number == "55" }!
                meeting.items[index].title = "Home to School Transport Policy 2027/28"
                meeting.items[index].documents[0].title = "Home to School Transport Policy 2027/28"
            }
        }, expected: { _, _ in
            [Change(kind: .itemRetitled, item: "55", title: "Home to School Transport Policy 2027/28",
                    before: "Home to School Transport Policy", after: "Home to School Transport Policy 2027/28")]
        }),

        KindScenario(kind: .itemTextChanged, meeting: M.cabinetNext, edit: { content in
            content.updateMeeting(M.cabinetNext) { meeting in
                let index = meeting.items.firstIndex { $0.number == "54" }!
                meeting.items[index].text = "To consider the updated Medium Term Financial Strategy, the budget gap for 2027/28 and the proposed council tax increase before public consultation."
            }
        }, expected: { before, _ in
            [Change(kind: .itemTextChanged, item: "54", title: "agenda", before: item(before, M.cabinetNext, "54").text,
                    after: "To consider the updated Medium Term Financial Strategy, the budget gap for 2027/28 and the proposed council tax increase before public consultation.")]
        }),

        KindScenario(kind: .documentAdded, meeting: M.cabinetNext, edit: { content in
            content.demoAddDocument()
        }, expected: { _, after in
            [Change(kind: .documentAdded, item: "53", title: "Appendix C - Savings Tracker",
                    url: after.documentURL("s120428", "Appendix C - Savings Tracker Q2.pdf"))]
        }),

        KindScenario(kind: .documentRemoved, meeting: M.cabinetNext, edit: { content in
            content.updateMeeting(M.cabinetNext) { meeting in
                let index = meeting.items.firstIndex { $0.number == "53" }!
                meeting.items[index].documents.removeAll { $0.title == "Appendix B - Capital Programme" }
            }
        }, expected: { before, _ in
            let removed = item(before, M.cabinetNext, "53").documents.first { $0.title == "Appendix B - Capital Programme" }!
            return [Change(kind: .documentRemoved, item: "53", title: "Appendix B - Capital Programme", url: removed.url)]
        }),

        // The council uploads a corrected file for the same paper: same title, new document id.
        KindScenario(kind: .documentReplaced, meeting: M.cabinetNext, edit: { content in
            let url = content.documentURL("s120499", "Appendix 1 - Budget Consultation Proposals v2.pdf")
            content.updateMeeting(M.cabinetNext) { meeting in
                let index = meeting.items.firstIndex { $0.number == "54" }!
                let document = meeting.items[index].documents.firstIndex { $0.title == "Appendix 1 - Budget Consultation Proposals" }!
                meeting.items[index].documents[document].url = url
                meeting.items[index].documents[document].size = "PDF 241 KB"
            }
        }, expected: { before, after in
            let old = item(before, M.cabinetNext, "54").documents.first { $0.title == "Appendix 1 - Budget Consultation Proposals" }!
            let new = after.documentURL("s120499", "Appendix 1 - Budget Consultation Proposals v2.pdf")
            return [Change(kind: .documentReplaced, item: "54", title: "Appendix 1 - Budget Consultation Proposals",
                           url: new, before: old.url, after: new)]
        }),
    ]
}

@Suite("Each change kind, from a page edit on the site to a notice in the file")
struct ChangeKindTests {
    @Test("the scenarios cover all fifteen kinds")
    func coverage() {
        #expect(Set(KindScenario.all.map(\.kind)) == Set(ChangeKind.allCases))
    }

    @Test(arguments: KindScenario.all)
    func changeKind(_ scenario: KindScenario) async throws {
        try await withHarness { h in
            if let prepare = scenario.prepare { await h.site.update(prepare) }
            let baseline = try await h.sync()
            #expect(baseline.source.baseline && baseline.source.outcome == .ok && baseline.noticeCount == 0)

            let id = h.meetingID(scenario.meeting)
            let versionBefore = try h.store.meetingState(id)?.currentVersion ?? 0
            let countsBefore = try h.counts()
            let before = await h.site.content
            // A real site re-renders everything on every request: new noise along with the edit.
            await h.site.setNoise(4242)
            await h.site.update(scenario.edit)
            let after = await h.site.content
            let expected = scenario.expected(before, after)

            let result = try await h.sync()
            #expect(result.source.outcome == .ok, "\(result.source)")
            #expect(!result.source.baseline)
            #expect(result.source.versionsWritten == 1)

            // One notice per matching subscription: "all" always, "planning" for committee 102.
            let committee = after.meeting(scenario.meeting)!.committee
            let matching = committee.id == SampleCouncilData.planning.id ? ["all", "planning"] : ["all"]
            #expect(result.source.noticesWritten == matching.count)
            #expect(result.notices(for: "all").count == 1)
            #expect(result.notices(for: "planning").count == (matching.contains("planning") ? 1 : 0))

            let occurredAt = Timestamp.string(h.clock.now)
            for subscription in matching {
                guard let notice = result.notice(subscription, meeting: scenario.meeting) else { continue }
                #expect(notice.type == (scenario.kind == .meetingNew ? .meetingNew : .meetingChanged))
                #expect(notice.changes == expected, "\(subscription): \(notice.changes)")
                #expect(!notice.summary.isEmpty)
                #expect(notice.meeting.version == versionBefore + 1)
                #expect(notice.meeting.id == id)
                #expect(notice.meeting.committee == committee)
                #expect(notice.meeting.url == after.meetingURL(committee: committee.id, meeting: scenario.meeting))
                #expect(notice.meeting.status == after.meeting(scenario.meeting)!.status)
                #expect(notice.source == NoticeSource(id: "sample", name: SampleCouncilData.councilName))
                #expect(notice.occurredAt == occurredAt)
                #expect(notice.id == NoticeID.make(subscriptionID: subscription, meetingID: id, version: versionBefore + 1))
            }

            // The store agrees: one new version whose changes are the notice's, and the outbox rows
            // hold exactly the lines that were written.
            let history = try h.store.history(of: id)
            #expect(history.count == versionBefore + 1)
            #expect(history.last?.changes == expected)
            #expect(try h.store.meeting(id)?.version == versionBefore + 1)
            let stored = try h.store.notices(meetingID: id)
            #expect(stored.count == matching.count)
            #expect(stored.allSatisfy { $0.state == "delivered" })
            for subscription in matching {
                let line = result.lines[subscription]?.first
                #expect(stored.first { $0.subscriptionID == subscription }.map { String(decoding: $0.payload, as: UTF8.self) } == line)
            }
            let countsAfter = try h.counts()
            #expect(countsAfter["versions"] == countsBefore["versions"]! + 1)
            #expect(countsAfter["changes"] == countsBefore["changes"]! + expected.count)
            #expect(countsAfter["notices"] == countsBefore["notices"]! + matching.count)

            // Nothing more to say on the next cycle, even with yet another rendering.
            await h.site.setNoise(4243)
            let quiet = try await h.sync()
            #expect(quiet.source.outcome == .ok)
            #expect(quiet.noticeCount == 0)
            #expect(quiet.source.versionsWritten == 0)
        }
    }
}

import AgendaCore
import AgendaModel
import Foundation
import Testing
@testable import SampleCouncil

@Suite struct SampleCouncilDataTests {
    @Test func demoCouncilHasThreeCommitteesAndSevenMeetingsAroundTheReference() throws {
        let content = Fixtures.demo()
        #expect(content.sourceID == "sample")
        #expect(content.councilName == "Sample Borough Council")
        #expect(content.committees.map(\.id) == [101, 102, 103])
        #expect(content.meetings.map(\.id.number) == SampleCouncilData.Meetings.all)
        let days = try content.meetings.map { meeting -> Int in
            let start = try #require(meeting.start)
            return Int((start.instant.timeIntervalSince(Fixtures.reference) / 86_400).rounded(.down))
        }
        #expect(days.contains { $0 < 0 } && days.contains { $0 > 0 })
        #expect(days.allSatisfy { (-60...60).contains($0) })
    }

    @Test func meetingsAgreeWithWhatTheirPagesShow() throws {
        for meeting in Fixtures.demo().meetings {
            let start = try #require(meeting.start)
            #expect(meeting.title == "\(meeting.committee.name) - \(start.longDate) \(start.timeText)")
            #expect(meeting.url == "http://127.0.0.1/ieListDocuments.aspx?CId=\(meeting.committee.id)&MId=\(meeting.id.number)")
            #expect(meeting.published.agenda == !meeting.items.isEmpty)
            #expect(meeting.published.minutes == meeting.actionDocuments.contains { $0.kind == .printedMinutes })
            #expect(meeting.published.decisions == meeting.actionDocuments.contains { $0.kind == .printedDecisions })
            #expect(meeting.published.minutes == meeting.items.contains { $0.minutes != nil })
            for item in meeting.items {
                #expect(item.documents.first.map { $0.title == item.title } ?? true)
                #expect(item.documents.allSatisfy { $0.url.hasPrefix("http://127.0.0.1/documents/s") && !$0.url.contains(" ") })
            }
            #expect(Set(meeting.items.map(\.id)).count == meeting.items.count)
        }
        let allDocuments = Fixtures.demo().meetings.flatMap { $0.items.flatMap(\.documents).map(\.url) }
        #expect(Set(allDocuments).count == allDocuments.count)
    }

    @Test(arguments: [
        LondonDateTime(year: 2026, month: 3, day: 29, hour: 12, minute: 0)!,   // the day BST starts
        LondonDateTime(year: 2026, month: 7, day: 1, hour: 9, minute: 0)!,
        LondonDateTime(year: 2026, month: 10, day: 25, hour: 12, minute: 0)!,  // the day BST ends
        LondonDateTime(year: 2027, month: 1, day: 1, hour: 0, minute: 30)!,
    ])
    func worksOnAnyDay(day: LondonDateTime) {
        let content = SampleCouncilData.content(reference: day.instant)
        for meeting in content.meetings {
            let start = meeting.start!
            #expect(start.utcOffset == LondonTime.shared.offset(at: start.instant))
            #expect(LondonDateTime(start.instant) == start)
        }
        #expect(content.meeting(SampleCouncilData.Meetings.planningPast)!.start!.date == day.adding(days: -7).movedOffWeekend().date)
        #expect(content.meetings.allSatisfy { ![0, 6].contains($0.start!.date.weekday) })
    }

    @Test func stepAAddsOneDocumentToOneItem() {
        var content = Fixtures.demo()
        let before = content
        content.demoAddDocument()
        let changed = changedMeetings(before, content)
        #expect(changed == [SampleCouncilData.Meetings.cabinetNext])
        let old = before.meeting(2042)!.items.first { $0.number == "53" }!
        let new = content.meeting(2042)!.items.first { $0.number == "53" }!
        #expect(new.documents.count == old.documents.count + 1)
        #expect(new.documents.last?.title == "Appendix C - Savings Tracker")
        var again = content
        again.demoAddDocument()
        #expect(again == content)
    }

    @Test func stepBPublishesMinutes() {
        var content = Fixtures.demo()
        let before = content
        content.demoPublishMinutes()
        #expect(changedMeetings(before, content) == [SampleCouncilData.Meetings.planningPast])
        let meeting = content.meeting(2043)!
        #expect(meeting.published.minutes)
        #expect(meeting.actionDocuments.last?.kind == .printedMinutes)
        #expect(meeting.items.allSatisfy { $0.minutes != nil })
        let page = ModernGovRenderer.meetingPage(meeting, noise: .none)
        #expect(page.contains("<h1  class=\"mgMainTitleTxt\" >Agenda and minutes</h1>"))
        #expect(PageInspection.count(page, "<p class=\"mgSubItemTitleTxt\">Minutes:</p>") == meeting.items.count)
        #expect(page.contains(">Printed minutes\n"))
    }

    @Test func stepCCancelsAMeeting() {
        var content = Fixtures.demo()
        let before = content
        content.demoCancelMeeting()
        #expect(changedMeetings(before, content) == [SampleCouncilData.Meetings.planningLater])
        #expect(content.meeting(2045)!.status == .cancelled)
        let list = ModernGovRenderer.meetingListPage(committee: SampleCouncilData.planning, meetings: content.meetings(ofCommittee: 102), noise: .none)
        #expect(list.contains(" - CANCELLED</li>"))
    }

    @Test func stepDChangesOnlyNoise() {
        var content = Fixtures.demo(noiseSeed: 1)
        let before = content
        content.demoChangeNoise()
        #expect(content.meetings == before.meetings)
        #expect(content.noise != before.noise)
        #expect(content.noise.seed != nil)
    }

    @Test func scriptListsTheFourStepsInOrder() {
        #expect(DemoScript.steps.map(\.name) == ["document-added", "minutes-published", "meeting-cancelled", "noise-only"])
        #expect(DemoScript.steps.map(\.expected) == [[.documentAdded], [.minutesPublished], [.meetingCancelled], []])
        #expect(DemoScript.steps.allSatisfy { !$0.description.isEmpty && !$0.description.contains("\n") })
        var content = Fixtures.demo(noiseSeed: 1)
        for step in DemoScript.steps {
            let before = content
            step.apply(&content)
            #expect(changedMeetings(before, content) == (step.meeting.map { [$0] } ?? []))
        }
    }

    private func changedMeetings(_ a: SiteContent, _ b: SiteContent) -> [Int] {
        zip(a.meetings, b.meetings).filter { $0 != $1 }.map(\.0.id.number)
    }
}

@Suite struct SampleDatesTests {
    @Test func printsDatesAsModernGovDoes() {
        let time = LondonDateTime(year: 2026, month: 1, day: 15, hour: 19, minute: 30)!
        #expect(time.longDate == "Thursday 15 January 2026")
        #expect(time.shortDate == "15 Jan 2026")
        #expect(time.timeText == "7:30 pm")
        #expect(time.at(hour: 10, minute: 0).timeText == "10:00 am")
        #expect(time.at(hour: 12, minute: 15).timeText == "12:15 pm")
        #expect(time.at(hour: 0, minute: 5).timeText == "12:05 am")
        #expect(time.adding(days: 17).date.iso8601 == "2026-02-01")
        #expect(LondonDateTime(time.instant) == time)
    }
}

@Suite struct WeekendTests {
    @Test func meetingsMoveOffWeekends() {
        let saturday = LondonDateTime(year: 2026, month: 11, day: 28, hour: 19, minute: 0)!
        #expect(saturday.date.weekdayName == "Saturday")
        #expect(saturday.movedOffWeekend().date.weekdayName == "Friday")
        #expect(saturday.adding(days: 1).movedOffWeekend().date.weekdayName == "Monday")
        #expect(saturday.adding(days: 3).movedOffWeekend() == saturday.adding(days: 3))
    }
}

import AgendaDiff
import AgendaModel
import Testing

@Suite("NoticeSummary")
struct NoticeSummaryTests {
    func line(_ changes: Change...) -> String { NoticeSummary.line(for: changes) }

    @Test func meetingLevelLines() {
        #expect(line(Change(kind: .meetingNew, title: "Cabinet - Tuesday, 2 September 2025 2.00 pm"))
            == "New meeting: Cabinet - Tuesday, 2 September 2025 2.00 pm")
        #expect(line(Change(kind: .meetingCancelled)) == "Meeting cancelled")
        #expect(line(Change(kind: .meetingReinstated)) == "Meeting reinstated")
        #expect(line(Change(kind: .meetingRescheduled, before: "2025-09-02T14:00:00+01:00", after: "2025-09-09T10:00:00+01:00"))
            == "Moved from 2 Sep 2025 14:00 to 9 Sep 2025 10:00")
        #expect(line(Change(kind: .meetingRescheduled, after: "2026-01-15T19:30:00+00:00")) == "Moved to 15 Jan 2026 19:30")
        #expect(line(Change(kind: .meetingVenueChanged, before: "Room 1", after: "Council Chamber")) == "Venue changed to Council Chamber")
        #expect(line(Change(kind: .agendaPublished), Change(kind: .decisionsPublished)) == "Agenda published; decisions published")
    }

    @Test func followsTheOrderOfTheChanges() {
        let document = Change(kind: .documentAdded, item: "24", title: "Appendix B", url: "u")
        let minutes = Change(kind: .minutesPublished)
        #expect(line(document, minutes) == "Item 24: document added (Appendix B); minutes published")
        #expect(line(minutes, document) == "Minutes published; Item 24: document added (Appendix B)")
    }

    @Test func changesOfOneItemShareAPrefixAndDocumentsAreCounted() {
        #expect(line(
            Change(kind: .itemRetitled, item: "59", title: "Manorgate Road petition", before: "x", after: "Manorgate Road petition"),
            Change(kind: .itemTextChanged, item: "59", title: "minutes", before: "a", after: "b"),
            Change(kind: .documentAdded, item: "59", title: "Annex 3", url: "u3"),
            Change(kind: .documentAdded, item: "59", title: "Annex 4", url: "u4"),
            Change(kind: .itemRemoved, item: "60", title: "Coombe Lane West zebra crossing")
        ) == "Item 59: retitled (Manorgate Road petition), minutes changed, 2 documents added; Item 60: item removed (Coombe Lane West zebra crossing)")
    }

    @Test func actionListDocumentsHaveNoItemPrefix() {
        #expect(line(Change(kind: .documentAdded, title: "Supplement: Agenda Item 7", url: "u"))
            == "Document added (Supplement: Agenda Item 7)")
        #expect(line(Change(kind: .documentReplaced, title: "Agenda frontsheet", url: "u", before: "a", after: "u"))
            == "Document replaced (Agenda frontsheet)")
    }

    @Test func longTitlesAreShortenedAtAWord() {
        let long = "Planned Highway Maintenance and Street Lighting Capital Programme 2026/27 including Annexes 1 to 4"
        let summary = line(Change(kind: .itemAdded, item: "62", title: long))
        #expect(summary == "Item 62: new item (Planned Highway Maintenance and Street Lighting Capital…)")
    }

    @Test func manyChangesAreCountedByKind() {
        var changes = [Change(kind: .agendaPublished)]
        for number in 1...12 {
            changes.append(Change(kind: .itemAdded, item: "\(number)", title: "Agenda item number \(number)"))
            for document in 1...(number <= 6 ? 3 : 2) {
                changes.append(Change(kind: .documentAdded, item: "\(number)", title: "Report \(document)", url: "u"))
            }
        }
        #expect(NoticeSummary.line(for: changes) == "Agenda published; 12 new items, 30 documents added")
    }

    @Test func alwaysOneShortLine() {
        let hostile = Change(kind: .documentAdded, item: "1", title: "Report\r\nBcc: x@example.org\u{7}", url: "u")
        #expect(line(hostile) == "Item 1: document added (Report Bcc: x@example.org)")
        let longVenue = String(repeating: "Very long venue name ", count: 30)
        let summary = line(Change(kind: .meetingNew, title: longVenue), Change(kind: .meetingVenueChanged, after: longVenue))
        #expect(summary.count <= NoticeSummary.maxLength)
        #expect(!summary.contains("\n"))
    }
}

import AgendaDiff
import AgendaModel
import Testing

/// Every one of the fifteen kinds comes out of a realistic edit, and only that kind.
@Suite("MeetingDiffer: every change kind")
struct ChangeKindCoverageTests {
    @Test(arguments: ChangeKind.allCases)
    func eachKindFromARealisticEdit(kind: ChangeKind) {
        let (old, new) = Self.edit(producing: kind)
        #expect(MeetingDiffer().changes(from: old, to: new).kinds == [kind])
    }

    static func edit(producing kind: ChangeKind) -> (Meeting?, Meeting) {
        let base = Factory.meeting()
        var new = base
        var old: Meeting? = base
        switch kind {
        case .meetingNew: old = nil
        case .meetingCancelled: new.status = .cancelled
        case .meetingReinstated: old = Factory.meeting(status: .cancelled)
        case .meetingRescheduled: new.start = "2026-01-29T19:30:00+00:00"
        case .meetingVenueChanged: new.venue = "Council Chamber, Guildhall"
        case .agendaPublished: old = Factory.meeting(published: PublishedFlags(agenda: false, minutes: false, decisions: false))
        case .minutesPublished: new = Factory.withMinutes(base)
        case .decisionsPublished: new.published.decisions = true
        case .itemAdded: new.items.append(Factory.item(51901, "65", "Date of next meeting"))
        case .itemRemoved: new.items.removeLast()
        case .itemRetitled: new.items[0].title = "Apologies for absence and substitutions"
        case .itemTextChanged: new.items[1].text = "To confirm the minutes of the meeting held on 5 November 2025."
        case .documentAdded: new.items[3].documents.append(Factory.document(111802, "Annex 1 - NCG and BCG Guidelines"))
        case .documentRemoved: new.items[2].documents.removeLast()
        case .documentReplaced: new.items[1].documents[0] = Factory.document(111999, "Minutes of Previous Meeting")
        }
        return (old, new)
    }
}

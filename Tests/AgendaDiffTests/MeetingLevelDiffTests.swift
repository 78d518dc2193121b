import AgendaCore
import AgendaDiff
import AgendaModel
import Testing

@Suite("MeetingDiffer: meeting-level changes")
struct MeetingLevelDiffTests {
    let differ = MeetingDiffer()

    @Test func firstSightingIsMeetingNewWithItsTitle() {
        let meeting = Factory.meeting()
        #expect(differ.changes(from: nil, to: meeting) == [Change(kind: .meetingNew, title: meeting.title)])
    }

    @Test func identicalMeetingsYieldNothing() {
        #expect(differ.changes(from: Factory.meeting(), to: Factory.meeting()).isEmpty)
    }

    @Test func cancellationIsOneChangeEvenWhenThePageDropsItsDocuments() {
        // A cancelled ModernGov page says "No documents are available for this meeting".
        let cancelled = Factory.meeting(status: .cancelled, actionDocuments: [], items: [])
        #expect(differ.changes(from: Factory.meeting(), to: cancelled) == [Change(kind: .meetingCancelled)])
    }

    @Test func reinstatement() {
        let cancelled = Factory.meeting(status: .cancelled)
        #expect(differ.changes(from: cancelled, to: Factory.meeting()) == [Change(kind: .meetingReinstated)])
    }

    @Test func rescheduleCarriesTheOldAndNewStart() {
        let moved = Factory.meeting(start: LondonDateTime(iso8601: "2026-01-22T18:00:00+00:00"))
        #expect(differ.changes(from: Factory.meeting(), to: moved) == [
            Change(kind: .meetingRescheduled, before: "2026-01-15T19:30:00+00:00", after: "2026-01-22T18:00:00+00:00"),
        ])
    }

    @Test func aStartFirstAnnouncedIsARescheduleFromNothing() {
        let changes = differ.changes(from: Factory.meeting(start: nil), to: Factory.meeting())
        #expect(changes == [Change(kind: .meetingRescheduled, before: nil, after: "2026-01-15T19:30:00+00:00")])
    }

    @Test func aStartOrVenueThatDisappearsIsNotAChange() {
        #expect(differ.changes(from: Factory.meeting(), to: Factory.meeting(start: nil, venue: nil)).isEmpty)
    }

    @Test func venueChangeCarriesBothVenues() {
        let moved = Factory.meeting(venue: "Council Chamber, Guildhall, Kingston upon Thames")
        #expect(differ.changes(from: Factory.meeting(), to: moved) == [
            Change(kind: .meetingVenueChanged, before: "Guildhall 2, Guildhall, Kingston upon Thames, KT1 1EU",
                   after: "Council Chamber, Guildhall, Kingston upon Thames"),
        ])
    }

    @Test func agendaPublicationListsTheNewItemsButNotTheFrontsheetOrPack() {
        let bare = Factory.meeting(published: PublishedFlags(agenda: false, minutes: false, decisions: false),
                                   actionDocuments: [], items: [])
        let published = Factory.meeting(items: [Factory.apologies, Factory.grants])
        #expect(differ.changes(from: bare, to: published) == [
            Change(kind: .agendaPublished),
            Change(kind: .itemAdded, item: "54", title: "Apologies for absence"),
            Change(kind: .itemAdded, item: "63", title: "Community Grants Programme"),
            Change(kind: .documentAdded, item: "63", title: "Community Grants Programme",
                   url: Factory.grants.documents[0].url),
        ])
    }

    @Test func minutesPublicationDoesNotFloodWithPerItemMinutesOrThePrintedMinutes() {
        let before = Factory.meeting()
        let after = Factory.withMinutes(before)
        #expect(after.items.allSatisfy { $0.minutes != nil })
        #expect(differ.changes(from: before, to: after) == [Change(kind: .minutesPublished)])
    }

    @Test func decisionsPublicationDoesNotFloodWithPerItemDecisions() {
        let before = Factory.meeting()
        var after = before
        after.published.decisions = true
        after.actionDocuments.append(Factory.actionDocument(.printedDecisions, "Printed decisions"))
        after.items[2].decision = ItemSection(text: "Option 2 to be progressed.", truncated: false)
        after.items[3].decision = ItemSection(text: "Grants approved as set out in the report.", truncated: false)
        #expect(differ.changes(from: before, to: after) == [Change(kind: .decisionsPublished)])
    }

    @Test func minutesAndDecisionsTogetherAreTwoChangesInKindOrder() {
        let before = Factory.meeting()
        var after = Factory.withMinutes(before)
        after.published.decisions = true
        #expect(differ.changes(from: before, to: after).kinds == [.minutesPublished, .decisionsPublished])
    }

    @Test func unpublishingIsSilent() {
        let withMinutes = Factory.withMinutes(Factory.meeting())
        #expect(differ.changes(from: withMinutes, to: Factory.meeting()).isEmpty)
    }

    @Test func aWithdrawnAgendaTakesItsItemsAndPackWithItSilently() {
        let withdrawn = Factory.meeting(published: PublishedFlags(agenda: false, minutes: false, decisions: false),
                                        actionDocuments: [], items: [])
        #expect(differ.changes(from: Factory.meeting(), to: withdrawn).isEmpty)
    }

    @Test func minutesEditedAfterPublicationAreReportedPerItem() {
        let published = Factory.withMinutes(Factory.meeting())
        var edited = published
        edited.items[2].minutes = ItemSection(text: "RESOLVED that option 2 be progressed.", truncated: false)
        #expect(differ.changes(from: published, to: edited) == [
            Change(kind: .itemTextChanged, item: "59", title: "minutes",
                   before: "RESOLVED that item 59 be noted.", after: "RESOLVED that option 2 be progressed."),
        ])
    }

    @Test func committeeNameOrTitleWordingAloneIsNoChangeButANewHash() {
        let before = Factory.meeting()
        let after = Factory.meeting(
            title: "Kingston and North Kingston Neighbourhood Committee - Thursday, 15 January 2026 7.30 pm",
            committeeName: "Kingston & North Kingston Neighbourhood Committee")
        #expect(differ.changes(from: before, to: after).isEmpty)
        #expect(ContentHash.of(before) != ContentHash.of(after))
    }

    @Test func meetingLevelChangesComeFirstThenItemsInPageOrder() {
        let before = Factory.meeting()
        var after = Factory.meeting(start: LondonDateTime(iso8601: "2026-01-22T18:00:00+00:00"))
        after.status = .cancelled
        after.items[3].title = "Community Grants Programme 2026"
        after.items[0].text = "Apologies were received from Cllr Smith."
        after.actionDocuments.append(Factory.actionDocument(.supplement, "Supplement: Agenda Item 7"))
        #expect(differ.changes(from: before, to: after).kinds == [
            .meetingCancelled, .meetingRescheduled, .documentAdded, .itemTextChanged, .itemRetitled,
        ])
    }
}

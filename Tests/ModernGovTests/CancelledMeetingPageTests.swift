import AgendaModel
import ModernGov
import Testing

@Suite struct CancelledMeetingPageTests {
    @Test func cancelledMeeting() throws {
        let meeting = try MeetingPageParser(sourceID: "kingston")
            .parse(Fixture.bytes(Fixture.kingstonCancelled), url: Fixture.kingstonCancelledURL)
        #expect(meeting.id == MeetingID(source: "kingston", number: 10161))
        #expect(meeting.url == "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10161")
        #expect(meeting.committee == Committee(id: 711, name: "Kingston and North Kingston Neighbourhood Committee"))
        #expect(meeting.title == "Kingston and North Kingston Neighbourhood Committee - Thursday 4 December 2025 7:30 pm")
        #expect(meeting.status == .cancelled)
        #expect(meeting.start?.iso8601 == "2025-12-04T19:30:00+00:00")
        #expect(meeting.venue == "Guildhall, Kingston upon Thames") // from "Proposed venue:"
        #expect(meeting.published == PublishedFlags(agenda: false, minutes: false, decisions: false))
        #expect(meeting.actionDocuments.isEmpty) // "Attendance details" is not a document
        #expect(meeting.items.isEmpty)
    }

    @Test func dashCancelledSuffixAndMainTitleAreTolerated() throws {
        var page = try Fixture.text(Fixture.kingstonMeeting)
        page = page.replacingOccurrences(of: "Thursday 15 January 2026 7:30 pm</a></h2>", with: "Thursday 15 January 2026 7:30 pm - CANCELLED</a></h2>")
        let meeting = try MeetingPageParser(sourceID: "k").parse(Array(page.utf8), url: Fixture.kingstonMeetingURL)
        #expect(meeting.status == .cancelled)
        #expect(meeting.title == "Kingston and North Kingston Neighbourhood Committee - Thursday 15 January 2026 7:30 pm")

        var main = try Fixture.text(Fixture.kingstonMeeting)
        main = main.replacingOccurrences(of: ">Agenda, decisions and minutes</h1>", with: ">Meeting, CANCELLED</h1>")
        let mainCancelled = try MeetingPageParser(sourceID: "k").parse(Array(main.utf8), url: Fixture.kingstonMeetingURL)
        #expect(mainCancelled.status == .cancelled)
    }
}

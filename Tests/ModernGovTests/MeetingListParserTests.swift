import AgendaCore
import AgendaModel
import ModernGov
import Testing

@Suite struct MeetingListParserTests {
    let list: MeetingList

    init() throws {
        list = try MeetingListParser(sourceID: "kingston").parse(Fixture.bytes(Fixture.kingstonMeetings), url: Fixture.kingstonMeetingsURL)
    }

    @Test func committeeAndCount() {
        #expect(list.committee == Committee(id: 711, name: "Kingston and North Kingston Neighbourhood Committee"))
        #expect(list.meetings.count == 15)
        #expect(list.meetings.map(\.id.number) == [10337, 10163, 10162, 10221, 10161, 10220, 10160, 10159, 10219, 10158, 9957, 9956, 9955, 9954, 9983])
        #expect(list.meetings.allSatisfy { $0.committeeID == 711 })
    }

    @Test func exactEntries() {
        #expect(list.meetings[0] == MeetingListEntry(
            id: MeetingID(source: "kingston", number: 10337), committeeID: 711,
            url: "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10337",
            start: LondonDateTime(iso8601: "2026-06-15T19:30:00+01:00"), dateText: "15 Jun 2026 7:30 pm", cancelled: false, status: nil))
        #expect(list.meetings[2].status == "Agenda, Decisions")
        #expect(list.meetings[3] == MeetingListEntry(
            id: MeetingID(source: "kingston", number: 10221), committeeID: 711,
            url: "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221",
            start: LondonDateTime(iso8601: "2026-01-15T19:30:00+00:00"), dateText: "15 Jan 2026 7:30 pm", cancelled: false, status: "Agenda, Decisions, Minutes"))
        #expect(list.meetings[4] == MeetingListEntry(
            id: MeetingID(source: "kingston", number: 10161), committeeID: 711,
            url: "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10161",
            start: LondonDateTime(iso8601: "2025-12-04T19:30:00+00:00"), dateText: "4 Dec 2025 7:30 pm", cancelled: true, status: "CANCELLED"))
        #expect(list.meetings[9].start?.iso8601 == "2025-06-18T19:00:00+01:00")
        #expect(list.meetings.filter(\.cancelled).count == 1)
    }

    @Test func emptyListIsValid() throws {
        var page = try Fixture.text(Fixture.kingstonMeetings)
        let start = try #require(page.range(of: "<ul  class=\"mgNonBulletTableList\"  >"))
        let end = try #require(page.range(of: "</ul>", range: start.upperBound ..< page.endIndex))
        page.replaceSubrange(start.lowerBound ..< end.upperBound, with: "<p>No meetings found.</p>")
        let empty = try MeetingListParser(sourceID: "kingston").parse(Array(page.utf8), url: Fixture.kingstonMeetingsURL)
        #expect(empty.meetings == [])
        #expect(empty.committee.id == 711)
    }

    @Test func committeeIdFromThePageWhenTheURLHasNone() throws {
        let list = try MeetingListParser(sourceID: "kingston").parse(Fixture.bytes(Fixture.kingstonMeetings),
                                                                     url: "https://moderngov.kingston.gov.uk/ieListMeetings.aspx")
        #expect(list.committee.id == 711)
        #expect(list.meetings.count == 15)
    }

    @Test func failures() throws {
        let parser = MeetingListParser(sourceID: "kingston")
        #expect(throws: ModernGovPageError.self) { try parser.parse(Fixture.bytes(Fixture.leedsSharePoint), url: Fixture.kingstonMeetingsURL) }
        let page = try Fixture.bytes(Fixture.kingstonMeetings)
        let cut = Array(page.prefix(page.count / 2))
        #expect(throws: ModernGovPageError.truncated(reason: "no closing </html> (\(cut.count) bytes)")) {
            try parser.parse(cut, url: Fixture.kingstonMeetingsURL)
        }
        #expect(throws: ModernGovPageError.notAMeetingList(reason: "this is a meeting page")) {
            try parser.parse(Fixture.bytes(Fixture.kingstonMeeting), url: Fixture.kingstonMeetingURL)
        }
    }
}

import AgendaModel
import ModernGov
import Testing

/// The constructed Leicestershire page (Kingston template, text of the seed; see Fixtures/SOURCES.md).
@Suite struct LeicestershireMeetingPageTests {
    let meeting: Meeting

    init() throws {
        meeting = try MeetingPageParser(sourceID: "leics").parse(Fixture.bytes(Fixture.leicsMeeting), url: Fixture.leicsMeetingURL)
    }

    @Test func meetingFields() {
        #expect(meeting.id == MeetingID(source: "leics", number: 7892)) // from "MID=" in the URL
        #expect(meeting.url == "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892")
        #expect(meeting.committee == Committee(id: 1043, name: "Children and Families Overview and Scrutiny Committee"))
        #expect(meeting.title == "Children and Families Overview and Scrutiny Committee - Tuesday, 2 September 2025 2.00 pm")
        #expect(meeting.start?.iso8601 == "2025-09-02T14:00:00+01:00")
        #expect(meeting.venue == "Sparkenhoe Committee Room, County Hall, Glenfield")
        #expect(meeting.status == .confirmed)
        #expect(meeting.published == PublishedFlags(agenda: true, minutes: true, decisions: false))
        #expect(meeting.actionDocuments.map(\.kind) == [.frontsheet, .reportsPack, .printedMinutes])
        #expect(meeting.actionDocuments.map(\.size) == ["PDF 142 KB", nil, "PDF 268 KB"])
    }

    @Test func items17To31() {
        let expected: [(String, String)] = [
            ("17", "Minutes of the meeting held on 3 June 2025."),
            ("18", "Question Time."),
            ("19", "Questions asked by members under Standing Order 7(3) and 7(5)."),
            ("20", "To advise of any other items which the Chairman has decided to take as urgent elsewhere on the agenda."),
            ("21", "Declarations of interest in respect of items on the agenda."),
            ("22", "Declarations of the Party Whip in accordance with Overview and Scrutiny Procedure Rule 16."),
            ("23", "Presentation of Petitions under Standing Order 35."),
            ("24", "Transforming SEND and Inclusion in Leicestershire (TSIL) Programme Summary and High Needs Block Update."),
            ("25", "Children's Social Care Statutory Complaints and Compliments Annual Report 2024-25."),
            ("26", "Children in Need of Help and Protection."),
            ("27", "Leicestershire Music Overview Report."),
            ("28", "Quarter 1 2025-26 Performance Report."),
            ("29", "Draft Leicestershire and Rutland Safeguarding Children Partnership Yearly Report 2024-25."),
            ("30", "Independent Reviewing Officer Service Annual Report 2024 \u{2013} 2025."),
            ("31", "Date of next meeting."),
        ]
        let numbered = meeting.items.filter { !$0.number.isEmpty }
        #expect(numbered.map(\.number) == expected.map(\.0))
        #expect(numbered.map(\.title) == expected.map(\.1))
        #expect(numbered.map(\.id) == (17 ... 31).map { "AI\(81214 + $0)" })
        #expect(numbered.allSatisfy { $0.minutes != nil && $0.decision == nil })
        #expect(numbered.map { $0.minutes?.truncated ?? false } == (17 ... 31).map { $0 == 24 || $0 == 29 })
        #expect(numbered.map(\.documents.count) == [1, 0, 0, 0, 0, 0, 0, 1, 2, 1, 1, 2, 2, 2, 0])
    }

    @Test func unnumberedWebcastRowIsAnItemWithoutNumber() {
        // The seed lists "Webcast." in the items table without a number, as Leicestershire pages do.
        #expect(meeting.items.count == 16)
        #expect(meeting.items[0] == AgendaItem(id: "AI81230", number: "", title: "Webcast.",
                                               text: "A webcast of the meeting can be viewed here.", documents: [], minutes: nil, decision: nil))
    }

    @Test func documentsAndTexts() {
        let item17 = meeting.items[1]
        #expect(item17.documents == [Document(title: "Minutes of the meeting held on 3 June 2025.",
                                              url: "https://democracy.leics.gov.uk/documents/s190101/Minutes%203%20June%202025.pdf", size: "PDF 117 KB")])
        #expect(item17.minutes == ItemSection(text: "The minutes of the meeting held on 3 June 2025 were taken as read, confirmed and signed.", truncated: false))
        let item25 = meeting.items[9]
        #expect(item25.documents.last == Document(
            title: "Appendix A - Children's Social Care Statutory Complaints and Compliments Annual Report 2024-25",
            url: "https://democracy.leics.gov.uk/documents/s190104/Appendix%20A%20-%20Childrens%20Social%20Care%20Statutory%20Complaints%20and%20Compliments%20Annual%20Report%202024-25.pdf",
            size: "PDF 412 KB"))
        let minutes25 = item25.minutes?.text.split(separator: "\n") ?? []
        #expect(minutes25.contains("(i) Members noted that complaint cases had been utilised in order to make improvements within services. It was suggested that anonymous case studies could be provided alongside reports in order to illustrate how improvements had been undertaken. The Director agreed that case studies would be included with the next Children\u{2019}s Social Care Statutory Complaints and Compliments Annual Report."))
        #expect(minutes25.contains("RESOLVED:"))
        let item24 = meeting.items[8]
        #expect(item24.minutes?.text.hasSuffix("Members noted that schools could use a range of inclusion support without the need for an EHCP. Improving knowledge and understanding of") == true)
        let item31 = meeting.items[15]
        #expect(item31.text == "The next meeting of the Commission is scheduled to take place on 4 November 2025.")
        #expect(item31.minutes == ItemSection(text: "RESOLVED:\nIt was noted that the next meeting of the Committee would be held on 4 November at 14:00.", truncated: false))
    }
}

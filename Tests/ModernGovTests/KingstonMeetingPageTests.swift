import AgendaModel
@testable import ModernGov
import Testing

/// The Kingston meeting of 15 January 2026 ("Agenda, decisions and minutes"), a real page.
@Suite struct KingstonMeetingPageTests {
    let meeting: Meeting

    init() throws {
        meeting = try MeetingPageParser(sourceID: "kingston")
            .parse(Fixture.bytes(Fixture.kingstonMeeting), url: Fixture.kingstonMeetingURL)
    }

    static let base = "https://moderngov.kingston.gov.uk/"

    @Test func meetingFields() {
        #expect(meeting.id == MeetingID(source: "kingston", number: 10221))
        #expect(meeting.url == "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221")
        #expect(meeting.committee == Committee(id: 711, name: "Kingston and North Kingston Neighbourhood Committee"))
        #expect(meeting.title == "Kingston and North Kingston Neighbourhood Committee - Thursday 15 January 2026 7:30 pm")
        #expect(meeting.start?.iso8601 == "2026-01-15T19:30:00+00:00")
        #expect(meeting.venue == "Guildhall, Kingston upon Thames")
        #expect(meeting.status == .confirmed)
        #expect(meeting.published == PublishedFlags(agenda: true, minutes: true, decisions: true))
    }

    @Test func actionDocuments() {
        let g = Self.base + "documents/g10230/"
        let suffix = "%20Thursday%2015-Jan-2026%2019.30%20Kingston%20and%20North%20Kingston%20Neighbourhood%20Committee.pdf"
        #expect(meeting.actionDocuments == [
            ActionDocument(kind: .frontsheet, title: "Agenda frontsheet", url: g + "Agenda%20frontsheet" + suffix + "?T=0", size: "PDF 198 KB"),
            ActionDocument(kind: .reportsPack, title: "Agenda reports pack", url: Self.base + "mgChooseDocPack.aspx?ID=10230", size: nil),
            ActionDocument(kind: .supplement, title: "Supplement: Agenda Item 7 - Community Safety Update",
                           url: Self.base + "mgChooseDocPack.aspx?ID=10230&SID=23550", size: "PDF 10 MB"),
            ActionDocument(kind: .supplement, title: "Late Material", url: Self.base + "mgChooseDocPack.aspx?ID=10230&SID=23609", size: "PDF 1 MB"),
            ActionDocument(kind: .printedDecisions, title: "Printed decisions", url: g + "Decisions" + suffix + "?T=2", size: "PDF 117 KB"),
            ActionDocument(kind: .printedMinutes, title: "Printed minutes", url: g + "Printed%20minutes" + suffix + "?T=1", size: "PDF 111 KB"),
        ])
    }

    @Test func itemIdsNumbersAndTitles() {
        let expected: [(String, String, String)] = [
            ("AI51890", "54", "Public Question Time"),
            ("AI51891", "55", "Petitions"),
            ("AI51892", "56", "Apologies for Absence"),
            ("AI51893", "57", "Declarations of Interest"),
            ("AI51894", "58", "Minutes"),
            ("AI51902", "59", "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road"),
            ("AI51903", "60", "Coombe Lane West Zebra Crossing - Local Consultation Results"),
            ("AI51900", "61", "Community Safety Update"),
            ("AI51901", "62", "Planned Highway Maintenance and Street Lighting Capital Programme 2026/27"),
            ("AI51899", "63", "Community Grants Programme"),
            ("AI51896", "64", "Decision Progress Update"),
            ("AI51897", "65", "Urgent Items Authorised by the Chair"),
        ]
        #expect(meeting.items.count == 12)
        #expect(meeting.items.map(\.id) == expected.map(\.0))
        #expect(meeting.items.map(\.number) == expected.map(\.1))
        #expect(meeting.items.map(\.title) == expected.map(\.2))
    }

    @Test func documentsOfItems58To60() {
        let s = Self.base + "documents/"
        #expect(meeting.items[4].documents == [
            Document(title: "Minutes", url: s + "s111920/Minutes%20of%20Previous%20Meeting.pdf", size: "PDF 99 KB"),
        ])
        #expect(meeting.items[5].documents == [
            Document(title: "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road",
                     url: s + "s112217/Petition%20TMO%20Manorgate%20Rd%20Report.pdf", size: "PDF 161 KB"),
            Document(title: "Annex 1 - Wolverton Avenue", url: s + "s112218/Annex%201%20-%20Wolverton%20Avenue.pdf", size: "PDF 601 KB"),
            Document(title: "Annex 2 - Manorgate Road", url: s + "s112219/Annex%202%20-%20Manorgate%20Road.pdf", size: "PDF 1 MB"),
            Document(title: "Annex 3 - Overview plan", url: s + "s112374/Annex%203%20-%20Overview%20plan.pdf", size: "PDF 602 KB"),
            Document(title: "Annex 4 - Survey summary", url: s + "s112380/Annex%204%20-%20Survey%20summary.pdf", size: "PDF 353 KB"),
        ])
        #expect(meeting.items[6].documents == [
            Document(title: "Coombe Lane West Zebra Crossing - Local Consultation Results",
                     url: s + "s112215/Coombe%20Lane%20West%20Zebra%20Crossing%20consultation%20results.pdf", size: "PDF 202 KB"),
            Document(title: "Annex 1 - Coombe Lane West", url: s + "s112216/Annex%201%20-%20Coombe%20Lane%20West.pdf", size: "PDF 305 KB"),
        ])
    }

    @Test func documentCountsOfEveryItem() {
        #expect(meeting.items.map(\.documents.count) == [0, 0, 0, 0, 1, 5, 2, 1, 5, 2, 1, 0])
        // "&#38;" in a title and "&#40;…&#41;" decode.
        #expect(meeting.items[8].documents[3].title == "Annex 3 - K&NK Completed Street Lighting Lantern Replacement Programme 2025_26")
        #expect(meeting.items[9].documents[1].title == "Annex 1 - NCG and BCG Guidelines (updated May 2023)")
    }

    @Test func minutesAndDecisionPresence() {
        #expect(meeting.items.allSatisfy { $0.minutes != nil })
        #expect(meeting.items.map { $0.decision != nil } == [false, false, false, false, false, true, true, false, false, true, false, false])
        #expect(meeting.items.map { $0.minutes?.truncated ?? false } == [false, false, false, false, false, true, true, false, false, false, false, false])
        #expect(meeting.items.allSatisfy { $0.decision?.truncated != true })
        #expect(meeting.items.map { $0.text != nil } == [true, true, false, true, true, true, true, true, true, true, true, true])
    }

    @Test func truncatedMinutesOfItem59() throws {
        let minutes = try #require(meeting.items[5].minutes)
        #expect(minutes.truncated)
        #expect(minutes.text.hasPrefix("The Chair moved this item up the agenda with the agreement of the Chair.\nThe Committee considered a report outlining a proposed Experimental Traffic Management Order (ETMO)"))
        #expect(minutes.text.hasSuffix("Ultimately, the data served as a preliminary guide for the council to understand potential"))
        #expect(!minutes.text.contains("view the full"))
        #expect(!minutes.text.contains("\u{A0}"))
    }

    @Test func itemTexts() {
        #expect(meeting.items[5].text == "To address a petition received seeking a solution to congestion, conflict, speeding and through traffic on Manorgate Road.")
        #expect(meeting.items[0].text == """
            A period of up to 30 minutes during which any resident of the Borough or representative of organisations within the Borough (other than members of the Council) may ask a question on matters relevant to the Committee.
            Advance notice of questions is not required, but is encouraged in order to ensure an answer may be given on the night if the question is of a technical nature.
            """)
        #expect(meeting.items[0].minutes == ItemSection(text: """
            The Committee set aside a period of up to 30 minutes during which any written questions submitted from residents of the Borough or representative of organisations within the Borough (other than members of the Council) could be asked. Questions had to be on matters relevant to the Committee\u{2019}s remit.
            There were no public questions.
            """, truncated: false))
        #expect(meeting.items[2].minutes == ItemSection(text: "Apologies were received from Councillors Noel Hadjimichael, Patrick Hall and John Sweeney.", truncated: false))
    }

    @Test func decisionOfItem59() throws {
        let decision = try #require(meeting.items[5].decision)
        let paragraphs = decision.text.split(separator: "\n")
        #expect(paragraphs.count == 4)
        #expect(paragraphs[0] == "RESOLVED that:")
        #expect(paragraphs[1].hasPrefix("1. the introduction of traffic management measures on Manorgate Road"))
        #expect(paragraphs[3] == "3. approval be granted to proceed with the implementation of a green man phase at the junction of Galworthy Road/Coombe Lane West/Gloucester Road/Coombe Road once funding is secured.")
    }

    @Test func nestedRecordedVoteTablesStayOutOfItems() {
        // Items 59, 60 and 63 hold a "Recorded Vote" table; its rows must not become items or text.
        #expect(!meeting.items.contains { $0.title.contains("Resolution") || $0.title.contains("Deferral") })
        #expect(!(meeting.items[5].minutes?.text.contains("Carried") ?? true))
    }
}

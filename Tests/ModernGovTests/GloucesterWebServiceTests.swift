import AgendaCore
import AgendaModel
@testable import ModernGov
import Testing

/// Gloucester City Council's own web service responses (`mgWebService.asmx`), real files: the
/// typed records they give, exactly.
@Suite struct GloucesterWebServiceTests {
    static let site = ModernGovSite(baseURL: "https://democracy.gloucester.gov.uk/")!
    static let cabinet = Committee(id: 129, name: "Cabinet")
    static let parser = WebServiceMeetingParser(sourceID: "gloucester", site: site)

    static func meeting() throws -> Meeting {
        try parser.parse(Fixture.bytes(Fixture.gloucesterMeeting), meetingID: 7837, committee: cabinet)
    }

    @Test("GetMeeting 7837: the meeting's own fields")
    func meetingFields() throws {
        let meeting = try Self.meeting()
        #expect(meeting.id == MeetingID(source: "gloucester", number: 7837))
        #expect(meeting.url == "https://democracy.gloucester.gov.uk/ieListDocuments.aspx?CId=129&MId=7837")
        #expect(meeting.committee == Self.cabinet)
        #expect(meeting.title == "Cabinet - Friday 21 November 2025 12:30 pm")
        #expect(meeting.start?.iso8601 == "2025-11-21T12:30:00+00:00")
        #expect(meeting.venue == "Civic Suite, North Warehouse, The Docks, Gloucester, GL1 2EP")
        #expect(meeting.status == .confirmed)   // "Confirmed; Special Meeting"
        #expect(meeting.published == PublishedFlags(agenda: true, minutes: true, decisions: true))
        #expect(meeting.actionDocuments.isEmpty)
    }

    @Test("GetMeeting 7837: five items 51–55 in agenda order, titles unescaped twice where written twice")
    func items() throws {
        let items = try Self.meeting().items
        #expect(items.map(\.id) == ["AI44461", "AI44463", "AI44464", "AI44555", "AI44127"])
        #expect(items.map(\.number) == ["51", "52", "53", "54", "55"])
        #expect(items.map(\.title) == [
            "Declarations of Interest", "Public Question Time (15 minutes)", "Petitions and Deputations (15 minutes)",
            "Leader and Cabinet Members' Question Time (15 minutes)",
            "Final Proposals for Local Government Reorganisation in Gloucestershire",
        ])
        #expect(items[0].text == "To receive from Members, declarations of the existence of any disclosable pecuniary, "
            + "or non-pecuniary, interests and the nature of those interests in relation to any agenda item. Please see Agenda Notes.")
        #expect(items[0].minutes == ItemSection(text: "There were no declarations of interest.", truncated: false))
        #expect(items[0].decision == nil)
        // Word's list bullets (Symbol font, &middot; and &nbsp; runs) read as the HTML page shows them.
        #expect(items[3].text?.split(separator: "\n").dropFirst().first == "· Any matter relating to the Council’s administration")
        #expect(items[4].decision?.text.hasPrefix("RESOLVED:\n(1) to submit to Government the Greater Gloucester/Gloucestershire proposal") == true)
        #expect(items[4].decision?.truncated == false)
        #expect(items[4].minutes?.text.contains("\n") == true)
        #expect(items.allSatisfy { $0.minutes != nil })
    }

    @Test("GetMeeting 7837: seven documents, absolute canonical URLs, no sizes")
    func documents() throws {
        let items = try Self.meeting().items
        let base = "https://democracy.gloucester.gov.uk/mgConvert2PDF.aspx?ID="
        #expect(items[1].documents == [Document(title: "Cabinet - Public Questions", url: base + "65461", size: nil)])
        #expect(items[4].documents.map(\.title) == [
            "Final proposals for Local Government Reorganisation in Gloucestershire",
            "Appendix 1 Option 1 - Single Countywide Unitary", "Appendix 2 Option 2 - East/West 2 Unitary",
            "Appendix 3 Option 3 - Gloucester/Gloucestershire 2 Unitary", "Appendix 3B Inner Circle Report: A Case for Cities",
            "Appendix 3E Cratus Public Engagement Report",
        ])
        #expect(items[4].documents.map(\.url) == (65412 ... 65417).map { base + "\($0)" })
        #expect(items.flatMap(\.documents).count == 7)
        #expect(items.flatMap(\.documents).allSatisfy { $0.size == nil && !$0.external })
    }

    @Test("GetMeetings: 20 Cabinet meetings, 7506 cancelled, each linked to its HTML meeting page")
    func meetings() throws {
        let list = try WebServiceMeetingsParser(sourceID: "gloucester", site: Self.site)
            .parse(Fixture.bytes(Fixture.gloucesterMeetings), committeeID: 129)
        #expect(list.committee == Self.cabinet)
        #expect(list.meetings.count == 20)
        #expect(list.meetings.filter(\.cancelled).map(\.id.number) == [7506])
        let special = try #require(list.meetings.first { $0.id.number == 7837 })
        #expect(special.status == "Confirmed; Special Meeting")
        #expect(!special.cancelled)
        #expect(special.start?.iso8601 == "2025-11-21T12:30:00+00:00")
        #expect(special.url == "https://democracy.gloucester.gov.uk/ieListDocuments.aspx?CId=129&MId=7837")
        #expect(list.meetings.first?.start?.iso8601 == "2024-01-10T18:00:00+00:00")
        #expect(list.meetings.allSatisfy { $0.start?.time != nil && $0.committeeID == 129 })
    }

    @Test("GetMeetings for another committee is refused")
    func meetingsOfAnotherCommittee() throws {
        #expect(throws: ModernGovPageError.self) {
            try WebServiceMeetingsParser(sourceID: "gloucester", site: Self.site)
                .parse(Fixture.bytes(Fixture.gloucesterMeetings), committeeID: 130)
        }
    }

    @Test("GetCommittees: 131 committees (count written \" 131\", lines ending CR CR LF), expired ones flagged")
    func committees() throws {
        let committees = try WebServiceCommitteesParser().parse(Fixture.bytes(Fixture.gloucesterCommittees))
        #expect(committees.count == 131)
        #expect(committees.first == WebServiceCommittee(id: 123, title: "Airport Sub Committee", expired: true, deleted: false))
        #expect(committees.first { $0.id == 487 } == WebServiceCommittee(id: 487, title: "Audit and Governance Committee",
                                                                        expired: false, deleted: false))
        #expect(committees.contains { $0.id == 129 && $0.isCurrent })
        #expect(committees.filter(\.expired).count > committees.count / 2)
    }

    @Test("GetMeeting for another meeting id is refused")
    func anotherMeeting() throws {
        #expect(throws: ModernGovPageError.notWebServiceResponse(reason: "the response is for meeting 7837, not 7838")) {
            try Self.parser.parse(Fixture.bytes(Fixture.gloucesterMeeting), meetingID: 7838, committee: Self.cabinet)
        }
    }

    @Test("what is not the XML asked for fails: HTML pages, SOAP faults, other roots, empty or cut-short bodies")
    func failures() throws {
        let meeting = try Fixture.bytes(Fixture.gloucesterMeeting)
        let soapFault = """
            <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\
            <soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request.</faultstring>\
            </soap:Fault></soap:Body></soap:Envelope>
            """
        let bodies: [(String, [UInt8])] = [
            ("SharePoint error page", try Fixture.bytes(Fixture.leedsSharePoint)),
            ("JavaScript redirect stub", try Fixture.bytes(Fixture.denbighshireStub)),
            ("SOAP fault", Array(soapFault.utf8)),
            ("another root element", try Fixture.bytes(Fixture.gloucesterMeetings)),
            ("empty body", []),
            ("cut short", Array(meeting.prefix(meeting.count / 2))),
            ("whitespace", Array("  \r\n".utf8)),
        ]
        for (name, body) in bodies {
            #expect(throws: ModernGovPageError.self, "\(name)") {
                try Self.parser.parse(body, meetingID: 7837, committee: Self.cabinet)
            }
        }
        #expect(throws: ModernGovPageError.truncated(reason: "the XML ends before </meeting> (\(meeting.count / 2) bytes)")) {
            try Self.parser.parse(Array(meeting.prefix(meeting.count / 2)), meetingID: 7837, committee: Self.cabinet)
        }
    }

    @Test("a status that says Cancelled anywhere, in any case, is cancelled")
    func cancelledStatus() {
        #expect(WebServiceStatus.isCancelled("Cancelled"))
        #expect(WebServiceStatus.isCancelled("Special Meeting; CANCELLED"))
        #expect(!WebServiceStatus.isCancelled("Confirmed; Special Meeting"))
        #expect(!WebServiceStatus.isCancelled(""))
    }
}

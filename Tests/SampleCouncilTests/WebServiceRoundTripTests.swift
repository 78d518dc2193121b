import AgendaCore
import AgendaModel
import Foundation
import ModernGov
import Testing
@testable import SampleCouncil

/// The sample site's web service answers from the same meeting data as its pages: the web
/// service parser reads back each meeting as the HTML parser does, less what the web service
/// does not carry (document sizes, meeting-level documents, the "view the full text" cut).
@Suite struct WebServiceRoundTripTests {
    /// What the web service path gives for a meeting the model (and its HTML page) holds.
    static func asWebService(_ meeting: Meeting) -> Meeting {
        var expected = meeting
        expected.actionDocuments = []
        for i in expected.items.indices {
            for d in expected.items[i].documents.indices { expected.items[i].documents[d].size = nil }
            expected.items[i].minutes?.truncated = false
            expected.items[i].decision?.truncated = false
        }
        return expected
    }

    @Test(arguments: [nil, 1, 2, 77] as [UInt64?])
    func everyDemoMeetingParsesBack(noiseSeed: UInt64?) throws {
        var content = Fixtures.demo(noiseSeed: noiseSeed)
        for step in DemoScript.steps { step.apply(&content) }
        let site = try #require(ModernGovSite(baseURL: content.base))
        for meeting in content.meetings {
            let xml = WebServiceRenderer.meeting(meeting, noise: content.noise, site: content.style)
            let parsed = try WebServiceMeetingParser(sourceID: content.sourceID, site: site)
                .parse(Array(xml.utf8), meetingID: meeting.id.number, committee: meeting.committee)
            #expect(parsed == Self.asWebService(meeting), "meeting \(meeting.id) with noise \(String(describing: noiseSeed))")
        }
    }

    @Test func theGloucesterShape() {
        let content = Fixtures.demo(noiseSeed: nil)
        let meeting = content.meetings[0]
        let xml = WebServiceRenderer.meeting(meeting, noise: content.noise, site: content.style)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<meeting>\r\n"))
        #expect(!xml.replacingOccurrences(of: "\r\n", with: "").contains("\n"))      // every line ends CRLF
        #expect(xml.contains("<meetingactualstarttime>\r\n\t</meetingactualstarttime>"))   // whitespace-only empty element
        #expect(xml.contains("&lt;p class=\"MsoNormal\"&gt;"))                            // escaped Word HTML
        #expect(xml.contains("<fulldisplaynumberformat>\(meeting.items[0].number).</fulldisplaynumberformat>"))
        let list = WebServiceRenderer.meetings(committee: meeting.committee, meetings: content.meetings(ofCommittee: meeting.committee.id),
                                               from: nil, to: nil, noise: content.noise)
        #expect(list.contains("<meetingscount> 2</meetingscount>"))
        let committees = WebServiceRenderer.committees(content.committees, noise: content.noise)
        #expect(committees.contains("<committeescount> 3</committeescount>"))
    }

    @Test func listsAndCommitteesParseBack() throws {
        let content = Fixtures.demo(noiseSeed: 5)
        let site = try #require(ModernGovSite(baseURL: content.base))
        let committees = try WebServiceCommitteesParser().parse(Array(WebServiceRenderer.committees(content.committees, noise: content.noise).utf8))
        #expect(committees.map(\.id) == content.committees.map(\.id))
        #expect(committees.map(\.title) == content.committees.map(\.name))
        #expect(committees.allSatisfy { $0.isCurrent })
        for committee in content.committees {
            let meetings = content.meetings(ofCommittee: committee.id)
            let days = meetings.compactMap { $0.start?.date }.sorted()
            // Only the days asked for: the window's ends are inclusive.
            let xml = WebServiceRenderer.meetings(committee: committee, meetings: meetings, from: days.last, to: days.last,
                                                  noise: content.noise)
            let list = try WebServiceMeetingsParser(sourceID: content.sourceID, site: site).parse(Array(xml.utf8), committeeID: committee.id)
            #expect(list.committee == committee)
            #expect(list.meetings.map(\.id) == meetings.filter { $0.start?.date == days.last }.map(\.id))
            for entry in list.meetings {
                let meeting = try #require(meetings.first { $0.id == entry.id })
                #expect(entry.url == meeting.url)
                #expect(entry.start == meeting.start)
            }
        }
    }
}

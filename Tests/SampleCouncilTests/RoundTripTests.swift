import AgendaModel
import Foundation
import ModernGov
import Testing
import TestSupport
@testable import SampleCouncil
@testable import SampleCouncilTesting

/// The sample site is only a faithful stand-in for a council if the real parser reads back
/// exactly the meetings it rendered, whatever the noise.
@Suite struct RoundTripTests {
    func parse(_ page: String, _ meeting: Meeting) throws -> Meeting {
        try MeetingPageParser(sourceID: meeting.id.source).parse(Array(page.utf8), url: meeting.url)
    }

    @Test(arguments: [nil, 1, 2, 77] as [UInt64?])
    func everyDemoMeetingParsesBackExactly(noiseSeed: UInt64?) throws {
        let content = Fixtures.demo(noiseSeed: noiseSeed)
        for meeting in content.meetings {
            let page = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style)
            #expect(try parse(page, meeting) == meeting, "meeting \(meeting.id) with noise \(String(describing: noiseSeed))")
        }
    }

    @Test func demoStepsParseBackExactly() throws {
        var content = Fixtures.demo(noiseSeed: 3)
        for step in DemoScript.steps { step.apply(&content) }
        for meeting in content.meetings {
            let page = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style)
            #expect(try parse(page, meeting) == meeting, "meeting \(meeting.id)")
        }
    }

    @Test func listAndStructurePagesParseBack() throws {
        let content = Fixtures.demo(noiseSeed: 5)
        let structure = ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: content.noise,
                                                                 categories: content.categories, site: content.style)
        let committees = try CommitteeListParser().parse(Array(structure.utf8), url: content.base + "mgCommitteeStructure.aspx")
        #expect(committees == content.committees)
        for committee in content.committees {
            let meetings = content.meetings(ofCommittee: committee.id)
            let page = ModernGovRenderer.meetingListPage(committee: committee, meetings: meetings, noise: content.noise,
                                                         site: content.style)
            let list = try MeetingListParser(sourceID: content.sourceID)
                .parse(Array(page.utf8), url: content.base + "ieListMeetings.aspx?CommitteeId=\(committee.id)")
            #expect(list.committee == committee)
            #expect(Set(list.meetings.map(\.id)) == Set(meetings.map(\.id)))
            for entry in list.meetings {
                let meeting = try #require(meetings.first { $0.id == entry.id })
                #expect(entry.url == meeting.url)
                #expect(entry.start == meeting.start)
                #expect(entry.cancelled == (meeting.status == .cancelled))
            }
        }
    }

    @Test func generatedCorpusMeetingsParseBack() async throws {
        try await offThePool { () async throws in
            var corpus = CorpusGenerator(councils: 2, committeesPerCouncil: 2, meetingsPerCommittee: 4, seed: 9,
                                         reference: Fixtures.reference).generate()
            _ = corpus.mutate(fraction: 0.25, seed: 4)
            for council in corpus.councils {
                let content = council.content
                for meeting in content.meetings {
                    let page = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style)
                    #expect(try parse(page, meeting) == meeting, "meeting \(meeting.id)")
                }
            }
        }
    }
}

import AgendaModel
import Foundation
import Testing
@testable import SampleCouncil

@Suite struct PageNoiseTests {
    @Test func seedDerivesEveryPartDeterministically() {
        let a = PageNoise(seed: 7), b = PageNoise(seed: 7), c = PageNoise(seed: 8)
        #expect(a == b)
        #expect(a.sessionToken != c.sessionToken)
        #expect(a.viewState != c.viewState)
        #expect(a.scriptNonce != c.scriptNonce)
        #expect(a.sessionToken?.count == 24)
        #expect(PageNoise.none.seed == nil)
        #expect(PageNoise.none.sessionToken == nil)
    }

    @Test(arguments: [SampleCouncilData.Meetings.cabinetPast, SampleCouncilData.Meetings.planningPast, SampleCouncilData.Meetings.planningLater])
    func noiseChangesBytesButNotMeaning(number: Int) {
        let meeting = Fixtures.demoMeeting(number)
        let pages = [PageNoise.none, PageNoise(seed: 1), PageNoise(seed: 2), PageNoise(seed: 99)].map {
            ModernGovRenderer.meetingPage(meeting, noise: $0)
        }
        #expect(Set(pages).count == pages.count)
        for page in pages.dropFirst() {
            #expect(PageInspection.anchors(page) == PageInspection.anchors(pages[0]))
            #expect(PageInspection.hrefs(page) == PageInspection.hrefs(pages[0]))
            #expect(PageInspection.visibleText(page) == PageInspection.visibleText(pages[0]))
        }
    }

    @Test func listAndStructurePagesKeepTheirLinksUnderNoise() {
        let content = Fixtures.demo()
        for seed: UInt64 in [3, 4] {
            let clean = ModernGovRenderer.meetingListPage(committee: SampleCouncilData.cabinet, meetings: content.meetings(ofCommittee: 101), noise: .none)
            let noisy = ModernGovRenderer.meetingListPage(committee: SampleCouncilData.cabinet, meetings: content.meetings(ofCommittee: 101), noise: PageNoise(seed: seed))
            #expect(clean != noisy)
            #expect(PageInspection.hrefs(clean) == PageInspection.hrefs(noisy))
            #expect(PageInspection.visibleText(clean) == PageInspection.visibleText(noisy))
            let structure = ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: PageNoise(seed: seed), categories: content.categories)
            #expect(PageInspection.hrefs(structure) == PageInspection.hrefs(ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: .none, categories: content.categories)))
        }
    }

    @Test func noisyPagesCarryTokensViewStateNonceAndDates() throws {
        let noise = PageNoise(seed: 5)
        let token = try #require(noise.sessionToken)
        let page = ModernGovRenderer.meetingPage(Fixtures.demoMeeting(SampleCouncilData.Meetings.cabinetPast), noise: noise)
        #expect(page.contains("/(S(\(token)))/documents/s120411/Revenue Budget Monitoring Q1 Report.pdf"))
        #expect(page.contains("/(S(\(token)))/mgCommitteeDetails.aspx?ID=101"))
        #expect(page.contains("name=\"__VIEWSTATE\""))
        #expect(page.contains("name=\"__EVENTVALIDATION\""))
        #expect(page.contains("nonce=\""))
        #expect(page.contains("DC.date.modified"))
        #expect(page.contains("<!-- mgRender "))
        let list = ModernGovRenderer.meetingListPage(committee: SampleCouncilData.cabinet, meetings: Fixtures.demo().meetings(ofCommittee: 101), noise: noise)
        #expect(list.contains("/(S(\(token)))/ieListDocuments.aspx?CId=101&amp;MId=2042&amp;Ver=4"))
        // The clean page has none of it.
        let clean = ModernGovRenderer.meetingPage(Fixtures.demoMeeting(SampleCouncilData.Meetings.cabinetPast), noise: .none)
        for marker in ["(S(", "__VIEWSTATE", "nonce=", "DC.date.modified", "<!-- mgRender", "\r\n"] {
            #expect(!clean.contains(marker))
        }
    }

    @Test func viewStateDiffersBetweenPagesOfOneSiteButTheTokenDoesNot() {
        let noise = PageNoise(seed: 11)
        let content = Fixtures.demo()
        let a = ModernGovRenderer.meetingPage(content.meeting(2041)!, noise: noise)
        let b = ModernGovRenderer.meetingPage(content.meeting(2042)!, noise: noise)
        let viewState = { (page: String) in PageInspection.matches(page, #"id="__VIEWSTATE" value="([^"]*)""#) }
        #expect(viewState(a) != viewState(b))
        #expect(a.contains("(S(\(noise.sessionToken!)))") && b.contains("(S(\(noise.sessionToken!)))"))
    }

    @Test func sessionSegmentIsStrippedByTheInspectionHelper() {
        #expect(PageInspection.stripSession("/(S(abcdef012345abcdef012345))/ieListDocuments.aspx?CId=1") == "ieListDocuments.aspx?CId=1")
        #expect(PageInspection.stripSession("ieListDocuments.aspx?CId=1") == "ieListDocuments.aspx?CId=1")
    }
}

import AgendaModel
import Foundation
import Testing
import TestSupport
@testable import SampleCouncil
@testable import SampleCouncilTesting

@Suite struct SampleCouncilSiteTests {
    @Test func servesTheModernGovRoutes() async throws {
        try await withSite { site, base in
            #expect(base.absoluteString.hasPrefix("http://127.0.0.1:"))
            #expect(base.absoluteString.hasSuffix("/"))
            let content = await site.content

            let structure = try await RawHTTPClient.request(base, "/mgCommitteeStructure.aspx")
            #expect(structure.status == 200)
            #expect(structure.headers["content-type"] == "text/html; charset=utf-8")
            #expect(structure.text == ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: content.noise,
                                                                               categories: content.categories, site: content.style))
            #expect(try await RawHTTPClient.request(base, "/mgListCommittees.aspx").status == 200)

            let list = try await RawHTTPClient.request(base, "/ieListMeetings.aspx?CommitteeId=102")
            #expect(list.status == 200)
            #expect(list.text == ModernGovRenderer.meetingListPage(committee: SampleCouncilData.planning,
                                                                   meetings: content.meetings(ofCommittee: 102), noise: content.noise, site: content.style))
            #expect(try await RawHTTPClient.request(base, "/ieListMeetings.aspx?CId=102&Year=0").text == list.text)

            let meeting = try await RawHTTPClient.request(base, "/ieListDocuments.aspx?CId=101&MId=2041")
            #expect(meeting.status == 200)
            #expect(meeting.text == ModernGovRenderer.meetingPage(content.meeting(2041)!, noise: content.noise, site: content.style))
            for target in ["/ieListDocuments.aspx?CId=101&MID=2041", "/ieListDocuments.aspx?MeetingId=2041",
                           "/ieListDocuments.aspx?cid=101&mid=2041&Ver=4", "/IELISTDOCUMENTS.ASPX?CID=101&MID=2041"] {
                #expect(try await RawHTTPClient.request(base, target).text == meeting.text, "\(target)")
            }
        }
    }

    @Test func acceptsTheCookielessSessionPath() async throws {
        try await withSite { _, base in
            let direct = try await RawHTTPClient.request(base, "/ieListDocuments.aspx?CId=101&MId=2042")
            let tokened = try await RawHTTPClient.request(base, "/(S(abcdefghijklmnopqrstu012))/ieListDocuments.aspx?CId=101&MId=2042")
            #expect(tokened.status == 200)
            #expect(tokened.text == direct.text)
            #expect(try await RawHTTPClient.request(base, "/(S(x1))/ieListMeetings.aspx?CommitteeId=101").status == 200)
        }
    }

    @Test func answersNotFoundForAnythingElse() async throws {
        try await withSite { _, base throws in
            for target in ["/", "/index.html", "/ieListDocuments.aspx?CId=101&MId=9999", "/ieListDocuments.aspx?CId=101",
                           "/ieListMeetings.aspx?CommitteeId=999", "/ieListMeetings.aspx", "/mgCommitteeDetails.aspx?ID=101",
                           "/documents/s120411/Revenue%20Budget%20Monitoring%20Q1%20Report.pdf", "/sub/ieListMeetings.aspx?CId=101"] {
                #expect(try await RawHTTPClient.request(base, target).status == 404, "\(target)")
            }
            #expect(try await RawHTTPClient.request(base, "/mgCommitteeStructure.aspx", method: "POST").status == 405)
        }
    }

    @Test func headAnswersWithoutABody() async throws {
        try await withSite { _, base in
            let get = try await RawHTTPClient.request(base, "/ieListDocuments.aspx?CId=101&MId=2041")
            let head = try await RawHTTPClient.request(base, "/ieListDocuments.aspx?CId=101&MId=2041", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["content-length"] == String(get.body.count))
        }
    }

    @Test func servesUnderABasePath() async throws {
        let content = SampleCouncilData.content(reference: Fixtures.reference, base: "http://127.0.0.1/moderngov/", noiseSeed: 3)
        try await withSite(content) { site, base in
            #expect(base.path == "/moderngov")
            #expect(try await RawHTTPClient.request(base, "/moderngov/ieListMeetings.aspx?CommitteeId=101").status == 200)
            #expect(try await RawHTTPClient.request(base, "/ieListMeetings.aspx?CommitteeId=101").status == 404)
            let token = try #require(await site.content.noise.sessionToken)
            let page = try await RawHTTPClient.request(base, "/moderngov/(S(\(token)))/ieListDocuments.aspx?CId=101&MId=2041")
            #expect(page.status == 200)
            #expect(page.text.contains("href=\"/moderngov/(S(\(token)))/documents/s120411/"))
            #expect(await site.content.meeting(2041)!.url == base.absoluteString + "ieListDocuments.aspx?CId=101&MId=2041")
        }
    }

    @Test func contentIsRebasedOntoTheRealPort() async throws {
        try await withSite { site, base in
            let meeting = try #require(await site.content.meeting(2041))
            #expect(meeting.url == "\(base.absoluteString)ieListDocuments.aspx?CId=101&MId=2041")
            #expect(meeting.items[4].documents[0].url == "\(base.absoluteString)documents/s120411/Revenue%20Budget%20Monitoring%20Q1%20Report.pdf")
            #expect(meeting.actionDocuments.allSatisfy { $0.url.hasPrefix(base.absoluteString) })
            #expect(await site.url(for: .meeting(committee: nil, meeting: 2041))?.absoluteString == meeting.url)
        }
    }

    @Test func updatesAndNoiseShowOnTheNextFetch() async throws {
        try await withSite { site, base in
            let target = "/ieListDocuments.aspx?CId=101&MId=2042"
            let before = try await RawHTTPClient.request(base, target)
            await site.update { $0.demoAddDocument() }
            let after = try await RawHTTPClient.request(base, target)
            #expect(after.text.contains("Appendix C - Savings Tracker"))
            #expect(!before.text.contains("Appendix C - Savings Tracker"))

            await site.setNoise(12345)
            let noisy = try await RawHTTPClient.request(base, target)
            #expect(noisy.text != after.text)
            #expect(PageInspection.anchors(noisy.text) == PageInspection.anchors(after.text))
            #expect(PageInspection.hrefs(noisy.text) == PageInspection.hrefs(after.text))
            #expect(PageInspection.visibleText(noisy.text) == PageInspection.visibleText(after.text))
        }
    }

    @Test func faultsReplaceResponsesForTheirTargets() async throws {
        try await withSite { site, base in
            let list = "/ieListMeetings.aspx?CommitteeId=101"
            let meeting = "/ieListDocuments.aspx?CId=101&MId=2041"

            await site.fault(.meetingList(committee: 101), .status(503, retryAfter: 120), times: 2)
            for _ in 0..<2 {
                let failed = try await RawHTTPClient.request(base, list)
                #expect(failed.status == 503)
                #expect(failed.headers["retry-after"] == "120")
            }
            #expect(try await RawHTTPClient.request(base, list).status == 200)
            #expect(try await RawHTTPClient.request(base, "/ieListMeetings.aspx?CommitteeId=102").status == 200)

            await site.fault(.meeting(2041), .body("<html><body>Checking your browser before accessing…</body></html>"))
            let challenge = try await RawHTTPClient.request(base, meeting)
            #expect(challenge.status == 200)
            #expect(challenge.text.contains("Checking your browser"))
            await site.clearFaults()

            let whole = try await RawHTTPClient.request(base, meeting)
            await site.fault("/ieListDocuments.aspx", .truncate(0.4), times: 1)
            let cut = try await RawHTTPClient.request(base, meeting)
            #expect(cut.status == 200)
            #expect(cut.body.count == Int(Double(whole.body.count) * 0.4))
            #expect(whole.body.starts(with: cut.body))
            #expect(!cut.text.contains("</html>"))

            await site.fault(.any, .emptyMeetingList, times: 1)
            #expect(try await RawHTTPClient.request(base, meeting).text == whole.text)
            let empty = try await RawHTTPClient.request(base, list)
            #expect(empty.status == 200)
            #expect(empty.text.contains("mgNonBulletTableList"))
            #expect(!empty.text.contains("mgMeetingTableLnk"))

            await site.fault("/ieListDocuments.aspx?CId=101&MId=2041", .status(500))
            #expect(try await RawHTTPClient.request(base, meeting).status == 500)
            #expect(try await RawHTTPClient.request(base, "/ieListDocuments.aspx?CId=101&MId=2042").status == 200)
            await site.clearFaults()

            await site.fault(.committeeStructure, .delay(.milliseconds(300)), times: 1)
            let clock = ContinuousClock()
            let started = clock.now
            #expect(try await RawHTTPClient.request(base, "/mgCommitteeStructure.aspx").status == 200)
            #expect(clock.now - started >= .milliseconds(300))
        }
    }

    @Test func etagModeAnswersIfNoneMatchWithNotModified() async throws {
        try await withSite { site, base in
            let target = "/ieListDocuments.aspx?CId=101&MId=2042"
            #expect(try await RawHTTPClient.request(base, target).headers["etag"] == nil)
            await site.setValidators(.etag)
            let first = try await RawHTTPClient.request(base, target)
            let etag = try #require(first.headers["etag"])
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
            #expect(first.headers["last-modified"] == nil)

            let again = try await RawHTTPClient.request(base, target, headers: ["If-None-Match": etag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.headers["etag"] == etag)
            #expect(try await RawHTTPClient.request(base, target, headers: ["If-None-Match": "\"other\", W/\(etag)"]).status == 304)
            #expect(try await RawHTTPClient.request(base, target, headers: ["If-None-Match": "\"other\""]).status == 200)

            await site.update { $0.demoAddDocument() }
            let changed = try await RawHTTPClient.request(base, target, headers: ["If-None-Match": etag])
            #expect(changed.status == 200)
            #expect(changed.headers["etag"] != etag)
        }
    }

    @Test func lastModifiedModeAnswersIfModifiedSince() async throws {
        try await withSite { site, base in
            let target = "/ieListMeetings.aspx?CommitteeId=103"
            await site.setValidators(.lastModified)
            let first = try await RawHTTPClient.request(base, target)
            let stamp = try #require(first.headers["last-modified"])
            #expect(stamp.hasSuffix(" GMT"))
            #expect(try await RawHTTPClient.request(base, target, headers: ["If-Modified-Since": stamp]).status == 304)
            await site.update { $0.updateMeeting(2047) { $0.published.minutes = true } }
            let changed = try await RawHTTPClient.request(base, target, headers: ["If-Modified-Since": stamp])
            #expect(changed.status == 200)
            #expect(try #require(changed.headers["last-modified"]).isEmpty == false)
            #expect(changed.headers["last-modified"] != stamp)
        }
    }

    @Test func logsEveryRequest() async throws {
        try await withSite { site, base in
            _ = try await RawHTTPClient.request(base, "/ieListMeetings.aspx?CommitteeId=101",
                                                headers: ["User-Agent": "agenda-sync/1.0 (+mailto:admin@example.org)"])
            _ = try await RawHTTPClient.request(base, "/nope.aspx", headers: ["If-None-Match": "\"abc\""])
            let log = await site.requests
            #expect(log.count == 2)
            #expect(log[0].method == "GET")
            #expect(log[0].target == "/ieListMeetings.aspx?CommitteeId=101")
            #expect(log[0].userAgent == "agenda-sync/1.0 (+mailto:admin@example.org)")
            #expect(log[0].status == 200)
            #expect(log[1].headers["if-none-match"] == "\"abc\"")
            #expect(log[1].status == 404)
            #expect(log[0].time <= log[1].time)
            await site.clearRequestLog()
            #expect(await site.requests.isEmpty)
        }
    }

    @Test func servesConcurrentRequests() async throws {
        try await withSite { _, base in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for number in SampleCouncilData.Meetings.all {
                    group.addTask { try await RawHTTPClient.request(base, "/ieListDocuments.aspx?MId=\(number)").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: SampleCouncilData.Meetings.all.count))
        }
    }

    @Test func stopClosesThePort() async throws {
        let site = SampleCouncilSite(testing: Fixtures.demo())
        let base = try await site.start()
        #expect(try await RawHTTPClient.request(base, "/mgCommitteeStructure.aspx").status == 200)
        await site.stop()
        await #expect(throws: (any Error).self) { try await RawHTTPClient.request(base, "/mgCommitteeStructure.aspx", timeout: 2) }
    }

    @Test func routesParseCaseInsensitively() {
        #expect(SiteRoute.parse(path: "/IELISTMEETINGS.aspx", query: [("committeeid", "7")]) == .meetingList(committee: 7))
        #expect(SiteRoute.parse(path: "/ieListDocuments.aspx", query: [("MeetingID", "3"), ("cId", "2")]) == .meeting(committee: 2, meeting: 3))
        #expect(SiteRoute.parse(path: "/(S(a1b2))/mgCommitteeStructure.aspx", query: []) == .committeeStructure)
        #expect(SiteRoute.parse(path: "/x/(S(a1b2))/mgCommitteeStructure.aspx", query: [], basePath: "/x/") == .committeeStructure)
        #expect(SiteRoute.parse(path: "/ieListMeetings.aspx", query: [("CommitteeId", "abc")]) == nil)
    }
}

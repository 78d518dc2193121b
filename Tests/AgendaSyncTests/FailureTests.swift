import AgendaConfig
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// A page fault on meeting 2042's page and the fetch outcome the sync log must show for it.
struct PageFaultScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var fault: SiteFault
    var outcome: FetchOutcome
    var status: Int?

    var testDescription: String { name }

    static let challenge = """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
        <meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main">
        <h1>democracy.sample.gov.uk</h1><h2>Checking if the site connection is secure</h2>
        <noscript>Enable JavaScript and cookies to continue</noscript>
        <script>window._cf_chl_opt={cvId: '3',cZone: "democracy.sample.gov.uk",cType: 'managed'};</script>
        </div></body></html>
        """

    static let all: [PageFaultScenario] = [
        // (A 503 or 429 pauses the whole host: PolitenessTests/MisbehavingCouncilTests cover those.)
        PageFaultScenario(name: "502 Bad Gateway", fault: .status(502), outcome: .httpError, status: 502),
        PageFaultScenario(name: "500 Internal Server Error", fault: .status(500), outcome: .httpError, status: 500),
        PageFaultScenario(name: "a challenge page served with 200", fault: .body(challenge), outcome: .invalidPage, status: 200),
        PageFaultScenario(name: "an IIS error page served with 200",
                          fault: .body("<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1></body></html>"),
                          outcome: .invalidPage, status: 200),
        PageFaultScenario(name: "the first half of the page", fault: .truncate(0.5), outcome: .truncated, status: 200),
        PageFaultScenario(name: "all but the end of the page", fault: .truncate(0.93), outcome: .truncated, status: 200),
    ]
}

@Suite("A failed fetch is not a change")
struct FailureTests {
    @Test(arguments: PageFaultScenario.all)
    func meetingPageFault(_ scenario: PageFaultScenario) async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let id = h.meetingID(M.cabinetNext)
            let url = await h.meetingURL(M.cabinetNext)
            let countsBefore = try h.counts()
            let stateBefore = try h.store.meetingState(id)
            let recordBefore = try h.store.meeting(id)
            let validatorsBefore = try h.store.validators(for: url)

            await h.site.fault(.meeting(M.cabinetNext), scenario.fault)
            let failed = try await h.sync()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)
            #expect(failed.source.failures == 1)
            #expect(failed.source.versionsWritten == 0)
            let run = try h.lastRun()
            #expect(run?.outcome == .partial)
            #expect(run?.failures == 1)
            let errors = try h.store.fetchLog(sourceID: "sample", failuresOnly: true).filter { $0.runID == failed.source.runID }
            #expect(errors.count == 1)
            #expect(errors.first?.entry.url == url)
            #expect(errors.first?.entry.outcome == scenario.outcome)
            #expect(errors.first?.entry.status == scenario.status)
            #expect(errors.first?.entry.error?.isEmpty == false)
            // The last good version stays, and so do the page's validators.
            #expect(try h.store.meetingState(id) == stateBefore)
            #expect(try h.store.meeting(id)?.version == recordBefore?.version)
            #expect(try h.store.meeting(id)?.meeting == recordBefore?.meeting)
            #expect(try h.store.validators(for: url) == validatorsBefore)
            let countsAfter = try h.counts()
            for table in contentTables {
                #expect(countsAfter[table] == countsBefore[table], "\(table)")
            }

            await h.site.clearFaults()
            let clean = try await h.sync()
            #expect(clean.source.outcome == .ok)
            #expect(clean.source.failures == 0)
            #expect(clean.noticeCount == 0)
            #expect(clean.source.versionsWritten == 0)
            #expect(try h.store.meeting(id)?.version == 1)
        }
    }

    @Test("a change that arrives behind a failing page is announced once the page is good again")
    func changeBehindAFault() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            await h.site.update { $0.demoAddDocument() }
            await h.site.fault(.meeting(M.cabinetNext), .truncate(0.6))
            let failed = try await h.sync()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)

            await h.site.clearFaults()
            let recovered = try await h.sync()
            #expect(recovered.source.outcome == .ok)
            let notice = recovered.notice("all", meeting: M.cabinetNext)
            #expect(notice?.changes.map(\.kind) == [.documentAdded])
            #expect(notice?.meeting.version == 2)
            #expect(recovered.noticeCount == 1)
        }
    }

    @Test("a failed meetings list skips its committee without marking anything missing",
          arguments: [PageFaultScenario(name: "list 502", fault: .status(502), outcome: .httpError, status: 502),
                      PageFaultScenario(name: "list challenge page", fault: .body(PageFaultScenario.challenge), outcome: .invalidPage, status: 200),
                      PageFaultScenario(name: "list truncated", fault: .truncate(0.4), outcome: .truncated, status: 200),
                      PageFaultScenario(name: "list empty", fault: .emptyMeetingList, outcome: .emptyList, status: 200)])
    func meetingListFault(_ scenario: PageFaultScenario) async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let countsBefore = try h.counts()
            await h.site.fault(.meetingList(committee: SampleCouncilData.planning.id), scenario.fault)
            await h.site.clearRequestLog()

            let failed = try await h.sync()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)
            #expect(failed.source.failures == 1)
            #expect(try h.lastRun()?.outcome == .partial)
            let errors = try h.store.fetchLog(sourceID: "sample", failuresOnly: true).filter { $0.runID == failed.source.runID }
            #expect(errors.map(\.entry.outcome) == [scenario.outcome])
            #expect(errors.first?.entry.url.contains("ieListMeetings.aspx") == true)
            #expect(errors.first?.entry.status == scenario.status)
            for number in [M.planningPast, M.planningNext, M.planningLater] {
                let state = try h.store.meetingState(h.meetingID(number))
                #expect(state?.missingSince == nil, "\(number) marked missing after a failed list")
                #expect(state?.currentVersion == 1)
            }
            // The planning meetings' pages were not fetched; the other committees' were.
            let requested = await h.site.requests.map(\.target)
            #expect(!requested.contains { $0.contains("MId=2043") || $0.contains("MId=2044") || $0.contains("MId=2045") })
            #expect(requested.contains { $0.contains("MId=2042") })
            let countsAfter = try h.counts()
            for table in contentTables {
                #expect(countsAfter[table] == countsBefore[table], "\(table)")
            }

            await h.site.clearFaults()
            let clean = try await h.sync()
            #expect(clean.source.outcome == .ok)
            #expect(clean.noticeCount == 0)
            #expect(clean.source.versionsWritten == 0)
        }
    }

    @Test("a failed committee structure page fails the cycle and touches nothing",
          arguments: [SiteFault.status(503, retryAfter: nil), .body(PageFaultScenario.challenge), .truncate(0.5)])
    func committeeStructureFault(_ fault: SiteFault) async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let countsBefore = try h.counts()
            await h.site.fault(.committeeStructure, fault)
            let failed = try await h.sync()
            #expect(failed.source.outcome == .failed)
            #expect(failed.noticeCount == 0)
            #expect(try h.lastRun()?.outcome == .failed)
            let fetches = try h.fetches(run: failed.source.runID!)
            #expect(fetches.count == 1)
            #expect(fetches.first?.outcome.isFailure == true)
            let countsAfter = try h.counts()
            for table in contentTables {
                #expect(countsAfter[table] == countsBefore[table], "\(table)")
            }
            #expect(try h.store.meetings(sourceID: "sample").allSatisfy { $0.missingSince == nil })

            await h.site.clearFaults()
            let clean = try await h.sync()
            #expect(clean.source.outcome == .ok)
            #expect(clean.noticeCount == 0)
        }
    }

    /// Another meeting's page served at 2042's address must not be taken for "meeting 2042
    /// rescheduled, moved, every item replaced" (and the reverse once the right page is back):
    /// the parser checks the page's own attendance link against the URL.
    @Test("a page that is another meeting's page is invalid, not a change")
    func anotherMeetingsPage() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let other = await h.site.page(for: .meeting(committee: 102, meeting: M.planningNext))!
            await h.site.fault(.meeting(M.cabinetNext), .body(other))
            let failed = try await h.sync()
            await h.site.clearFaults()
            let clean = try await h.sync()
            #expect(failed.noticeCount == 0, "\(failed.notices(for: "all").map { $0.summary })")
            #expect(failed.source.outcome == .partial)
            let errors = try h.store.fetchLog(sourceID: "sample", failuresOnly: true).filter { $0.runID == failed.source.runID }
            #expect(errors.map(\.entry.outcome) == [.invalidPage])
            #expect(try h.store.meeting(h.meetingID(M.cabinetNext))?.version == 1)
            #expect(clean.noticeCount == 0)
            #expect(try h.store.meeting(h.meetingID(M.cabinetNext))?.meeting.title.hasPrefix("Cabinet") == true)
            #expect(clean.source.outcome == .ok)
        }
    }

    @Test("a meeting missing from its list is only marked missing, and reappearing clears the mark")
    func missingFromList() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let id = h.meetingID(M.planningNext)
            let countsBefore = try h.counts()
            let original = await h.site.content
            let index = original.meetings.firstIndex { $0.id.number == M.planningNext }!

            await h.site.update { $0.meetings.remove(at: index) }
            let gone = try await h.sync()
            #expect(gone.source.outcome == .ok)
            #expect(gone.noticeCount == 0)
            #expect(gone.source.versionsWritten == 0)
            let missing = try h.store.meetingState(id)
            #expect(missing?.missingSince != nil)
            #expect(missing?.status == .confirmed)
            #expect(missing?.currentVersion == 1)
            #expect(try h.store.meetingState(h.meetingID(M.planningPast))?.missingSince == nil)

            // Still gone a cycle later: still no notice, and the mark keeps its first time.
            let stillGone = try await h.sync()
            #expect(stillGone.noticeCount == 0)
            #expect(try h.store.meetingState(id)?.missingSince == missing?.missingSince)

            await h.site.update { $0.meetings.insert(original.meetings[index], at: index) }
            let back = try await h.sync()
            #expect(back.source.outcome == .ok)
            #expect(back.noticeCount == 0)
            #expect(back.source.versionsWritten == 0)
            #expect(try h.store.meetingState(id)?.missingSince == nil)
            #expect(try h.store.meetingState(id)?.currentVersion == 1)
            let countsAfter = try h.counts()
            for table in ["versions", "changes", "notices", "meetings"] {
                #expect(countsAfter[table] == countsBefore[table], "\(table)")
            }
        }
    }

    @Test("connection refused: the cycle fails, nothing changes, and the next good cycle is clean")
    func connectionRefused() async throws {
        let closed = try RefusingPort()
        try await withHarness { h in
            _ = try await h.sync()
            let countsBefore = try h.counts()
            let realBase = h.configuration.sources[0].baseURL

            h.reconfigureSource { $0.baseURL = closed.baseURL }
            let failed = try await h.sync()
            #expect(failed.source.outcome == .failed)
            #expect(failed.source.error?.isEmpty == false)
            #expect(failed.noticeCount == 0)
            let run = try h.lastRun()
            #expect(run?.outcome == .failed)
            #expect(run?.error != nil)
            // robots.txt is asked first; unreachable, it disallows the whole host (RFC 9309), so the
            // committee structure is not requested.
            let fetches = try h.fetches(run: failed.source.runID!)
            #expect(fetches.map(\.outcome) == [.transportError, .robotsDisallowed])
            #expect(fetches.first?.status == nil)
            #expect(fetches.first?.url == closed.baseURL + "robots.txt")
            #expect(fetches.first?.error?.contains("connect") == true, "\(fetches.first?.error ?? "")")
            #expect(fetches.last?.url.hasPrefix(closed.baseURL) == true)
            let countsAfter = try h.counts()
            for table in contentTables {
                #expect(countsAfter[table] == countsBefore[table], "\(table)")
            }
            #expect(try h.store.meetings(sourceID: "sample").allSatisfy { $0.currentVersion == 1 && $0.missingSince == nil })

            h.reconfigureSource { $0.baseURL = realBase }
            let clean = try await h.sync()
            #expect(clean.source.outcome == .ok)
            #expect(clean.noticeCount == 0)
            #expect(clean.source.versionsWritten == 0)
        }
        _ = closed
    }

    @Test("a first sync that cannot connect takes no baseline; the first good one is still silent")
    func refusedFirstSync() async throws {
        let closed = try RefusingPort()
        try await withHarness { h in
            let realBase = h.configuration.sources[0].baseURL
            h.reconfigureSource { $0.baseURL = closed.baseURL }
            let failed = try await h.sync()
            #expect(failed.source.outcome == .failed)
            #expect(failed.noticeCount == 0)
            #expect(try h.store.source(id: "sample")?.baselineAt == nil)

            h.reconfigureSource { $0.baseURL = realBase }
            let baseline = try await h.sync()
            #expect(baseline.source.baseline)
            #expect(baseline.source.outcome == .ok)
            #expect(baseline.noticeCount == 0)
            #expect(baseline.source.versionsWritten == M.all.count)
        }
        _ = closed
    }

    @Test("a page that stalls past the total timeout is a transport error, not a change")
    func stalledPage() async throws {
        // A total timeout that a page of a starved in-process site still meets; the stalled page is
        // held until the sync is over, so only that timeout can end its transfer (no sleep, no
        // wall-clock assertion: had the timeout not cut it, the sync would still be waiting).
        try await withHarness(totalTimeout: .seconds(20)) { h in
            _ = try await h.sync()
            let gate = SiteGate()
            defer { gate.open() }
            await h.site.fault(.meeting(M.cabinetNext), .hold(gate), times: 1)
            let failed = try await h.sync()
            gate.open()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)
            let errors = try h.store.fetchLog(sourceID: "sample", failuresOnly: true).filter { $0.runID == failed.source.runID }
            #expect(errors.map(\.entry.outcome) == [.transportError])
            #expect(errors.first?.entry.error?.contains("timed out") == true, "\(errors.first?.entry.error ?? "")")
            #expect(try h.store.meeting(h.meetingID(M.cabinetNext))?.version == 1)

            let clean = try await h.sync()
            #expect(clean.source.outcome == .ok)
            #expect(clean.noticeCount == 0)
            #expect(clean.source.versionsWritten == 0)
        }
    }

    @Test("a page over max_page_bytes is a transport error naming the cap, and nothing of it is stored")
    func oversizedPage() async throws {
        let cap = 1 << 20
        try await withHarness(maxPageBytes: cap) { h in
            _ = try await h.sync()
            let id = h.meetingID(M.cabinetNext)
            let url = await h.meetingURL(M.cabinetNext)
            let countsBefore = try h.counts()
            let rawBefore = try h.store.rawPage(id, version: 1)
            let validatorsBefore = try h.store.validators(for: url)

            // A real meeting page padded to 10 MB (e.g. a runaway view-state).
            let page = await h.site.page(for: .meeting(committee: 101, meeting: M.cabinetNext))!
            let padding = String(repeating: "<!-- pad -->", count: (10 << 20) / 12)
            await h.site.fault(.meeting(M.cabinetNext), .body(page.replacingOccurrences(of: "</body>", with: padding + "</body>")))

            let failed = try await h.sync()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)
            #expect(failed.source.versionsWritten == 0)
            let errors = try h.store.fetchLog(sourceID: "sample", failuresOnly: true).filter { $0.runID == failed.source.runID }
            #expect(errors.count == 1)
            #expect(errors.first?.entry.url == url)
            #expect(errors.first?.entry.outcome == .transportError)
            #expect(errors.first?.entry.error?.contains(String(cap)) == true, "\(errors.first?.entry.error ?? "")")
            #expect((errors.first?.entry.bytes ?? 0) <= cap)
            let countsAfter = try h.counts()
            for table in contentTables {
                #expect(countsAfter[table] == countsBefore[table], "\(table)")
            }
            #expect(try h.store.meeting(id)?.version == 1)
            #expect(try h.store.rawPage(id, version: 1) == rawBefore)
            #expect(try h.store.validators(for: url) == validatorsBefore)

            await h.site.clearFaults()
            let clean = try await h.sync()
            #expect(clean.source.outcome == .ok)
            #expect(clean.noticeCount == 0)
            #expect(clean.source.versionsWritten == 0)
        }
    }

    @Test("an oversized page of a new meeting stores nothing for it until a good page arrives")
    func oversizedNewMeeting() async throws {
        try await withHarness(maxPageBytes: 256 << 10) { h in
            _ = try await h.sync()
            await h.site.update { content in
                content.meetings.append(Edits.newMeeting(2048, committee: SampleCouncilData.cabinet, days: 40, in: content))
            }
            await h.site.fault(.meeting(2048), .body(String(repeating: "x", count: 10 << 20)))
            let failed = try await h.sync()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)
            #expect(try h.store.meeting(h.meetingID(2048)) == nil)
            #expect((try h.store.meetingState(h.meetingID(2048))?.currentVersion ?? 0) == 0)

            await h.site.clearFaults()
            let good = try await h.sync()
            #expect(good.source.outcome == .ok)
            #expect(good.notice("all", meeting: 2048)?.type == .meetingNew)
            #expect(good.noticeCount == 1)
        }
    }
}

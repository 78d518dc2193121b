import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing

@Suite("Baseline, noise, unchanged cycles and conditional GET")
struct BaselineAndQuietTests {
    @Test("the first sync stores every meeting in the window and tells nobody")
    func baselineIsSilent() async throws {
        try await withHarness { h in
            let result = try await h.sync()
            #expect(result.source.baseline)
            #expect(result.source.outcome == .ok)
            #expect(result.source.failures == 0)
            #expect(result.source.meetingsSeen == M.all.count)
            #expect(result.source.versionsWritten == M.all.count)
            #expect(result.source.noticesWritten == 0)
            #expect(result.noticeCount == 0)
            #expect(result.report.delivery.delivered == 0)
            for subscription in ["all", "planning"] {
                let size = (try? FileManager.default.attributesOfItem(atPath: h.noticePath(subscription))[.size] as? Int) ?? 0
                #expect(size == 0, "\(subscription).jsonl has \(size) bytes after a silent baseline")
            }
            let counts = try h.counts()
            #expect(counts["versions"] == M.all.count)
            #expect(counts["meetings"] == M.all.count)
            #expect(counts["notices"] == 0)
            #expect(try h.store.source(id: "sample")?.baselineAt != nil)
            let content = await h.site.content
            for number in M.all {
                let stored = try h.store.meeting(h.meetingID(number))
                #expect(stored?.version == 1)
                #expect(stored?.meeting.title == content.meeting(number)?.title)
                #expect(stored?.meeting.items.map(\.id) == content.meeting(number)?.items.map(\.id))
            }
            #expect(try h.store.integrityCheck() == "ok")

            let second = try await h.sync()
            #expect(!second.source.baseline)
            #expect(second.noticeCount == 0)
        }
    }

    @Test("the baseline stores only the meetings inside the window")
    func baselineRespectsTheWindow() async throws {
        // 10 days back, 30 ahead: 2042 (+9), 2043 (−6), 2044 (+16), 2047 (+23) are in; 2041 (−20), 2045 (+44), 2046 (−34) are not.
        let window = RecheckWindow(past: ConfigDuration(seconds: 10 * 86_400)!, future: ConfigDuration(seconds: 30 * 86_400)!)
        try await withHarness(window: window) { h in
            let result = try await h.sync()
            #expect(result.source.outcome == .ok && result.source.baseline)
            #expect(result.source.versionsWritten == 4)
            #expect(result.noticeCount == 0)
            let stored = try h.store.meetings(sourceID: "sample").map(\.id.number).sorted()
            #expect(stored == [M.cabinetNext, M.planningPast, M.planningNext, M.scrutinyNext])
            let requested = await h.site.requests.map(\.target)
            for number in [M.cabinetPast, M.planningLater, M.scrutinyPast] {
                #expect(!requested.contains { $0.contains("MId=\(number)") }, "meeting \(number) is outside the window but was fetched")
            }
        }
    }

    @Test("a source with configured committees reads only their lists, not the committee structure")
    func configuredCommittees() async throws {
        try await withHarness { h in
            h.reconfigureSource { $0.committees = [SampleCouncilData.planning.id] }
            let result = try await h.sync()
            #expect(result.source.outcome == .ok && result.source.baseline)
            #expect(try h.store.meetings(sourceID: "sample").map(\.id.number).sorted()
                    == [M.planningPast, M.planningNext, M.planningLater])
            let requested = await h.site.requests.map(\.target)
            #expect(!requested.contains { $0.contains("mgCommitteeStructure") })
            #expect(requested.filter { $0.contains("ieListMeetings") }.count == 1)

            // A change to a committee the source does not watch is not seen; one it watches is.
            await h.site.update { $0.demoAddDocument(); $0.demoCancelMeeting() }
            let next = try await h.sync()
            #expect(next.notices(for: "all").map(\.meeting.id.number) == [M.planningLater])
        }
    }

    @Test("a committee structure that lists no committees is a failure, so it cannot become an empty baseline")
    func emptyCommitteeStructure() async throws {
        try await withHarness { h in
            let content = await h.site.content
            let empty = ModernGovRenderer.committeeStructurePage(committees: [], noise: content.noise, categories: [:],
                                                                  site: content.style)
            await h.site.fault(.committeeStructure, .body(empty))
            let first = try await h.sync()
            #expect(first.source.outcome == .failed)
            #expect(first.noticeCount == 0)
            #expect(try h.store.source(id: "sample")?.baselineAt == nil)
            let fetches = try h.fetches(run: first.source.runID!).filter { !$0.url.hasSuffix("/robots.txt") }
            #expect(fetches.count == 1 && fetches[0].outcome.isFailure)

            await h.site.clearFaults()
            let baseline = try await h.sync()
            #expect(baseline.source.baseline)
            #expect(baseline.source.versionsWritten == M.all.count)
            #expect(baseline.noticeCount == 0, "\(baseline.notices(for: "all").map(\.summary))")

            // After the baseline too: an empty structure fails the cycle and touches nothing.
            let counts = try h.counts()
            await h.site.fault(.committeeStructure, .body(empty))
            let later = try await h.sync()
            #expect(later.source.outcome == .failed)
            #expect(later.noticeCount == 0)
            for table in contentTables { #expect(try h.counts()[table] == counts[table], "\(table)") }
        }
    }

    /// Known bug (reported): the baseline is marked done after a *partial* first cycle, so the
    /// meetings of a committee whose list failed during it are announced as meeting.new — past
    /// meetings with minutes included — the first time the list is read.
    @Test("meetings of a list that failed during the baseline are not announced as new later")
    func listFailedDuringBaseline() async throws {
        try await withHarness { h in
            await h.site.fault(.meetingList(committee: SampleCouncilData.planning.id), .status(503))
            let first = try await h.sync()
            #expect(first.source.baseline)
            #expect(first.source.outcome == .partial)
            #expect(first.noticeCount == 0)

            await h.site.clearFaults()
            let second = try await h.sync()
            #expect(second.source.outcome == .ok)
            #expect(second.noticeCount == 0, "\(second.notices(for: "all").map(\.summary))")
        }
    }

    @Test("meetings whose page failed during the baseline are stored silently once their page is read")
    func pageFailedDuringBaseline() async throws {
        try await withHarness { h in
            // A 500, not a 503: a 503 would pause the whole host (see MisbehavingCouncilTests).
            await h.site.fault(.meeting(M.planningNext), .status(500))
            let first = try await h.sync()
            #expect(first.source.baseline && first.source.outcome == .partial)
            #expect(first.source.versionsWritten == M.all.count - 1)
            #expect(try h.store.meetingState(h.meetingID(M.planningNext))?.currentVersion == 0)

            await h.site.clearFaults()
            let second = try await h.sync()
            #expect(second.source.outcome == .ok)
            #expect(second.source.versionsWritten == 1)
            #expect(second.noticeCount == 0)
            #expect(try h.store.meetingState(h.meetingID(M.planningNext))?.currentVersion == 1)
        }
    }

    @Test("a 304 to a meeting page asked for without validators is a failure, not an unchanged page")
    func notModifiedWithoutValidators() async throws {
        try await withHarness { h in
            await h.site.fault(.meeting(M.planningNext), .status(304))
            let first = try await h.sync()
            #expect(first.source.baseline && first.source.outcome == .partial)
            #expect(first.source.versionsWritten == M.all.count - 1)
            let url = await h.meetingURL(M.planningNext)
            let fetch = try h.fetches(run: first.source.runID!).first { $0.url == url }
            #expect(fetch?.status == 304 && fetch?.outcome == .httpError, "\(String(describing: fetch))")

            await h.site.clearFaults()
            let second = try await h.sync()
            #expect(second.source.outcome == .ok && second.source.versionsWritten == 1 && second.noticeCount == 0)
        }
    }

    @Test("notify_existing = true announces every meeting of the first sync as meeting.new")
    func notifyExisting() async throws {
        try await withHarness(notifyExisting: true) { h in
            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            #expect(result.source.versionsWritten == M.all.count)
            let content = await h.site.content
            let all = result.notices(for: "all")
            #expect(all.map(\.meeting.id.number).sorted() == M.all)
            let planning = result.notices(for: "planning")
            #expect(planning.map(\.meeting.id.number).sorted() == [M.planningPast, M.planningNext, M.planningLater])
            #expect(result.source.noticesWritten == all.count + planning.count)
            for notice in all + planning {
                let meeting = content.meeting(notice.meeting.id.number)!
                #expect(notice.type == .meetingNew)
                #expect(notice.changes == [Change(kind: .meetingNew, title: meeting.title)])
                #expect(notice.meeting.version == 1)
                #expect(notice.meeting.title == meeting.title)
                #expect(notice.meeting.start == meeting.start)
                #expect(notice.meeting.venue == meeting.venue)
                #expect(!notice.summary.isEmpty)
            }
            let again = try await h.sync()
            #expect(again.noticeCount == 0)
        }
    }

    @Test("noise only (tokens, view-state, dates, whitespace, attribute order) yields nothing", arguments: [UInt64(2), 77, 90_001])
    func noiseOnly(seed: UInt64) async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let before = try h.counts()
            let pageBefore = await h.site.page(for: .meeting(committee: 101, meeting: M.cabinetNext))
            await h.site.setNoise(seed)
            let pageAfter = await h.site.page(for: .meeting(committee: 101, meeting: M.cabinetNext))
            #expect(pageBefore != pageAfter, "the new seed must really change the bytes")

            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            #expect(result.noticeCount == 0)
            #expect(result.source.versionsWritten == 0)
            let after = try h.counts()
            for table in ["meetings", "versions", "changes", "notices"] {
                #expect(after[table] == before[table], "\(table): \(before[table]!) → \(after[table]!)")
            }
            // The pages really were fetched and parsed again (their bytes differ): the meaning did not change.
            let fetches = try h.fetches(run: result.source.runID!)
            let meetingFetches = fetches.filter { $0.url.contains("ieListDocuments.aspx") }
            #expect(meetingFetches.count == M.all.count)
            #expect(meetingFetches.allSatisfy { $0.outcome == .ok }, "\(meetingFetches.map(\.outcome))")
        }
    }

    @Test("an unchanged cycle writes nothing but its sync log")
    func unchangedCycle() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let before = try h.counts()
            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            #expect(result.noticeCount == 0)
            #expect(result.source.versionsWritten == 0)
            let after = try h.counts()
            for table in contentTables + ["sources"] {
                #expect(after[table] == before[table], "\(table): \(before[table]!) → \(after[table]!)")
            }
            #expect(after["sync_runs"] == before["sync_runs"]! + 1)
            // Committee structure + 3 lists + 7 meeting pages, all packed into the cycle's one row.
            #expect(after["fetch_log"] == before["fetch_log"], "successful fetches have no full row")
            #expect(after["fetch_packs"] == before["fetch_packs"]! + 1)
            #expect(after["fetch_urls"] == before["fetch_urls"], "the URLs were interned by the first cycle")
            let fetches = try h.fetches(run: result.source.runID!)
            #expect(fetches.count == 1 + 3 + M.all.count)
            // Meeting pages and list pages alike: the same bodies as last time, none parsed again.
            #expect(fetches.allSatisfy { $0.outcome == .unchanged }, "\(fetches.map(\.outcome))")
        }
    }

    @Test("conditional GET: validators are sent, 304 is not_modified, and a later change is still seen",
          arguments: [ValidatorMode.etag, .lastModified, .both])
    func conditionalGet(mode: ValidatorMode) async throws {
        try await withHarness { h in
            await h.site.setValidators(mode)
            _ = try await h.sync()
            await h.site.clearRequestLog()

            let second = try await h.sync()
            #expect(second.source.outcome == .ok)
            #expect(second.noticeCount == 0)
            let sent = switch mode {
            case .etag: "etag"
            case .lastModified: "last-modified"
            default: "etag,last-modified"
            }
            let meetingFetches = try h.fetches(run: second.source.runID!).filter { $0.url.contains("ieListDocuments.aspx") }
            #expect(meetingFetches.count == M.all.count)
            for fetch in meetingFetches {
                #expect(fetch.outcome == .notModified, "\(fetch.url): \(fetch.outcome)")
                #expect(fetch.status == 304)
                #expect(fetch.validators == sent)
            }
            let requests = await h.site.requests.filter { $0.target.contains("ieListDocuments.aspx") }
            #expect(requests.count == M.all.count)
            for request in requests {
                #expect(request.status == 304)
                if mode != .lastModified { #expect(request.headers["if-none-match"]?.isEmpty == false, "\(request.headers)") }
                if mode != .etag { #expect(request.headers["if-modified-since"]?.isEmpty == false, "\(request.headers)") }
            }

            // A change after that: the page's validators change, the site answers 200, the change is seen.
            await h.site.update { $0.demoAddDocument() }
            let third = try await h.sync()
            #expect(third.source.outcome == .ok)
            let notice = third.notice("all", meeting: M.cabinetNext)
            #expect(notice?.changes.map(\.kind) == [.documentAdded])
            #expect(notice?.meeting.version == 2)
            #expect(third.notices(for: "all").count == 1)
            let cabinetURL = await h.meetingURL(M.cabinetNext)
            let thirdFetches = try h.fetches(run: third.source.runID!)
            #expect(thirdFetches.first { $0.url == cabinetURL }?.outcome == .ok)
            #expect(thirdFetches.filter { $0.url.contains("ieListDocuments.aspx") && $0.url != cabinetURL }
                .allSatisfy { $0.outcome == .notModified })
        }
    }

    @Test("validators that appear while a page stays the same are recorded: the next fetch is conditional",
          arguments: [ValidatorMode.etag, .lastModified])
    func validatorsOfAnUnchangedPage(mode: ValidatorMode) async throws {
        try await withHarness { h in
            // The site sends no validators at first, then starts to; the pages never change.
            let first = try await h.sync()
            await h.site.setValidators(mode)
            let second = try await h.sync()
            let third = try await h.sync()
            let sent = mode == .etag ? "etag" : "last-modified"
            var conditional = 0
            for run in [first, second, third] {
                #expect(run.source.outcome == .ok)
                #expect(run.noticeCount == 0)
                let meetingFetches = try h.fetches(run: run.source.runID!).filter { $0.url.contains("ieListDocuments.aspx") }
                #expect(meetingFetches.count == M.all.count)
                conditional += meetingFetches.filter { $0.validators != nil }.count
            }
            // The second sync's 200s carried them, with the same bodies: from the third sync on, every
            // meeting page is asked for conditionally, and the site answers 304.
            #expect(conditional == M.all.count, "conditional requests over 3 syncs")
            let thirdFetches = try h.fetches(run: third.source.runID!).filter { $0.url.contains("ieListDocuments.aspx") }
            for fetch in thirdFetches {
                #expect(fetch.validators == sent, "\(fetch.url)")
                #expect(fetch.outcome == .notModified, "\(fetch.url): \(fetch.outcome)")
            }
            #expect(third.source.versionsWritten == 0)
        }
    }
}

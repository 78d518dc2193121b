import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// A council's pages changing shape (a re-skin, a ModernGov upgrade) or bytes (an IIS charset
/// setting) through the real `sync`: never a notice. A page still read gives the same typed meeting
/// (no version); a page whose agenda is no longer readable is a failed fetch, `unrecognised`, and
/// the last good version stands. A real change after the drift gives exactly its notice.
@Suite("Drift is never a change")
struct DriftTests {
    /// Long enough for every sample meeting to be due again (past meetings every 3 h, later ones every 6 h).
    static let recheck: TimeInterval = 6 * 3600 + 60

    /// Syncs after the re-check interval.
    static func resync(_ h: Harness, sourceLocation: SourceLocation = #_sourceLocation) async throws -> SyncResult {
        h.clock.advance(by: recheck)
        return try await h.sync(sourceLocation: sourceLocation)
    }

    /// The meeting pages (with items) of one run, with their outcomes.
    static func meetingFetches(_ h: Harness, run: Int64) throws -> [FetchLogEntry] {
        try h.fetches(run: run).filter { $0.url.contains("ieListDocuments.aspx") }
    }

    /// Retitles the second item of meeting 2042 (read every cycle): one `item.retitled`.
    static func retitle(_ h: Harness, to title: String) async -> String {
        await h.site.update { content in
            content.updateMeeting(M.cabinetNext) { $0.items[1].title = title }
        }
        return title
    }

    static func expectOnlyRetitle(_ result: SyncResult, _ title: String, _ name: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let notices = result.notices(for: "all")
        #expect(notices.count == 1, "\(name): \(notices.count) notices", sourceLocation: sourceLocation)
        #expect(notices.first?.meeting.id.number == M.cabinetNext, sourceLocation: sourceLocation)
        #expect(notices.first?.changes.map(\.kind) == [.itemRetitled], "\(name)", sourceLocation: sourceLocation)
        #expect(notices.first?.changes.first?.after == title, "\(name)", sourceLocation: sourceLocation)
        #expect(result.source.versionsWritten == 1, "\(name)", sourceLocation: sourceLocation)
    }

    @Test(arguments: Reskin.allCases)
    func reskin(_ reskin: Reskin) async throws {
        try await withHarness { h in
            let baseline = try await h.sync()
            #expect(baseline.noticeCount == 0 && baseline.source.failures == 0)
            let counts = try h.counts()

            await h.site.setPageForm(PageForm(reskin: reskin))
            let drifted = try await Self.resync(h)
            #expect(drifted.noticeCount == 0, "\(reskin): \(drifted.notices(for: "all").map(\.summary))")
            #expect(drifted.source.versionsWritten == 0)
            for table in contentTables where table != "page_validators" {
                #expect(try h.counts()[table] == counts[table], "\(reskin): \(table)")
            }
            let fetches = try Self.meetingFetches(h, run: try #require(drifted.source.runID))
            #expect(fetches.count == M.all.count, "every meeting page was read again")
            switch reskin.expectation {
            case .sameMeeting:
                #expect(drifted.source.failures == 0)
                #expect(fetches.allSatisfy { !$0.outcome.isFailure }, "\(fetches.map { "\($0.url) \($0.outcome) \($0.error ?? "")" })")
            case .unrecognised:
                // Every meeting with an agenda fails as unrecognised, naming what was missing; the others read.
                let failed = fetches.filter { $0.outcome == .unrecognised }
                let withItems = await h.site.content.meetings.filter { !$0.items.isEmpty }.count
                #expect(failed.count == withItems, "\(fetches.map { "\($0.url) \($0.outcome) \($0.error ?? "")" })")
                #expect(drifted.source.failures == withItems)
                #expect(failed.allSatisfy { $0.status == 200 && $0.error?.hasPrefix("unrecognised page structure: ") == true })
                #expect(fetches.filter { $0.outcome != .unrecognised }.allSatisfy { !$0.outcome.isFailure })
                let run = try h.lastRun()
                #expect(run?.outcome == .partial)
            }

            // A real change after the drift: exactly its notice (once the page can be read).
            let title = await Self.retitle(h, to: "Revenue Budget Monitoring – Quarter 2 (\(reskin.rawValue))")
            let changed = try await Self.resync(h)
            switch reskin.expectation {
            case .sameMeeting:
                Self.expectOnlyRetitle(changed, title, reskin.rawValue)
                await h.site.setPageForm(.rendered)
                let back = try await Self.resync(h)
                #expect(back.noticeCount == 0 && back.source.versionsWritten == 0 && back.source.failures == 0, "\(reskin): back")
            case .unrecognised:
                #expect(changed.noticeCount == 0 && changed.source.versionsWritten == 0)
                await h.site.setPageForm(.rendered)
                Self.expectOnlyRetitle(try await Self.resync(h), title, reskin.rawValue)
            }
        }
    }

    /// The same pages in UTF-8, then windows-1252 with no charset anywhere, then windows-1252 with a
    /// `<meta charset>`, then UTF-8 again: one typed meeting each time, so no version and no notice;
    /// a retitle to text outside ASCII while in windows-1252 gives its notice with the right characters.
    @Test func encodingSwitchesAreNeverChanges() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let counts = try h.counts()
            for bytes in [PageBytes.windows1252, .windows1252MetaCharset, .utf8, .windows1252MetaCharset, .windows1252] {
                await h.site.setPageForm(PageForm(bytes: bytes))
                let result = try await Self.resync(h)
                #expect(result.noticeCount == 0, "\(bytes): \(result.notices(for: "all").map(\.summary))")
                #expect(result.source.failures == 0 && result.source.versionsWritten == 0, "\(bytes)")
                #expect(try h.counts()["versions"] == counts["versions"])
            }
            let title = await Self.retitle(h, to: "Children’s Services – £2.4m Budget Pressure")
            Self.expectOnlyRetitle(try await Self.resync(h), title, "windows-1252")
            await h.site.setPageForm(.rendered)
            let back = try await Self.resync(h)
            #expect(back.noticeCount == 0 && back.source.versionsWritten == 0)
        }
    }

    /// A committee's meeting list whose meeting links none of which can be read (a re-skin wrote
    /// them another way): a failed fetch, `unrecognised`, and the meetings it listed stay as they were.
    @Test func meetingListWithUnreadableMeetingLinksIsUnrecognised() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let counts = try h.counts()
            let list = try #require(await h.site.page(for: .meetingList(committee: SampleCouncilData.cabinet.id)))
            let unreadable = list.replacingOccurrences(of: "MId=", with: "Meeting=")
            #expect(unreadable != list)
            await h.site.fault(.meetingList(committee: SampleCouncilData.cabinet.id), .body(unreadable))
            let result = try await Self.resync(h)
            #expect(result.noticeCount == 0)
            #expect(result.source.versionsWritten == 0)
            let failures = try h.fetches(run: try #require(result.source.runID)).filter { $0.outcome.isFailure }
            #expect(failures.map(\.outcome) == [.unrecognised])
            #expect(failures.first?.url.contains("ieListMeetings.aspx?CommitteeId=\(SampleCouncilData.cabinet.id)") == true)
            let cabinetMeetings = await h.site.content.meetings(ofCommittee: SampleCouncilData.cabinet.id).count
            #expect(failures.first?.error == "unrecognised page structure: \(cabinetMeetings) meeting links but none could be read")
            #expect(try h.counts()["meetings"] == counts["meetings"])
        }
    }
}

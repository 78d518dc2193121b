import AgendaConfig
import AgendaCore
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
@testable import SampleCouncil
import SampleCouncilTesting
import Testing

/// The web service path (`via = "webservice"`) through the real `sync`: the sample council answers
/// `mgWebService.asmx` from the same meeting data as its pages.
@Suite("via = \"webservice\": typed meetings from ModernGov's XML")
struct WebServiceSyncTests {
    /// A harness whose source reads the web service.
    static func withWebService<T>(_ body: (Harness) async throws -> T) async throws -> T {
        try await withHarness { h in
            h.reconfigureSource { $0.via = .webservice }
            return try await body(h)
        }
    }

    @Test("the baseline reads GetCommittees, GetMeetings for the window and GetMeeting, and no HTML page")
    func baseline() async throws {
        try await Self.withWebService { h in
            let result = try await h.sync()
            #expect(result.source.baseline && result.source.outcome == .ok, "\(result.source)")
            #expect(result.noticeCount == 0)
            #expect(result.source.versionsWritten == SampleCouncilData.Meetings.all.count)
            let paths = h.site.controls.requests.map(\.target)
            #expect(paths.contains("/mgWebService.asmx/GetCommittees"))
            #expect(paths.contains { $0.hasPrefix("/mgWebService.asmx/GetMeetings?lCommitteeId=101&sFromDate=") })
            #expect(paths.contains("/mgWebService.asmx/GetMeeting?lMeetingId=\(M.cabinetNext)"))
            #expect(!paths.contains { $0.localizedCaseInsensitiveContains(".aspx") })
            // The stored meeting links to its HTML page, carries no sizes and no meeting-level documents.
            let stored = try #require(try h.store.meeting(h.meetingID(M.cabinetPast))?.meeting)
            let served = try #require(await h.site.content.meeting(M.cabinetPast))
            #expect(stored.url == served.url)
            #expect(stored.actionDocuments.isEmpty)
            #expect(stored.items.map(\.id) == served.items.map(\.id))
            #expect(stored.items.flatMap(\.documents).allSatisfy { $0.size == nil })
            #expect(try h.store.meetingState(h.meetingID(M.cabinetPast))?.via == .webservice)
        }
    }

    @Test("each change kind, from an edit of the council's data, is exactly its notice", arguments: KindScenario.all)
    func changeKind(_ scenario: KindScenario) async throws {
        try await Self.withWebService { h in
            if let prepare = scenario.prepare { await h.site.update(prepare) }
            let baseline = try await h.sync()
            #expect(baseline.source.baseline && baseline.source.outcome == .ok && baseline.noticeCount == 0)
            let before = await h.site.content
            await h.site.setNoise(4242)
            await h.site.update(scenario.edit)
            let after = await h.site.content
            let result = try await h.sync()
            #expect(result.source.outcome == .ok, "\(result.source)")
            #expect(result.source.versionsWritten == 1)
            #expect(result.notices(for: "all").count == 1)
            if let notice = result.notice("all", meeting: scenario.meeting) {
                #expect(notice.changes == scenario.expected(before, after), "\(notice.changes)")
                let committee = after.meeting(scenario.meeting)!.committee
                #expect(notice.meeting.url == after.meetingURL(committee: committee.id, meeting: scenario.meeting))
            }
            await h.site.setNoise(4243)
            let quiet = try await h.sync()
            #expect(quiet.noticeCount == 0 && quiet.source.versionsWritten == 0)
        }
    }

    @Test("noise — reformatted XML, indentation, attribute order, rewrapped Word HTML — is no change")
    func noise() async throws {
        try await Self.withWebService { h in
            _ = try await h.sync()
            for seed: UInt64 in [7, 8, 9, 10] {
                await h.site.setNoise(seed)
                let result = try await h.sync()
                #expect(result.source.outcome == .ok)
                #expect(result.noticeCount == 0 && result.source.versionsWritten == 0, "noise \(seed)")
            }
        }
    }

    static let soapFault = """
        <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\
        <soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. \
        ---&gt; Object reference not set to an instance of an object.</faultstring></soap:Fault></soap:Body></soap:Envelope>
        """

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var fault: @Sendable (SiteContent) -> SiteFault
        var outcome: FetchOutcome
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "an HTML error page", fault: { _ in .body(PageFaultScenario.challenge) }, outcome: .invalidPage),
        Failure(name: "a SOAP fault", fault: { _ in .body(soapFault) }, outcome: .invalidPage),
        Failure(name: "another root element", fault: { content in
            .body(WebServiceRenderer.committees(content.committees, noise: .none))
        }, outcome: .invalidPage),
        Failure(name: "GetMeeting for another meeting", fault: { content in
            .body(WebServiceRenderer.meeting(content.meeting(M.cabinetPast)!, noise: .none))
        }, outcome: .invalidPage),
        Failure(name: "an empty body", fault: { _ in .body("") }, outcome: .invalidPage),
        Failure(name: "the XML cut short", fault: { _ in .truncate(0.5) }, outcome: .truncated),
        Failure(name: "500 from the web service", fault: { _ in .status(500) }, outcome: .httpError),
    ]

    @Test("what is not the meeting's XML is a failed fetch, never a change", arguments: failures)
    func failure(_ failure: Failure) async throws {
        try await Self.withWebService { h in
            _ = try await h.sync()
            let id = h.meetingID(M.cabinetNext)
            let recordBefore = try h.store.meeting(id)?.meeting
            let countsBefore = try h.counts()
            await h.site.fault(.meeting(M.cabinetNext), failure.fault(await h.site.content))
            let failed = try await h.sync()
            #expect(failed.noticeCount == 0)
            #expect(failed.source.outcome == .partial)
            #expect(failed.source.versionsWritten == 0)
            #expect(try h.store.meeting(id)?.meeting == recordBefore)
            let run = try #require(try h.lastRun())
            let row = try #require(try h.fetches(run: run.id).first { $0.url.hasSuffix("GetMeeting?lMeetingId=\(M.cabinetNext)") })
            #expect(row.outcome == failure.outcome, "\(row)")
            let countsAfter = try h.counts()
            for table in contentTables { #expect(countsAfter[table] == countsBefore[table], "\(table)") }

            await h.site.clearFaults()
            let recovered = try await h.sync()
            #expect(recovered.source.outcome == .ok)
            #expect(recovered.noticeCount == 0 && recovered.source.versionsWritten == 0)
        }
    }

    @Test("a web service switched off (404 on mgWebService.asmx) fails the cycle and says to try via = \"html\"")
    func switchedOff() async throws {
        try await Self.withWebService { h in
            await h.site.fault("/mgWebService.asmx/GetCommittees", .status(404))
            let result = try await h.sync()
            #expect(result.source.outcome == .failed)
            #expect(result.noticeCount == 0 && result.source.versionsWritten == 0)
            #expect(result.source.error?.contains("via = \"html\"") == true, "\(result.source.error ?? "")")
            let run = try #require(try h.lastRun())
            #expect(try h.fetches(run: run.id).first { $0.url.hasSuffix("/mgWebService.asmx/GetCommittees") }?.status == 404)
        }
    }

    @Test("switching via re-baselines silently, both ways; a real change after each switch is exactly its notice")
    func switchingVia() async throws {
        try await withHarness { h in
            _ = try await h.sync()   // the HTML baseline
            let id = h.meetingID(M.cabinetNext)

            h.reconfigureSource { $0.via = .webservice }
            let toWebService = try await h.sync()
            #expect(toWebService.source.outcome == .ok)
            #expect(toWebService.noticeCount == 0)
            // Every meeting read the new way gets a silent version, but for 2045: with nothing published
            // yet, it reads the same both ways.
            #expect(toWebService.source.versionsWritten == SampleCouncilData.Meetings.all.count - 1)
            #expect(try h.store.meetingState(id)?.via == .webservice)
            #expect(try await h.sync().noticeCount == 0)

            await h.site.update { $0.demoAddDocument() }
            let change = try await h.sync()
            #expect(change.notices(for: "all").count == 1)
            #expect(change.notice("all", meeting: M.cabinetNext)?.changes.map(\.kind) == [.documentAdded])

            h.reconfigureSource { $0.via = .html }
            let toHTML = try await h.sync()
            #expect(toHTML.source.outcome == .ok)
            #expect(toHTML.noticeCount == 0)
            #expect(try h.store.meetingState(id)?.via == .html)

            await h.site.update { $0.demoCancelMeeting() }
            let cancelled = try await h.sync()
            #expect(cancelled.notices(for: "all").count == 1)
            #expect(cancelled.notices(for: "all").first?.changes.map(\.kind) == [.meetingCancelled])
        }
    }

    @Test("GetMeetings lists only the window: a committee with no meeting in it is not an empty-list failure")
    func committeeWithNothingInTheWindow() async throws {
        // Five days either side: none of the sample council's meetings is in the window.
        let window = RecheckWindow(past: ConfigDuration(seconds: 5 * 86_400)!, future: ConfigDuration(seconds: 5 * 86_400)!)
        try await withHarness(window: window) { h in
            let html = try await h.sync()   // the pages list every meeting, in the window or not
            #expect(html.source.outcome == .ok)
            h.reconfigureSource { $0.via = .webservice }
            let result = try await h.sync()
            #expect(result.source.outcome == .ok, "\(result.source)")
            #expect(result.noticeCount == 0)
            let run = try #require(try h.lastRun())
            let fetches = try h.fetches(run: run.id)
            #expect(fetches.allSatisfy { $0.outcome == .ok }, "\(fetches)")
        }
    }
}

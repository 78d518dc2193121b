import AgendaModel
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// `check-source` and the web service (`mgWebService.asmx`): the line saying whether it answers,
/// and `--via webservice`, through the real binary against the sample council on 127.0.0.1.
extension DiscoveryCommandsTests {
    /// The sample council with its web service switched off, as a council that never enabled it:
    /// every method answers 404.
    static func switchOffWebService(_ site: SampleCouncilSite) async {
        for method in ["GetCommittees", "GetMeetings", "GetMeeting"] {
            await site.fault(.path("/mgWebService.asmx/\(method)"), .status(404))
        }
    }

    @Test func checkSourceSaysTheWebServiceAnswers() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }

        let text = try await setup.run(["check-source", setup.base])
        #expect(text.status == 0, "\(text.stdout)\n\(text.stderr)")
        #expect(text.stdout.split(separator: "\n").contains("web service: answers (3 committees) — via = \"webservice\" is possible"),
                "\(text.stdout)")
        #expect(lastLine(text.stdout) == "usable: 3 committees, 2 meetings listed for Cabinet, 2 meeting pages read, 0 warnings")

        let report = try json(try await setup.run(["check-source", setup.base, "--json"]).stdout)
        #expect(report["via"] as? String == "html")
        let webService = try #require(report["web_service"] as? [String: Any])
        #expect(webService["url"] as? String == "\(setup.base)mgWebService.asmx/GetCommittees")
        #expect(webService["answers"] as? Bool == true)
        #expect(webService["committees"] as? Int == 3)
        #expect(webService["state"] as? String == "answers (3 committees)")
    }

    @Test func checkSourceViaWebServiceReadsItLikeASync() async throws {
        let content = SampleCouncilData.content(reference: Date())
        let setup = try await SampleSetup.start(content: content, source: false)
        defer { Task { await setup.site.stop() } }

        let text = try await setup.run(["check-source", setup.base, "--via", "webservice"])
        #expect(text.status == 0, "\(text.stdout)\n\(text.stderr)")
        let reason = lastLine(text.stdout)
        #expect(reason.hasPrefix("usable: web service: 3 committees, 2 meetings from "), "\(text.stdout)")
        #expect(reason.hasSuffix(" for Cabinet, 2 meetings read"), "\(text.stdout)")

        let report = try json(try await setup.run(["check-source", setup.base, "--via", "webservice", "--json", "--meetings", "1"]).stdout)
        #expect(report["via"] as? String == "webservice")
        #expect(report["usable"] as? Bool == true)
        let list = try #require(report["meetings_list"] as? [String: Any])
        #expect((list["url"] as? String)?.hasPrefix("\(setup.base)mgWebService.asmx/GetMeetings?lCommitteeId=") == true, "\(list)")
        #expect(list["meetings"] as? Int == 2)
        let meetings = try #require(report["meetings"] as? [[String: Any]])
        #expect(meetings.count == 1)
        // Newest with documents first, as on the HTML path: the next Cabinet meeting, its agenda out.
        let next = try #require(content.meeting(SampleCouncilData.Meetings.cabinetNext))
        let page = try #require(meetings.first)
        #expect(page["url"] as? String == "\(setup.base)mgWebService.asmx/GetMeeting?lMeetingId=\(next.id.number)")
        #expect(page["items"] as? Int == next.items.count)
        #expect(page["documents"] as? Int == next.items.reduce(0) { $0 + $1.documents.count })
        #expect(page["venue"] as? String == next.venue)
        #expect(page["start"] as? String == next.start?.iso8601)
        #expect(page["error"] == nil)
        let requests = try #require(report["requests"] as? [[String: Any]]).compactMap { $0["url"] as? String }
        #expect(!requests.contains { $0.contains(".aspx") }, "the web-service path reads no HTML page: \(requests)")

        // A source configured with via = "webservice" is checked that way by default.
        let configured = try await SampleSetup.start(content: content, extraSources: "via = \"webservice\"")
        defer { Task { await configured.site.stop() } }
        let bySource = try await configured.run(["check-source", "sample", "--meetings", "1"])
        #expect(bySource.status == 0, "\(bySource.stdout)\n\(bySource.stderr)")
        #expect(lastLine(bySource.stdout).hasPrefix("usable: web service: "), "\(bySource.stdout)")
    }

    @Test func aSwitchedOffWebServiceLeavesTheHTMLPathUsableAndFailsTheWebServicePath() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        await Self.switchOffWebService(setup.site)

        let html = try await setup.run(["check-source", setup.base])
        #expect(html.status == 0, "\(html.stdout)\n\(html.stderr)")
        #expect(html.stdout.split(separator: "\n").contains("web service: switched off (HTTP 404) — keep via = \"html\""), "\(html.stdout)")
        #expect(lastLine(html.stdout) == "usable: 3 committees, 2 meetings listed for Cabinet, 2 meeting pages read, 0 warnings")
        let report = try json(try await setup.run(["check-source", setup.base, "--json"]).stdout)
        #expect(report["usable"] as? Bool == true)
        let webService = try #require(report["web_service"] as? [String: Any])
        #expect(webService["answers"] as? Bool == false)
        #expect(webService["status"] as? Int == 404)

        let viaWebService = try await setup.run(["check-source", setup.base, "--via", "webservice"])
        #expect(viaWebService.status == 1, "\(viaWebService.stdout)\n\(viaWebService.stderr)")
        #expect(lastLine(viaWebService.stdout) == "not usable: \(setup.base)mgWebService.asmx/GetCommittees: web service switched off "
                + "(HTTP 404); use via = \"html\"", "\(viaWebService.stdout)")
    }

    @Test func checkSourceRefusesAnUnknownVia() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        let result = try await setup.run(["check-source", setup.base, "--via", "soap"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("soap"), "\(result.stderr)")
        #expect(result.stderr.contains("html") && result.stderr.contains("webservice"), "\(result.stderr)")
        #expect(await setup.site.requests.isEmpty, "a usage error fetches nothing")
    }
}

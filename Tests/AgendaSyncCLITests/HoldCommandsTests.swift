import AgendaModel
import Foundation
import SampleCouncil
import Testing
import TestSupport

/// `held`, `release`, `rebaseline` and what `sync`, `status` and `log` say about a held source, as an
/// admin meets them: the real binary against a sample council on 127.0.0.1.
@Suite struct HoldCommandsTests {
    func start(baseURL: String? = nil) async throws -> SampleSetup {
        try await SampleSetup.start(baseURL: baseURL, spacing: "1ms")
    }

    /// Five of the six meetings with items get every item retitled (`mark` added to each title, as
    /// a page read in the wrong encoding would garble them) — a re-skin, as the guard sees it.
    static let reskinned = [2041, 2043, 2044, 2046, 2047]

    static func reskin(_ content: inout SiteContent, mark: String) {
        for number in reskinned {
            content.updateMeeting(number) { meeting in
                for item in meeting.items.indices { meeting.items[item].title += " " + mark }
            }
        }
    }

    @Test func heldThenReleasedThenHeldAgainAndRebaselined() async throws {
        let setup = try await start()
        defer { Task { await setup.site.stop() } }
        #expect(try await setup.run(["sync"]).status == 0)
        #expect(try await setup.run(["held"]).stdout.contains("nothing held"))
        #expect(try await setup.run(["release", "sample"]).status == 1, "not held: nothing to do")

        // A re-skin and a real change in one cycle: held, nothing delivered, exit 1.
        await setup.site.update { content in
            Self.reskin(&content, mark: "\u{FFFD}")
            content.demoAddDocument()
        }
        let held = try await setup.run(["sync"])
        #expect(held.status == 1, "\(held.stdout)\(held.stderr)")
        #expect(held.stdout.contains("HELD (6 version(s) this cycle): 5 of 6 changed meetings look like a page-template change"),
                "\(held.stdout)")
        #expect(held.stdout.contains("agenda-sync release sample"), "\(held.stdout)")
        #expect(setup.noticeLines.isEmpty)

        let status = try #require(try await setup.json(["status"]) as? [String: Any])
        let source = try #require((status["sources"] as? [[String: Any]])?.first)
        #expect(source["health"] as? String == "held")
        let hold = try #require(source["held"] as? [String: Any])
        #expect(hold["meetings"] as? Int == 6)
        #expect((hold["reason"] as? String)?.hasPrefix("5 of 6 changed meetings") == true)
        let statusText = try await setup.run(["status"])
        #expect(statusText.stdout.contains("sample is held since"), "\(statusText.stdout)")
        let log = try await setup.run(["log", "--limit", "1"])
        #expect(log.stdout.contains("  note: held: 5 of 6 changed meetings"), "\(log.stdout)")

        let listing = try #require(try await setup.json(["held", "--source", "sample"]) as? [[String: Any]])
        let meetings = try #require(listing.first?["meetings"] as? [[String: Any]])
        #expect(meetings.count == 6)
        let heldIDs = meetings.compactMap { ($0["notices"] as? [String: String])?["audit"] }.sorted()
        #expect(heldIDs.count == 6)
        let cabinet = try #require(meetings.first { $0["meeting"] as? String == "sample/2042" })
        #expect((cabinet["changes"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["document.added"])
        let text = try await setup.run(["held"])
        #expect(text.stdout.contains("sample/2042 v2"), "\(text.stdout)")
        #expect(text.stdout.contains("document.added  item 53"), "\(text.stdout)")
        #expect(try await setup.run(["held", "--source", "nosuch"]).status == 2)

        // Still held on the next sync: nothing leaks.
        #expect(try await setup.run(["sync"]).status == 1)
        #expect(setup.noticeLines.isEmpty)

        // Release: the held notices, once, with their ids.
        let release = try await setup.run(["release", "sample"])
        #expect(release.status == 0, "\(release.stdout)\(release.stderr)")
        #expect(release.stdout.contains("released sample: 6 version(s) stored, 6 notice(s) queued"), "\(release.stdout)")
        #expect(release.stdout.contains("delivery: 6 delivered, 0 failed"), "\(release.stdout)")
        let delivered = try setup.noticeLines.map { line -> String in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["id"] as? String)
        }
        #expect(delivered.sorted() == heldIDs)
        #expect(try await setup.run(["release", "sample"]).status == 1)
        let calm = try await setup.run(["sync"])
        #expect(calm.status == 0 && setup.noticeLines.count == 6, "\(calm.stdout)")

        // Another re-skin: held, then re-baselined (no notices), and the next real change notifies.
        await setup.site.update { Self.reskin(&$0, mark: "\u{00C3}\u{00A9}") }
        #expect(try await setup.run(["sync"]).status == 1)
        let rebaseline = try await setup.run(["rebaseline", "sample"])
        #expect(rebaseline.status == 0, "\(rebaseline.stderr)")
        #expect(rebaseline.stdout.contains("re-baselined sample: 5 version(s) stored as the new baseline, 5 held notice(s) dropped"),
                "\(rebaseline.stdout)")
        #expect(try await setup.run(["rebaseline", "sample"]).status == 1)
        #expect(try await setup.run(["rebaseline", "nosuch"]).status == 2)
        #expect(try await setup.run(["rebaseline"]).status == 2)
        #expect(setup.noticeLines.count == 6)
        await setup.site.update { $0.demoCancelMeeting() }
        let real = try await setup.run(["sync"])
        #expect(real.status == 0, "\(real.stdout)")
        #expect(setup.noticeLines.count == 7)
        #expect(setup.noticeLines.last?.contains("\"kind\":\"meeting.cancelled\"") == true)
    }

    @Test func statusNamesTheNewBaseWhenTheOldAddressRedirectsOffTheSite() async throws {
        let site = SampleCouncilSite(content: SampleCouncilData.content(reference: Date()))
        let newBase = try await site.start().absoluteString
        defer { Task { await site.stop() } }
        let old = try RawServer.redirecting(to: newBase)
        defer { old.stop() }
        let setup = try await start(baseURL: old.baseURL + "/")
        defer { Task { await setup.site.stop() } }
        #expect(try await setup.run(["sync"]).status == 1)
        let status = try #require(try await setup.json(["status"]) as? [String: Any])
        let source = try #require((status["sources"] as? [[String: Any]])?.first)
        #expect(source["moved_to"] as? String == newBase)
        let text = try await setup.run(["status"])
        #expect(text.stdout.contains("sample's pages redirect to another site, \(newBase): if the council moved its install, "
                                     + "set base_url = \"\(newBase)\""), "\(text.stdout)")
    }
}

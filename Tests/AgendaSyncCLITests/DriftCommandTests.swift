import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// A council re-skins its pages, as the admin sees it through the real binary: a re-skin the
/// reader still understands is a quiet cycle (exit 0, no notice); one it does not is a failed
/// fetch (exit 1) whose `log --errors` line says `unrecognised` and what was missing — never a
/// notice announcing every item removed.
@Suite struct DriftCommandTests {
    @Test func reskinsAreQuietOrUnrecognisedNeverNotices() async throws {
        let setup = try await SyncWorkflowTests().start()
        defer { Task { await setup.site.stop() } }
        let notices = setup.folder + "/notices.jsonl"

        let baseline = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(baseline.status == 0, "\(baseline.stderr)")

        await setup.site.setPageForm(PageForm(reskin: .tableToDivs, bytes: .windows1252))
        let quiet = try await AgendaSyncBinary.run(["sync", "--config", setup.config, "--json"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(quiet.stdout.utf8)) as? [String: Any])
        let source = try #require((report["sources"] as? [[String: Any]])?.first)
        #expect(source["outcome"] as? String == "ok")
        #expect(source["notices_written"] as? Int == 0 && source["versions_written"] as? Int == 0)

        await setup.site.setPageForm(PageForm(reskin: .scriptedAgenda))
        let failed = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        let errors = try await AgendaSyncBinary.run(["log", "--errors", "--config", setup.config])
        #expect(errors.stdout.contains("unrecognised"), "\(errors.stdout)")
        #expect(errors.stdout.contains("unrecognised page structure: 2 agenda frontsheet or reports pack links but no items"),
                "\(errors.stdout)")
        let written = FileManager.default.contents(atPath: notices) ?? Data()
        #expect(written.isEmpty, "no notice was written: \(String(decoding: written, as: UTF8.self))")
    }
}

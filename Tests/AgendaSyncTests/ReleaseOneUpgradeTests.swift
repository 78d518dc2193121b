import AgendaCore
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing

/// The database the first release wrote (Tests/Fixtures/release-1; SOURCES.md says how) opens under
/// this build, migrates, and syncs the same council — served here on an ephemeral port, so it is
/// also a site move — with 0 notices. A real change afterwards is announced in the first release's
/// notice shape.
@Suite("Upgrade from the first release")
struct ReleaseOneUpgradeTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/release-1")
    /// When the fixture was made: 2026-12-03, 17:23 UTC.
    static let madeAt = Timestamp.date("2026-12-03T17:23:00Z")!

    /// The council as the fixture's last sync saw it: the sample data on that day, then the four demo steps.
    static var content: SiteContent {
        var content = SampleCouncilData.content(reference: madeAt)
        for step in DemoScript.steps { step.apply(&content) }
        return content
    }

    /// A JSON value with every leaf replaced by its type: two notices of the same kind have the same shape.
    static func shape(_ value: Any) -> String {
        switch value {
        case let object as [String: Any]:
            "{" + object.keys.sorted().map { "\($0):\(shape(object[$0]!))" }.joined(separator: ",") + "}"
        case let array as [Any]:
            "[" + array.map(shape).joined(separator: ",") + "]"
        case is String: "string"
        case is NSNumber: "number or bool"
        default: "\(type(of: value))"
        }
    }

    @Test("the first release's database: migrated, the unchanged council synced with 0 notices, then a real change in the same shape")
    func upgradeIsSilent() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("release-1-sync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixture.appendingPathComponent("agenda-sync.sqlite").path,
                                         toPath: folder + "/agenda-sync.sqlite")
        let h = try await Harness(content: Self.content, clock: TestClock(Self.madeAt.addingTimeInterval(3600)), folder: folder)
        do {
            let before = try h.counts()
            #expect(before["versions"] == 10 && before["notices"] == 11 && before["held_versions"] == 0)
            #expect(try h.store.source(id: Harness.sourceID)?.baseURL == "http://127.0.0.1:45623/")

            let result = try await h.sync()
            #expect(result.source.outcome == .ok, "\(result.source.error ?? "")")
            #expect(!result.source.baseline)
            #expect(result.noticeCount == 0 && result.source.noticesWritten == 0)
            #expect(result.source.hold == nil)
            #expect(result.source.notes.first?.hasPrefix("site moved from http://127.0.0.1:45623/ to \(h.base.absoluteString)") == true,
                    "\(result.source.notes)")
            let after = try h.counts()
            #expect(after["notices"] == 11)
            #expect(after["changes"] == before["changes"], "the new versions (the URLs moved) carry no change")
            let quiet = try await h.sync()
            #expect(quiet.noticeCount == 0 && quiet.source.versionsWritten == 0)

            // A real change: announced, in the shape of the first release's notices.
            await h.site.update { content in
                let url = content.documentURL("s120499", "Officer Update.pdf")
                content.updateMeeting(M.planningNext) { meeting in
                    meeting.items[0].documents.append(Document(title: "Officer Update", url: url, size: "PDF 80 KB"))
                }
            }
            let real = try await h.sync()
            let line = try #require(real.lines["all"]?.first)
            #expect(real.lines["all"]?.count == 1)
            let old = try #require(try String(contentsOf: Self.fixture.appendingPathComponent("notices.jsonl"), encoding: .utf8)
                .split(separator: "\n").first)
            #expect(Self.shape(try JSONSerialization.jsonObject(with: Data(line.utf8)))
                    == Self.shape(try JSONSerialization.jsonObject(with: Data(old.utf8))))
            #expect(line.hasPrefix("{\"changes\":[{\"item\":"), "keys sorted, as the first release wrote them: \(line.prefix(60))")
        } catch {
            await h.close()
            throw error
        }
        await h.close()
    }
}

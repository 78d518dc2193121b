import Foundation
import SampleCouncil
import Testing
import TestSupport

/// `backup`, `vacuum`, and retention as `sync` applies it, through the real binary.
@Suite struct StorageCommandsTests {
    @Test func retentionAfterSyncKeepsHistoryAndDiffAndVacuumShrinksTheFile() async throws {
        let setup = try await SampleSetup.start()
        #expect(try await setup.run(["sync"]).status == 0)
        await setup.site.update { $0.demoAddDocument() }
        #expect(try await setup.run(["sync"]).status == 0)
        let meeting = "sample/\(SampleCouncilData.Meetings.cabinetNext)"
        #expect(try await setup.run(["history", meeting]).stdout.contains("v2"))

        // Everything older than 2 s goes: fetch rows, delivered notices, superseded pages.
        let config = try String(contentsOfFile: setup.config, encoding: .utf8)
        try Data(config.replacingOccurrences(of: "[daemon]\n", with: """
            [daemon]
            log_retention = "2s"
            outbox_retention = "2s"
            page_retention = "2s"

            """).utf8).write(to: URL(fileURLWithPath: setup.config))
        #expect(try await setup.run(["check-config"]).status == 0)
        try await Task.sleep(for: .seconds(3))
        #expect(try await setup.run(["sync"]).status == 0)

        let log = try #require(try JSONSerialization.jsonObject(with: Data(try await setup.run(["log", "--json", "--limit", "10"]).stdout.utf8))
            as? [[String: Any]])
        #expect(log.count == 3, "every cycle keeps its line")
        #expect(log.dropFirst().map { ($0["fetches"] as? [Any])?.count ?? -1 } == [0, 0], "the older cycles lost their fetches")
        let outbox = try await setup.run(["outbox", "--all"])
        #expect(outbox.status == 0)
        #expect(!outbox.stdout.contains("ntc_"), "the delivered notice left the outbox: \(outbox.stdout)")
        let history = try await setup.run(["history", meeting])
        #expect(history.status == 0 && history.stdout.contains("v1") && history.stdout.contains("v2"), "\(history.stdout)")
        let diff = try await setup.run(["diff", meeting])
        #expect(diff.status == 0 && diff.stdout.contains("document.added"), "\(diff.stdout)")
        #expect(try await setup.run(["show", meeting, "--version", "1"]).status == 0)

        let vacuum = try await setup.run(["vacuum", "--json"])
        #expect(vacuum.status == 0, "\(vacuum.stderr)")
        let sizes = try #require(try JSONSerialization.jsonObject(with: Data(vacuum.stdout.utf8)) as? [String: Int])
        #expect((sizes["bytes_after"] ?? .max) < (sizes["bytes_before"] ?? 0), "\(sizes)")
        #expect(try await setup.run(["status"]).status == 0)
        await setup.site.stop()
    }

    @Test func retentionCollapsesOldQuietCyclesIntoOneLogLine() async throws {
        let setup = try await SampleSetup.start()
        #expect(try await setup.run(["sync"]).status == 0, "the baseline")
        for _ in 0..<3 { #expect(try await setup.run(["sync"]).status == 0, "an unchanged cycle") }
        let config = try String(contentsOfFile: setup.config, encoding: .utf8)
        try Data(config.replacingOccurrences(of: "[daemon]\n", with: "[daemon]\nlog_retention = \"1s\"\n").utf8)
            .write(to: URL(fileURLWithPath: setup.config))
        // Ages the four cycles past the 1 s retention (timestamps are whole seconds).
        try await Task.sleep(for: .seconds(2.5))
        #expect(try await setup.run(["sync"]).status == 0)

        let log = try #require(try JSONSerialization.jsonObject(with: Data(try await setup.run(["log", "--json", "--limit", "10"]).stdout.utf8))
            as? [[String: Any]])
        let runs = log.compactMap { $0["run"] as? [String: Any] }
        #expect(runs.map { $0["cycles"] as? Int } == [1, 3, 1], "newest whole, the quiet three as one, the baseline whole: \(runs)")
        let collapsed = try #require(runs.count == 3 ? runs[1] : nil)
        // ISO 8601 in UTC: the strings order as the times do.
        let first = collapsed["first_started_at"] as? String ?? "~", last = collapsed["started_at"] as? String ?? ""
        #expect(first <= last && first >= (runs[2]["finished_at"] as? String ?? "~"), "\(runs)")
        #expect((runs[2]["versions_written"] as? Int ?? 0) > 0)
        let text = try await setup.run(["log", "--limit", "10"])
        #expect(text.status == 0 && text.stdout.contains("3 quiet cycles"), "\(text.stdout)")
        let status = try await setup.run(["status", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        await setup.site.stop()
    }

    @Test func backupRefusesWhatItCannotWriteAndWritesACheckedCopy() async throws {
        let setup = try await SampleSetup.start()
        let noDatabase = try await setup.run(["backup", setup.folder + "/copy.sqlite"])
        #expect(noDatabase.status == 2 && noDatabase.stderr.contains("no database"), "\(noDatabase.stderr)")
        #expect(try await setup.run(["sync"]).status == 0)
        let noFolder = try await setup.run(["backup", setup.folder + "/missing/copy.sqlite"])
        #expect(noFolder.status == 2 && noFolder.stderr.contains("does not exist"), "\(noFolder.stderr)")
        let itself = try await setup.run(["backup", setup.folder + "/agenda-sync.sqlite"])
        #expect(itself.status == 2, "\(itself.stderr)")

        let backup = try await setup.run(["backup", setup.folder + "/copy.sqlite", "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(backup.stdout.utf8)) as? [String: Any])
        #expect(report["integrity"] as? String == "ok")
        #expect((report["bytes"] as? Int ?? 0) > 0)
        // The copy is the database: the same meetings.
        let config = try String(contentsOfFile: setup.config, encoding: .utf8)
            .replacingOccurrences(of: setup.folder + "/agenda-sync.sqlite", with: setup.folder + "/copy.sqlite")
        try Data(config.utf8).write(to: URL(fileURLWithPath: setup.folder + "/copy.toml"))
        let live = try await setup.run(["meetings"])
        let copied = try await AgendaSyncBinary.run(["meetings", "--config", setup.folder + "/copy.toml"])
        #expect(copied.status == 0 && copied.stdout == live.stdout && !live.stdout.isEmpty)
        await setup.site.stop()
    }
}

import AgendaModel
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// The CLI as an admin uses it, against a sample council served on 127.0.0.1.
@Suite struct SyncWorkflowTests {
    func start(extraSources: String = "") async throws -> SampleSetup {
        try await SampleSetup.start(extraSources: extraSources)
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func syncThenInspectEverything() async throws {
        let setup = try await start()
        defer { Task { await setup.site.stop() } }

        let baseline = try await AgendaSyncBinary.run(["sync", "--config", setup.config, "--json"])
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let report = try #require(try json(baseline.stdout) as? [String: Any])
        let sources = try #require(report["sources"] as? [[String: Any]])
        #expect(sources.first?["baseline"] as? Bool == true)
        #expect(sources.first?["notices_written"] as? Int == 0)

        await setup.site.update { $0.demoAddDocument() }
        let second = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("delivery: 1 delivered, 0 failed"), "\(second.stdout)")

        let status = try await AgendaSyncBinary.run(["status", "--config", setup.config, "--json"])
        let statusObject = try #require(try json(status.stdout) as? [String: Any])
        let sourceStatus = try #require((statusObject["sources"] as? [[String: Any]])?.first)
        #expect(sourceStatus["result"] as? String == "ok")
        #expect(sourceStatus["meetings_tracked"] as? Int == SampleCouncilData.Meetings.all.count)
        let outbox = try #require(statusObject["outbox"] as? [[String: Any]])
        #expect(outbox.contains { $0["subscription"] as? String == "audit" && $0["state"] as? String == "delivered" && $0["count"] as? Int == 1 })

        let meeting = "sample/\(SampleCouncilData.Meetings.cabinetNext)"
        let meetings = try await AgendaSyncBinary.run(["meetings", "--config", setup.config, "--json", "--committee", "101"])
        let rows = try #require(try json(meetings.stdout) as? [[String: Any]])
        #expect(rows.contains { $0["id"] as? String == meeting && $0["version"] as? Int == 2 })
        #expect(rows.allSatisfy { ($0["committee"] as? [String: Any])?["id"] as? Int == 101 })

        let history = try await AgendaSyncBinary.run(["history", meeting, "--config", setup.config, "--json"])
        let versions = try #require(try json(history.stdout) as? [[String: Any]])
        #expect(versions.map { $0["version"] as? Int } == [1, 2])
        let lastChanges = try #require(versions.last?["changes"] as? [[String: Any]])
        #expect(lastChanges.map { $0["kind"] as? String } == ["document.added"])

        let diff = try await AgendaSyncBinary.run(["diff", meeting, "--config", setup.config])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("v1 → v2"))
        #expect(diff.stdout.contains("document.added  item 53  \"Appendix C - Savings Tracker\""), "\(diff.stdout)")
        let noDiff = try await AgendaSyncBinary.run(["diff", meeting, "--from", "1", "--to", "9", "--config", setup.config])
        #expect(noDiff.status == 2)
        #expect(noDiff.stderr.contains("has no version 9"))

        let log = try await AgendaSyncBinary.run(["log", "--config", setup.config, "--json", "--limit", "1"])
        let cycles = try #require(try json(log.stdout) as? [[String: Any]])
        #expect(cycles.count == 1)
        let fetches = try #require(cycles.first?["fetches"] as? [[String: Any]])
        #expect(fetches.count == 12)  // robots.txt (each `sync` process reads it afresh) + structure page + 3 lists + 7 meetings
        let errors = try await AgendaSyncBinary.run(["log", "--errors", "--config", setup.config])
        #expect(errors.stdout.contains("no failures logged"))

        let lines = try String(contentsOfFile: setup.folder + "/notices.jsonl", encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 1)
    }

    @Test func aFailingSourceExits1AndTheOthersStillSync() async throws {
        // Bound but not listening: connections are refused, and no other test can take the port.
        let closed = try RefusingPort()
        let setup = try await start(extraSources: """

            [[source]]
            id = "down"
            name = "Council that is down"
            base_url = "\(closed.baseURL)"
            """)
        defer { Task { await setup.site.stop() } }
        let result = try await AgendaSyncBinary.run(["sync", "--config", setup.config, "--json"])
        #expect(result.status == 1)
        let report = try #require(try json(result.stdout) as? [String: Any])
        let sources = try #require(report["sources"] as? [[String: Any]])
        #expect(sources.first { $0["source"] as? String == "sample" }?["outcome"] as? String == "ok")
        #expect(sources.first { $0["source"] as? String == "down" }?["outcome"] as? String == "failed")
        let errors = try await AgendaSyncBinary.run(["log", "--errors", "--source", "down", "--config", setup.config])
        #expect(errors.stdout.contains("transport_error"), "\(errors.stdout)")
        #expect(errors.stdout.contains("curl error 7"), "\(errors.stdout)")
        withExtendedLifetime(closed) {}
    }

    @Test func anUnusableDatabasePathIsAClearErrorAndWritesNothing() async throws {
        let setup = try await start()
        defer { Task { await setup.site.stop() } }
        let text = try String(contentsOfFile: setup.config, encoding: .utf8)
            .replacingOccurrences(of: "\(setup.folder)/agenda-sync.sqlite", with: "\(setup.folder)/missing-dir/db.sqlite")
        try write(text, to: setup.config)
        let result = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot open database \(setup.folder)/missing-dir/db.sqlite"), "\(result.stderr)")
        #expect(await setup.site.requests.isEmpty, "nothing is fetched without a database")
        #expect(!FileManager.default.fileExists(atPath: setup.folder + "/notices.jsonl"))
    }

    @Test func readCommandsNeedADatabase() async throws {
        let setup = try await start()
        defer { Task { await setup.site.stop() } }
        let result = try await AgendaSyncBinary.run(["status", "--config", setup.config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no database at"))
        #expect(!FileManager.default.fileExists(atPath: setup.folder + "/agenda-sync.sqlite"))
    }

    @Test func theDemoRunsItsWholeScriptThroughTheWebService() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await AgendaSyncBinary.run(["demo", "--dir", folder, "--via", "webservice"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("reading: the web service"))
        #expect(result.stdout.contains("demo: every step produced exactly the expected notices"))
        let config = try String(contentsOfFile: folder + "/agenda-sync.toml", encoding: .utf8)
        #expect(config.contains("via      = \"webservice\""))
        let bad = try await AgendaSyncBinary.run(["demo", "--dir", folder, "--via", "soap"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--via must be \"html\" or \"webservice\""))
    }

    @Test func theDemoRunsItsWholeScript() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let result = try await AgendaSyncBinary.run(["demo", "--dir", folder])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("demo: every step produced exactly the expected notices"))
        #expect(FileManager.default.fileExists(atPath: folder + "/agenda-sync.sqlite"))
        let notices = try String(contentsOfFile: folder + "/notices.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(notices.count == 3)
        // The calendar and the feed it prints, read by independent parsers.
        let (calendarPath, feedPath) = (folder + "/meetings.ics", folder + "/changes.atom")
        #expect(result.stdout.contains("Calendar (RFC 5545): \(calendarPath) — 7 meetings; Atom feed: \(feedPath) — 3 entries."))
        #expect(result.stdout.contains("calendar: 7 meetings in meetings.ics; feed: 0 entries in changes.atom"))
        #expect(result.stdout.contains("calendar and feed: untouched"), "the noise-only step")
        let calendar = try await DocumentCheck.calendar(calendarPath)
        #expect(calendar.errors == [] && calendar.events.count == 7)
        #expect(calendar.events.filter { $0.status == "CANCELLED" }.count == 1)
        #expect(calendar.calname == "Sample Borough Council meetings")
        let feed = try await DocumentCheck.feed(feedPath)
        #expect(feed.errors == [] && feed.entries.count == 3)
    }
}

import AgendaCore
import AgendaStore
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A council that starts failing is reported once when it turns unhealthy and once when it
/// recovers; `status` tells the same story from the database.
@Suite(.serialized) struct DaemonHealthTests {
    @Test func healthChangesAreLoggedOnceAndStatusAnswersFromTheDatabase() async throws {
        let world = try await DaemonWorld(sources: ["good", "flaky"])
        // A short backoff, so that failed cycles repeat within the test.
        try world.writeConfig(interval: "1s", extraDaemon: "backoff_base = \"1s\"\nbackoff_cap = \"2s\"")
        let flaky = world.councils[1].site
        await flaky.fault(.committeeStructure, .status(500))
        let daemon = try world.startDaemon()
        defer { daemon.kill() }

        func cycles(_ source: String, _ outcome: String) -> Int {
            daemon.events("cycle.finished").filter { $0.contains(" source=\(source) ") && $0.contains(" outcome=\(outcome) ") }.count
        }
        // Both start within the first second; the good council's baseline (a dozen pages) must have
        // finished too, which on a loaded machine can take longer than the flaky one's three failures.
        #expect(await eventually(timeout: .seconds(120)) { cycles("flaky", "failed") >= 3 && cycles("good", "ok") >= 1 },
                "\(daemon.log)")
        let unhealthy = daemon.events("source.unhealthy")
        #expect(unhealthy.count == 1, "\(daemon.log)")
        #expect(unhealthy.first?.contains("source=flaky") == true)
        #expect(unhealthy.first?.contains("http_status=500") == true, "\(unhealthy)")
        #expect(unhealthy.first?.contains("url=\(world.councils[1].base.absoluteString)mgCommitteeStructure.aspx") == true)
        #expect(daemon.events("source.recovered").isEmpty)

        // While it fails: status, from the database.
        let failing = try await status(world)
        let flakyStatus = try #require(failing.first { $0["source"] as? String == "flaky" })
        #expect(flakyStatus["health"] as? String == "unhealthy")
        #expect((flakyStatus["consecutive_failures"] as? Int ?? 0) >= 3)
        #expect(flakyStatus["last_success"] == nil || flakyStatus["last_success"] is NSNull)
        let lastError = try #require(flakyStatus["last_error"] as? [String: Any])
        #expect(lastError["http_status"] as? Int == 500)
        #expect((lastError["url"] as? String)?.hasSuffix("mgCommitteeStructure.aspx") == true)
        let goodStatus = try #require(failing.first { $0["source"] as? String == "good" })
        #expect(goodStatus["health"] as? String == "healthy")
        #expect(goodStatus["meetings_tracked"] as? Int == SampleCouncilData.Meetings.all.count)
        #expect(goodStatus["last_success"] is String)
        let last24h = try #require(goodStatus["last_24h"] as? [String: Int])
        #expect((last24h["fetches"] ?? 0) >= 12 && (last24h["bytes"] ?? 0) > 100_000, "\(last24h)")
        #expect(goodStatus["next_due"] is String)

        // The council recovers: reported once, and the next failures would be news again.
        await flaky.clearFaults()
        #expect(await eventually(timeout: .seconds(120)) { cycles("flaky", "ok") >= 2 }, "\(daemon.log)")
        #expect(daemon.events("source.recovered").count == 1, "\(daemon.log)")
        #expect(daemon.events("source.recovered").first?.contains("source=flaky") == true)
        #expect(daemon.events("source.unhealthy").count == 1)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        let recovered = try await status(world)
        let flakyAfter = try #require(recovered.first { $0["source"] as? String == "flaky" })
        #expect(flakyAfter["health"] as? String == "healthy")
        #expect(flakyAfter["consecutive_failures"] as? Int == 0)
        #expect(flakyAfter["last_success"] is String)
        // The persisted schedule is what status reports as next due.
        let persisted = try AgendaStore(path: world.databasePath).scheduleStates()
        #expect(flakyAfter["next_due"] as? String == persisted["flaky"].map { Timestamp.string($0.nextDueAt) })
        await world.close()
    }

    private func status(_ world: DaemonWorld) async throws -> [[String: Any]] {
        let result = try await AgendaSyncBinary.run(["status", "--json", "--config", world.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["sources"] as? [[String: Any]])
    }
}

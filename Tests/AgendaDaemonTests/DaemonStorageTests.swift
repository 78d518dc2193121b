import AgendaStore
import Foundation
import SampleCouncil
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Storage while the daemon runs: backups taken as it detects and delivers changes, and retention
/// after its cycles.
@Suite struct DaemonStorageTests {
    @Test func backupsTakenWhileChangesAreDetectedAndDeliveredAreWholeAndUsable() async throws {
        let world = try await DaemonWorld(sources: ["north", "south"])
        try world.writeConfig(interval: "1s")
        let daemon = try world.startDaemon()
        defer { daemon.kill() }
        #expect(await eventually { world.cycleStatuses.count >= 2 }, "the baselines\n\(daemon.log)")

        // Changes to upcoming meetings, which the daemon re-reads every cycle.
        let changes: [@Sendable (inout SiteContent) -> Void] = [{ $0.demoAddDocument() }, { $0.demoCancelMeeting() }]
        var delivered = 0
        for (index, change) in changes.enumerated() {
            for council in world.councils { await council.site.update(change) }
            // Taken at once, while the daemon's cycles read, store and deliver the change.
            let copy = world.folder + "/backup-\(index).sqlite"
            let backup = try await AgendaSyncBinary.run(["backup", copy, "--config", world.configPath])
            #expect(backup.status == 0, "\(backup.stderr)\n\(daemon.log)")
            #expect(backup.stdout.contains("backup: \(copy)") && backup.stdout.contains("integrity_check ok"), "\(backup.stdout)")
            #expect(!FileManager.default.fileExists(atPath: copy + "-wal") && !FileManager.default.fileExists(atPath: copy + ".partial"))
            #expect(try AgendaStore(path: copy).integrityCheck() == "ok")

            // A config pointing at the copy: `status` reads it as it reads the live database.
            let config = try String(contentsOfFile: world.configPath, encoding: .utf8)
                .replacingOccurrences(of: world.databasePath, with: copy)
            let configCopy = world.folder + "/backup-\(index).toml"
            try Data(config.utf8).write(to: URL(fileURLWithPath: configCopy))
            let status = try await AgendaSyncBinary.run(["status", "--config", configCopy])
            #expect(status.status == 0, "\(status.stdout)\n\(status.stderr)")
            #expect(status.stdout.contains("north") && status.stdout.contains("south"), "\(status.stdout)")

            let stored = try AgendaStore(path: copy).tableCounts()
            #expect((stored["versions"] ?? 0) > 0 && (stored["sync_runs"] ?? 0) >= 2, "\(stored)")
            delivered += 2
            #expect(await eventually { world.notices("all").lines.count >= delivered },
                    "change \(index): \(world.notices("all").lines.count) notices\n\(daemon.log)")
        }

        // A backup never overwrites a file, and says why.
        let again = try await AgendaSyncBinary.run(["backup", world.folder + "/backup-0.sqlite", "--config", world.configPath])
        #expect(again.status == 2 && again.stderr.contains("exists already"), "\(again.stderr)")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        await world.close()
    }

    @Test func theDaemonAppliesRetentionAfterItsCyclesAndTheLogKeepsEveryCycleLine() async throws {
        let world = try await DaemonWorld()
        try world.writeConfig(interval: "1s", extraDaemon: "log_retention = \"1s\"")
        let daemon = try world.startDaemon()
        defer { daemon.kill() }
        // The pass after the second cycle removes the first one's fetches (a pass that removes nothing is not logged).
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("retention.pass").count >= 1 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")

        let store = try AgendaStore(path: world.databasePath)
        let runs = try store.runs(limit: 1_000)
        #expect(runs.count >= 2)
        // Only the newest cycles (finished within the last second before the last pass) keep their fetches.
        let withFetches = try runs.filter { !(try store.fetches(ofRun: $0.id)).isEmpty }
        #expect(withFetches.count < runs.count, "older cycles lost their fetches")
        #expect(runs.allSatisfy { $0.fetches > 0 }, "every cycle keeps its summary")
        let log = try await AgendaSyncBinary.run(["log", "--limit", "100", "--config", world.configPath])
        #expect(log.status == 0)
        #expect(log.stdout.split(separator: "\n").filter { $0.hasPrefix("cycle ") }.count == runs.count, "\(log.stdout)")
        await world.close()
    }
}

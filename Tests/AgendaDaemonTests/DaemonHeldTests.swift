import AgendaCore
import AgendaStore
import Foundation
import SampleCouncil
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real daemon and a council that re-skins: the source is held (logged once, in STATUS= and in
/// `status`), keeps being polled with nothing delivered, and a SIGTERM or a kill -9 while it is held
/// loses nothing: after the restarts, `release` delivers every held notice once.
@Suite(.serialized) struct DaemonHeldTests {
    /// Every item of five meetings retitled at once (the pages read in the wrong encoding).
    static let reskinned = [2041, 2043, 2044, 2046, 2047]

    static func held(_ world: DaemonWorld) throws -> (hold: SourceHold?, versions: Int, notices: Int) {
        let store = try AgendaStore(path: world.databasePath)
        let counts = try store.tableCounts()
        return (try store.holds()["sample"], counts["held_versions"] ?? -1, counts["notices"] ?? -1)
    }

    @Test func aHeldSourceKeepsPollingDeliversNothingAndSurvivesSIGTERMAndKill9() async throws {
        let world = try await DaemonWorld()
        // Every meeting page is read every cycle (the future ones by the horizon, the past ones by a
        // 1 s tier), so a re-skin is seen whole in one cycle.
        try world.writeConfig(interval: "1s", extraSource: """
            upcoming_horizon = "365d"
            recheck_later = "1s"
            recheck_past = "1s"
            """)
        var daemon = try world.startDaemon(logName: "run1.log")
        defer { daemon.kill() }
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= 2 }, "\(daemon.log)")
        // The re-skin lands between two runs, so that one cycle sees all of it (a re-skin that lands
        // while a cycle is half done is seen by that cycle in part: the guard judges what it read).
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        await world.site.update { content in
            for number in Self.reskinned {
                content.updateMeeting(number) { meeting in
                    for item in meeting.items.indices { meeting.items[item].title += " \u{FFFD}" }
                }
            }
            content.demoAddDocument()
        }
        daemon = try world.startDaemon(logName: "run2.log")
        #expect(await eventually(timeout: .seconds(120)) { !daemon.events("source.held").isEmpty }, "\(daemon.log)")
        let heldEvent = try #require(daemon.events("source.held").first)
        #expect(heldEvent.contains("source=sample") && heldEvent.contains("reason=\"5 of 6 changed meetings look like"),
                "\(heldEvent)")
        #expect(heldEvent.contains("versions=6"), "\(heldEvent)")
        // Never half: the hold is one transaction, so it is seen whole.
        let first = try Self.held(world)
        #expect(first.hold != nil && first.versions == 6 && first.notices == 0)
        #expect(await eventually { world.systemd.values(of: "STATUS").contains { $0.contains("1 held") } },
                "\(world.systemd.values(of: "STATUS").suffix(3))")

        // It keeps polling: more cycles, each still held, logged once, nothing delivered.
        let cyclesAtHold = daemon.events("cycle.finished").count
        let requestsAtHold = await world.requests().count
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= cyclesAtHold + 3 },
                "\(daemon.log)")
        #expect(await world.requests().count > requestsAtHold)
        #expect(daemon.events("source.held").count == 1, "\(daemon.log)")
        #expect(world.cycleStatuses.last?.contains("(held: ") == true, "\(world.cycleStatuses.suffix(2))")
        #expect(world.notices("all").lines.isEmpty)
        let status = try await AgendaSyncBinary.run(["status", "--json", "--config", world.configPath])
        #expect(status.stdout.contains("\"health\" : \"held\""), "\(status.stdout)")

        // SIGTERM while held: exit 0, nothing delivered, the held set intact.
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        let afterTerm = try Self.held(world)
        #expect(afterTerm.hold == first.hold && afterTerm.versions == 6 && afterTerm.notices == 0)
        #expect(world.notices("all").lines.isEmpty)

        // Restarted: still held (said at start-up, not logged as news again), then kill -9 mid-run.
        daemon = try world.startDaemon(logName: "run3.log")
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= 2 }, "\(daemon.log)")
        #expect(daemon.events("daemon.ready").first?.contains("held=sample") == true, "\(daemon.log)")
        #expect(daemon.events("source.held").isEmpty)
        daemon.signal(SIGKILL)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 128 + SIGKILL)
        let afterKill = try Self.held(world)
        #expect(afterKill.hold == first.hold && afterKill.versions == 6 && afterKill.notices == 0)
        #expect(try AgendaStore(path: world.databasePath).integrityCheck() == "ok")
        #expect(world.notices("all").lines.isEmpty)

        // The admin releases: every held notice, once.
        let release = try await AgendaSyncBinary.run(["release", "sample", "--config", world.configPath])
        #expect(release.status == 0, "\(release.stdout)\(release.stderr)")
        #expect(release.stdout.contains("released sample: 6 version(s) stored, 6 notice(s) queued"), "\(release.stdout)")
        let lines = world.notices("all").lines
        #expect(lines.count == 6)
        let ids = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(Set(ids).count == 6)

        // The daemon again: not held any more, nothing delivered twice.
        daemon = try world.startDaemon(logName: "run4.log")
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= 2 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        #expect(daemon.events("source.held").isEmpty)
        #expect(world.notices("all").lines == lines)
        #expect(try Self.held(world).hold == nil)
        await world.close()
    }
}

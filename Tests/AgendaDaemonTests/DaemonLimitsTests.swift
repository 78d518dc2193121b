import AgendaCore
import AgendaStore
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The daemon with every duration key at its largest accepted value: the schedule it computes and
/// stores stays a sane date, and it runs a cycle and stops cleanly on SIGTERM (an absurd interval
/// once trapped converting seconds to milliseconds).
@Suite(.serialized) struct DaemonLimitsTests {
    @Test func theLargestAcceptedDurationsRunAndStopCleanly() async throws {
        let world = try await DaemonWorld()
        try world.writeConfigText("""
            [daemon]
            database = "\(world.databasePath)"
            user_agent = "\(DaemonWorld.userAgent)"
            interval = "7d"
            window = { past = "3650d", future = "3650d" }
            robots_cache = "24h"
            backoff_base = "1d"
            backoff_cap = "1d"
            request_spacing = "1m"

            [[source]]
            id = "sample"
            name = "Council sample"
            base_url = "\(world.councils[0].base.absoluteString)"
            # The daemon-wide 1m spacing is accepted; this council is on this machine and is read quickly.
            request_spacing = "1ms"
            upcoming_horizon = "365d"
            recheck_later = "30d"
            recheck_past = "30d"

            [[subscription]]
            id = "all"
            channel = "file"
            path = "\(world.noticePath("all"))"
            """)
        let check = try await AgendaSyncBinary.run(["check-config", "--config", world.configPath])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let startedAt = Date()
        let daemon = try world.startDaemon(watchdogMicroseconds: 1_000_000)
        defer { daemon.kill() }
        // A new source starts within the first minute (the start-up spread), then reads a handful of pages.
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= 1 }, "\(daemon.log)")
        #expect(daemon.poll() == nil, "still running: \(daemon.log)")

        // The next cycle is one interval (± 10% jitter) after this one started: a week away, not year 506713.
        let store = try AgendaStore(path: world.databasePath)
        let due = try #require(try store.scheduleStates()["sample"]).nextDueAt
        let week: TimeInterval = 7 * 86_400
        #expect(due > startedAt.addingTimeInterval(week * 0.9 - 60) && due < Date().addingTimeInterval(week * 1.1 + 60),
                "next due \(Timestamp.string(due))")
        let line = try #require(daemon.events("cycle.finished").first)
        #expect(line.contains("next_due=\(Timestamp.string(due))"), "\(line)")
        // Meeting pages wait for their tier (30d at most), also sane dates.
        for check in try store.meetingCheckTimes(sourceID: "sample").values {
            #expect(check < Date().addingTimeInterval(30 * 86_400 + 60), "\(Timestamp.string(check))")
        }

        daemon.signal(SIGTERM)
        let status = await daemon.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "\(daemon.log)")
        #expect(daemon.events("daemon.stopped").count == 1, "\(daemon.log)")
        #expect(try store.integrityCheck() == "ok")
        await world.close()
    }

    /// `max_concurrent_cycles = 1` with three councils whose cycles (slow meeting pages: over two
    /// seconds each) are longer than the interval: the daemon's log shows each cycle start only after
    /// the one before it finished, and every council gets its turn.
    @Test func atMostMaxConcurrentCyclesRunAtOnce() async throws {
        let world = try await DaemonWorld(sources: ["a", "b", "c"])
        try world.writeConfig(interval: "2s", extraDaemon: "max_concurrent_cycles = 1")
        for council in world.councils {
            await council.site.fault(.path("/ieListDocuments.aspx"), .delay(.milliseconds(300)))
        }
        let daemon = try world.startDaemon(logLevel: "debug")
        defer { daemon.kill() }
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= 4 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")

        var running = 0
        var most = 0
        for line in daemon.log.split(separator: "\n") {
            if line.contains("> cycle.started ") || line.contains(">cycle.started ") { running += 1 }
            if line.contains("cycle.finished ") || line.contains("cycle.abandoned ") { running -= 1 }
            most = max(most, running)
        }
        #expect(most == 1, "cycles at once: \(most)\n\(daemon.log)")
        let finished = daemon.events("cycle.finished")
        for id in ["a", "b", "c"] {
            #expect(finished.contains { $0.contains("source=\(id) ") }, "\(id) never had its turn\n\(daemon.log)")
        }
        await world.close()
    }
}

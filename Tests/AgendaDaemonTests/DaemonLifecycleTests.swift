import AgendaDiff
import AgendaStore
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `agenda-sync run` under a fake systemd, against sample councils on 127.0.0.1.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func notifiesSystemdAndStopsCleanlyMidCycle() async throws {
        let world = try await DaemonWorld()
        try world.writeConfig(interval: "2s")
        let daemon = try world.startDaemon(watchdogMicroseconds: 1_000_000)
        defer { daemon.kill() }

        // READY=1 once config and database are ready (the file exists when it arrives).
        #expect(await eventually { !world.systemd.messages(with: "READY=1").isEmpty }, "\(daemon.log)")
        let ready = try #require(world.systemd.messages(with: "READY=1").first)
        #expect(ready.fileExisted, "READY=1 came before the database existed")
        // The log line and the datagram travel separately: wait for the line rather than race it.
        #expect(await eventually { daemon.events("daemon.ready").count == 1 }, "\(daemon.log)")
        // The executable allocates with the mimalloc it links (Allocator), not glibc's malloc.
        let starting = try #require(daemon.events("daemon.starting").first, "\(daemon.log)")
        #expect(starting.contains(#"allocator="mimalloc 2."#), "\(starting)")

        // The silent baseline, then a change: a notice is written and delivered.
        #expect(await eventually { world.cycleStatuses.count >= 1 }, "\(daemon.log)")
        await world.site.update { $0.demoAddDocument() }
        #expect(await eventually { world.notices("all").lines.count >= 1 }, "\(daemon.log)")

        // Slow every meeting page, wait until the next cycle is stuck on one, and stop mid-cycle.
        // Ten minutes: a stop that waited for the cycle would not exit within the wait below.
        await world.site.fault(.path("/ieListDocuments.aspx"), .delay(.seconds(600)))
        let seen = await world.requests().count
        #expect(await eventually {
            await world.requests().dropFirst(seen).contains { $0.target.contains("ieListDocuments.aspx") }
        }, "\(daemon.log)")
        let cyclesBeforeStop = daemon.events("cycle.finished").count
        let signalledAt = Date()
        daemon.signal(SIGTERM)
        let signalled = ContinuousClock.now
        let status = await daemon.waitForExit(timeout: .seconds(60))
        let stopTime = ContinuousClock.now - signalled
        print("SIGTERM → exit \(status.map(String.init) ?? "still running") after \(stopTime)")
        #expect(status == 0, "\(daemon.log)")

        // The protocol: STOPPING=1 on SIGTERM; WATCHDOG=1 at half of WATCHDOG_USEC, never a gap as
        // long as WATCHDOG_USEC; one STATUS= per cycle.
        // (The fake's reader thread may still be draining datagrams sent just before the exit.)
        #expect(await eventually(timeout: .seconds(2)) { world.systemd.messages(with: "STOPPING=1").count == 1 })
        let pings = world.systemd.messages(with: "WATCHDOG=1").map(\.at)
        #expect(pings.count >= 4, "\(pings.count) pings")
        let gaps = zip(pings.dropFirst(), pings).map { $0 - $1 }
        print("WATCHDOG=1 pings: \(pings.count), gaps \(gaps.min().map { "\($0)" } ?? "-") … \(gaps.max().map { "\($0)" } ?? "-")")
        // Pings come every 0.5 s; the bound only rules out a stalled loop, with room for a busy CI machine.
        #expect(gaps.allSatisfy { $0 < .seconds(2) }, "a gap of \(gaps.max() ?? .zero)")
        #expect(await eventually(timeout: .seconds(2)) {
            world.cycleStatuses.count == daemon.events("cycle.finished").count
        }, "\(world.cycleStatuses)")
        #expect(daemon.events("cycle.finished").count == cyclesBeforeStop)
        #expect(daemon.events("cycle.abandoned").count == 1, "\(daemon.log)")
        #expect(daemon.events("daemon.stopping").count == 1)
        #expect(daemon.events("daemon.stopped").count == 1)

        // A consistent database, and whole notice lines only.
        let store = try AgendaStore(path: world.databasePath)
        #expect(try store.integrityCheck() == "ok")
        let notices = world.notices("all")
        #expect(notices.text.hasSuffix("\n"))
        for line in notices.lines {
            #expect(throws: Never.self) { try NoticeJSON.decode(Array(line.utf8)) }
        }
        #expect(try store.outboxCounts().allSatisfy { $0.state == "delivered" }, "every committed notice delivered")
        // No request went out after SIGTERM, and the cut-short cycle says why its last fetches failed.
        #expect(await world.requests().filter { $0.time > signalledAt }.isEmpty)
        #expect(try store.runs(limit: 1).first?.error == AgendaStore.abandonedRunNote)
        await world.close()
    }

    @Test func sighupAppliesAGoodConfigAndKeepsTheOldOneOnABadOne() async throws {
        let world = try await DaemonWorld()
        try world.writeConfig(interval: "2s", subscriptions: ["all"])
        let daemon = try world.startDaemon()
        defer { daemon.kill() }
        #expect(await eventually { world.cycleStatuses.count >= 1 }, "\(daemon.log)")

        // A good config: a second subscription appears, and gets the next notice too.
        try world.writeConfig(interval: "2s", subscriptions: ["all", "late"])
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.events("config.reloaded").count == 1 }, "\(daemon.log)")
        // The datagrams reach the fake systemd's reader thread on their own time, not with the log line.
        #expect(await eventually { world.systemd.messages(with: "RELOADING=1").count == 1 })
        #expect(await eventually { world.systemd.messages(with: "READY=1").count == 2 })
        // Changed right after the reload: even a cycle that began before it composes this change's
        // notices with the subscriptions in force when it detects it (see the test below).
        await world.site.update { $0.demoAddDocument() }
        #expect(await eventually {
            world.notices("all").lines.count == 1 && world.notices("late").lines.count == 1
        }, "\(daemon.log)")

        // A broken config: rejected with every problem on one logged line; the daemon goes on.
        try world.writeConfigText("[daemon\ndatabase = 1\n")
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.events("config.rejected").count == 1 }, "\(daemon.log)")
        #expect(daemon.events("config.rejected").first?.contains("agenda-sync.toml:1") == true, "\(daemon.log)")

        // A valid config that changes what only a restart can change: rejected as a whole.
        try world.writeConfig(interval: "2s", subscriptions: ["all"], userAgent: "other-agent/2.0 (+mailto:x@example.org)")
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.events("config.rejected").count == 2 }, "\(daemon.log)")
        #expect(daemon.events("config.rejected").last?.contains("daemon.user_agent") == true, "\(daemon.log)")
        #expect(daemon.isRunning)

        // Still the good config: both subscriptions are told about the next change.
        let cycles = world.cycleStatuses.count
        await world.site.update { $0.demoCancelMeeting() }
        #expect(await eventually {
            world.notices("all").lines.count == 2 && world.notices("late").lines.count == 2
        }, "\(daemon.log)")
        #expect(await eventually { world.cycleStatuses.count > cycles })

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        await world.close()
    }

    /// A cycle that started before a SIGHUP and detects a change after the reload announces it to
    /// the subscriptions in force when it detected it: the one the reload added is not skipped
    /// (the change is stored then, so no later cycle would ever announce it).
    @Test func aCycleRunningAcrossAReloadNotifiesASubscriptionTheReloadAdded() async throws {
        let world = try await DaemonWorld()
        try world.writeConfig(interval: "2s", subscriptions: ["all"])
        let daemon = try world.startDaemon()
        defer { daemon.kill() }
        #expect(await eventually { world.cycleStatuses.count >= 1 }, "the baseline\n\(daemon.log)")

        // Hold the next cycle's first page in flight: that cycle started under the old config.
        let gate = SiteGate()
        defer { gate.open() }
        let seen = await world.requests().count
        await world.site.fault(.committeeStructure, .hold(gate), times: 1)
        #expect(await eventually {
            await world.requests().dropFirst(seen).contains { $0.target.hasSuffix("mgCommitteeStructure.aspx") }
        }, "\(daemon.log)")
        let finishedBefore = daemon.events("cycle.finished").count

        try world.writeConfig(interval: "2s", subscriptions: ["all", "late"])
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.events("config.reloaded").count == 1 }, "\(daemon.log)")
        await world.site.update { $0.demoAddDocument() }
        gate.open()

        // One source runs one cycle at a time: the next to finish is the held one, and it found the change.
        #expect(await eventually { daemon.events("cycle.finished").count > finishedBefore }, "\(daemon.log)")
        let held = try #require(daemon.events("cycle.finished").dropFirst(finishedBefore).first)
        #expect(held.contains(" notices=2 "), "one notice per subscription in force at detection: \(held)")
        #expect(await eventually {
            world.notices("all").lines.count == 1 && world.notices("late").lines.count == 1
        }, "\(daemon.log)")
        for subscription in ["all", "late"] {
            let notice = try NoticeJSON.decode(Array(try #require(world.notices(subscription).lines.first).utf8))
            #expect(notice.meeting.id.number == SampleCouncilData.Meetings.cabinetNext, "\(subscription): \(notice)")
        }

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        await world.close()
    }

    @Test func aBadConfigOrDatabaseAtStartExits2WithoutReady() async throws {
        let world = try await DaemonWorld()
        try world.writeConfigText("[daemon]\nuser_agent = \"x\"\nbogus = 1\n")
        let badConfig = try world.startDaemon(logName: "bad-config.log")
        defer { badConfig.kill() }
        #expect(await badConfig.waitForExit(timeout: .seconds(60)) == 2, "\(badConfig.log)")
        #expect(badConfig.events("config.invalid").count == 1, "\(badConfig.log)")

        try world.writeConfig()
        let text = try String(contentsOfFile: world.configPath, encoding: .utf8)
            .replacingOccurrences(of: world.databasePath, with: world.folder + "/missing/agenda.sqlite")
        try world.writeConfigText(text)
        let badDatabase = try world.startDaemon(logName: "bad-database.log")
        defer { badDatabase.kill() }
        #expect(await badDatabase.waitForExit(timeout: .seconds(60)) == 2, "\(badDatabase.log)")
        #expect(badDatabase.events("database.unusable").count == 1, "\(badDatabase.log)")
        #expect(world.systemd.messages(with: "READY=1").isEmpty)
        #expect(await world.requests().isEmpty)
        await world.close()
    }
}

import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `run` when the database is held by another process at start: it waits (logged once), starts
/// when the lock passes, and never exits 2 — the exit status systemd does not restart on.
@Suite(.serialized) struct DaemonDatabaseTests {
    @Test func aDatabaseBusyAtStartIsWaitedForNotFatal() async throws {
        let world = try await DaemonWorld()
        try world.writeConfig(interval: "2s")
        let baseline = try await AgendaSyncBinary.run(["sync", "--config", world.configPath])
        #expect(baseline.status == 0, "\(baseline.stdout)\(baseline.stderr)")

        let holder = try await DatabaseLockHolder(database: world.databasePath, logPath: world.folder + "/holder.log")

        let daemon = try world.startDaemon(watchdogMicroseconds: nil)
        defer { daemon.kill() }
        // Two waits announced to systemd (each extends the start timeout), one log line.
        #expect(await eventually(timeout: .seconds(120)) {
            world.systemd.messages(with: "EXTEND_TIMEOUT_USEC=").count >= 2
        }, "\(daemon.log)")
        #expect(daemon.isRunning, "\(daemon.log)")
        #expect(daemon.events("database.unavailable").count == 1, "\(daemon.log)")
        #expect(daemon.events("database.unavailable").first?.contains("another sync/run holds the database") == true)
        #expect(world.systemd.values(of: "STATUS").contains { $0.hasPrefix("waiting for the database: ") })
        #expect(world.systemd.messages(with: "READY=1").isEmpty)

        await holder.stop()
        #expect(await eventually(timeout: .seconds(120)) { !world.systemd.messages(with: "READY=1").isEmpty }, "\(daemon.log)")
        #expect(daemon.events("database.available").count == 1, "\(daemon.log)")
        #expect(await eventually { world.cycleStatuses.count >= 1 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        #expect(daemon.events("database.unavailable").count == 1, "\(daemon.log)")
        await world.close()
    }
}

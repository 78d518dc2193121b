import AgendaStore
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Stop and start the daemon twice: the persisted schedule means no burst of polls at start-up and
/// no source forgotten. Three councils on three hosts, each polled every 3 s.
@Suite(.serialized) struct DaemonRestartTests {
    static let interval: TimeInterval = 3

    /// When each cycle of a council began: its first request (robots.txt after a start, else the
    /// committee structure page) — requests of one cycle come in a quick run, cycles 3 s apart.
    static func cycleStarts(_ requests: [LoggedRequest]) -> [Date] {
        requests.filter { $0.target.hasSuffix("mgCommitteeStructure.aspx") }.map(\.time)
    }

    @Test func restartsNeitherBurstNorSkipASource() async throws {
        let world = try await DaemonWorld(sources: ["north", "south", "east"])
        try world.writeConfig(interval: "3s")
        let councils = world.councils.indices

        // Run 1: every council polled three times, one interval (± 10%, rounded up to a second)
        // apart once the baseline is done (a cycle that overruns its interval is followed at once).
        let first = try world.startDaemon(logName: "run1.log")
        defer { first.kill() }
        var allPolled = await eventually(timeout: .seconds(40)) {
            for index in councils where Self.cycleStarts(await world.requests(index)).count < 3 { return false }
            return true
        }
        #expect(allPolled, "\(first.log)")
        // Stop between cycles, so that run 2 starts with every source due in the future.
        let cycles = world.cycleStatuses.count
        #expect(await eventually { world.cycleStatuses.count > cycles && world.cycleStatuses.last!.contains(", 0 running;") })
        try await stop(first)
        for index in councils {
            let starts = Self.cycleStarts(await world.requests(index)).dropFirst()
            for (earlier, later) in zip(starts, starts.dropFirst()) {
                let gap = later.timeIntervalSince(earlier)
                // The lower bound is the point (no burst); the upper one leaves room for a busy machine.
                #expect(gap >= Self.interval * 0.9 - 0.2 && gap <= Self.interval * 1.1 + 1 + 4,
                        "\(world.councils[index].id): cycles \(gap) s apart")
            }
        }

        // Run 2 starts at once (most sources not due yet); run 3 after a pause longer than the
        // interval (every source overdue).
        for (round, pause) in [(2, 0.0), (3, Self.interval + 1)] {
            let persisted = try AgendaStore(path: world.databasePath).scheduleStates()
            #expect(persisted.count == world.councils.count)
            if pause > 0 { try await Task.sleep(for: .seconds(pause)) }
            let restartedAt = Date()
            let daemon = try world.startDaemon(logName: "run\(round).log")
            defer { daemon.kill() }
            allPolled = await eventually(timeout: .seconds(20)) {
                for index in councils where await world.requests(index).allSatisfy({ $0.time < restartedAt }) {
                    return false
                }
                return true
            }
            #expect(allPolled, "run \(round): a source was not polled after the restart\n\(daemon.log)")
            try await stop(daemon, with: round == 2 ? SIGINT : SIGTERM)   // Ctrl-C stops it the same way

            var firstPolls: [Date] = []
            var waited = 0
            for (index, council) in world.councils.enumerated() {
                let due = try #require(persisted[council.id]?.nextDueAt)
                let poll = try #require(await world.requests(index).first { $0.time >= restartedAt }?.time)
                firstPolls.append(poll)
                print("run \(round): \(council.id) due \(String(format: "%+.2f", due.timeIntervalSince(restartedAt))) s, "
                      + "first poll \(String(format: "%+.2f", poll.timeIntervalSince(restartedAt))) s after the start")
                if due > restartedAt {
                    // Not due yet at the restart: it waits for its persisted time.
                    waited += 1
                    #expect(poll >= due.addingTimeInterval(-0.01),
                            "run \(round): \(council.id) polled \(due.timeIntervalSince(poll)) s before it was due")
                } else {
                    // Overdue: within the start-up spread (one interval here), not at once.
                    #expect(poll.timeIntervalSince(restartedAt) <= Self.interval + 5,
                            "run \(round): overdue \(council.id) polled \(poll.timeIntervalSince(restartedAt)) s after start")
                }
            }
            if pause == 0 { #expect(waited >= 1, "run 2: no source was waiting for its persisted time") }
            if pause > 0 {
                // All three overdue: one per third of the spread, so they do not fire together.
                let sorted = firstPolls.sorted()
                let span = sorted.last!.timeIntervalSince(sorted.first!)
                #expect(span >= Self.interval / 3 - 0.1, "run \(round): overdue sources polled within \(span) s")
            }
        }
        await world.close()
    }

    private func stop(_ daemon: DaemonProcess, with signal: Int32 = SIGTERM) async throws {
        daemon.signal(signal)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
    }
}

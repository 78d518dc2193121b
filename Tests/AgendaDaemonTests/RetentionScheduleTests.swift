import AgendaStore
import Testing
@testable import AgendaDaemon

/// When the daemon's cycles run a retention pass (see `RetentionSchedule`).
@Suite struct RetentionScheduleTests {
    static let day: Double = 86_400

    @Test func caughtUpPassesAreSpacedByATenthOfTheShortestRetentionAtMostTenMinutes() {
        #expect(RetentionSchedule.spacing(for: RetentionPolicy(log: 30 * Self.day, outbox: 30 * Self.day, pages: nil)) == .seconds(600))
        #expect(RetentionSchedule.spacing(for: RetentionPolicy(log: 30 * Self.day, outbox: 30 * Self.day, pages: 3_600)) == .seconds(360))
        #expect(RetentionSchedule.spacing(for: RetentionPolicy(log: 1, outbox: 30 * Self.day, pages: nil)) == .milliseconds(100))
    }

    @Test func onePassAtATimeThenNoneUntilTheSpacingHasPassed() {
        let schedule = RetentionSchedule()
        let start = ContinuousClock.now
        #expect(schedule.claim(at: start), "the first cycle's end runs a pass")
        #expect(!schedule.claim(at: start), "never two at once")
        var caughtUp = RetentionPass()
        caughtUp.fetchPacks = 3
        caughtUp.complete = true
        schedule.finished(.success(caughtUp), at: start, spacing: .seconds(600))
        #expect(!schedule.claim(at: start.advanced(by: .seconds(599))))
        #expect(schedule.claim(at: start.advanced(by: .seconds(600))))
    }

    @Test func aBacklogOrAFailureRunsAnotherPassAfterTheNextCycle() {
        let schedule = RetentionSchedule()
        let start = ContinuousClock.now
        var backlog = RetentionPass()
        backlog.fetchPacks = 1_000
        backlog.complete = false
        #expect(schedule.claim(at: start))
        schedule.finished(.success(backlog), at: start, spacing: .seconds(600))
        #expect(schedule.claim(at: start), "more is due: the next cycle's end runs another")
        schedule.finished(.failure(.conflict("the database is locked")), at: start, spacing: .seconds(600))
        #expect(schedule.claim(at: start), "its rows wait for the next pass, which comes with the next cycle")
    }
}

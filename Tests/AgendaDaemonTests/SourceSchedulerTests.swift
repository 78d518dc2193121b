@testable import AgendaDaemon
import AgendaConfig
import AgendaStore
@testable import AgendaSync
import Foundation
import Testing
import TestSupport

/// The schedule's arithmetic, with the random draw and the clock injected.
@Suite struct SourceSchedulerTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)   // a whole second
    static let interval = 600   // 10 minutes

    static func source(_ id: String, interval: Int = SourceSchedulerTests.interval) -> SourceConfiguration {
        SourceConfiguration(id: id, name: id, baseURL: "https://\(id).example.org/",
                            interval: ConfigDuration(seconds: interval)!)
    }

    static func report(_ outcome: RunOutcome, error: String? = nil) -> SourceReport {
        SourceReport(source: "a", runID: 1, outcome: outcome, baseline: false, fetches: 3,
                     failures: outcome == .ok ? 0 : 3, bytes: 0, meetingsSeen: 0, versionsWritten: 0,
                     noticesWritten: 0, error: error)
    }

    /// A scheduler whose random draw is always `fraction` of the way through the range.
    static func scheduler(drawing fraction: Double, settings: SourceScheduler.Settings = .init()) -> SourceScheduler {
        SourceScheduler(settings: settings) { range in range.lowerBound + (range.upperBound - range.lowerBound) * fraction }
    }

    @Test(arguments: [0.0, 0.5, 1.0])
    func nextDueIsOneIntervalAfterTheStartWithinTheJitter(fraction: Double) {
        let scheduler = Self.scheduler(drawing: fraction)
        let startedAt = Self.now
        let transition = scheduler.cycleFinished(source: Self.source("a"), report: Self.report(.ok), startedAt: startedAt,
                                                 now: startedAt.addingTimeInterval(20), previous: nil)
        let offset = transition.state.nextDueAt.timeIntervalSince(startedAt)
        // ± 10% of 600 s, rounded up to a whole second.
        #expect(offset >= 540 && offset <= 661, "\(offset)")
        #expect(offset == (600 * (1 + (-0.1 + 0.2 * fraction))).rounded(.up))
        #expect(transition.state.nextDueAt.timeIntervalSince1970 == transition.state.nextDueAt.timeIntervalSince1970.rounded())
    }

    @Test func aCycleStoppedByABusyDatabaseNeitherFailsNorHealsTheSource() {
        let scheduler = Self.scheduler(drawing: 0.5)
        let failing = SourceScheduleState(sourceID: "a", nextDueAt: Self.now, consecutiveFailures: 2, healthy: false)
        let busy = scheduler.cycleFinished(source: Self.source("a"), report: Self.report(.busy, error: "another sync/run…"),
                                           startedAt: Self.now, now: Self.now.addingTimeInterval(5), previous: failing)
        #expect(busy.change == nil)
        #expect(busy.state.consecutiveFailures == 2)
        #expect(!busy.state.healthy)
        #expect(busy.state.nextDueAt == Self.now.addingTimeInterval(600), "one interval later, no backoff")

        let healthy = SourceScheduleState(sourceID: "a", nextDueAt: Self.now)
        let again = scheduler.cycleFinished(source: Self.source("a"), report: Self.report(.busy), startedAt: Self.now,
                                            now: Self.now.addingTimeInterval(5), previous: healthy)
        #expect(again.change == nil, "a busy database does not make a healthy source unhealthy")
        #expect(again.state.healthy && again.state.consecutiveFailures == 0)
    }

    @Test func overdueAndNewSourcesAreSpreadOneSlotEachOverTheStartupWindow() {
        let scheduler = Self.scheduler(drawing: 0.5)
        let sources = (1...4).map { Self.source("s\($0)") }
        let stored = [
            "s1": SourceScheduleState(sourceID: "s1", nextDueAt: Self.now.addingTimeInterval(-3600)),
            "s2": SourceScheduleState(sourceID: "s2", nextDueAt: Self.now.addingTimeInterval(-5)),
        ]   // s3, s4: new
        let states = scheduler.startUp(sources: sources, stored: stored, now: Self.now)
        let offsets = sources.map { states[$0.id]!.nextDueAt.timeIntervalSince(Self.now) }
        // 60 s spread, four slots of 15 s, the middle of each (rounded up to a second).
        #expect(offsets == [8, 23, 38, 53])
        // Whatever the draw, every one within the spread and in its own slot.
        for fraction in [0.0, 0.999] {
            let spread = Self.scheduler(drawing: fraction).startUp(sources: sources, stored: stored, now: Self.now)
            let times = sources.map { spread[$0.id]!.nextDueAt.timeIntervalSince(Self.now) }
            #expect(times.allSatisfy { $0 >= 0 && $0 <= 60 })
            #expect(Set(times).count == 4, "\(times)")
        }
    }

    @Test func theSpreadIsNeverLongerThanTheInterval() {
        let states = Self.scheduler(drawing: 1).startUp(sources: [Self.source("fast", interval: 10)], stored: [:], now: Self.now)
        #expect(states["fast"]!.nextDueAt.timeIntervalSince(Self.now) <= 10)
    }

    @Test func aSourceNotDueYetKeepsItsTimeUnlessItsIntervalShrank() {
        let scheduler = Self.scheduler(drawing: 0.5)
        let later = Self.now.addingTimeInterval(400)
        let stored = [
            "kept": SourceScheduleState(sourceID: "kept", nextDueAt: later),
            "shrunk": SourceScheduleState(sourceID: "shrunk", nextDueAt: later),
            "backing-off": SourceScheduleState(sourceID: "backing-off", nextDueAt: Self.now.addingTimeInterval(7200),
                                               consecutiveFailures: 4, healthy: false),
        ]
        let states = scheduler.startUp(sources: [Self.source("kept"), Self.source("shrunk", interval: 60),
                                                 Self.source("backing-off", interval: 60)],
                                       stored: stored, now: Self.now)
        #expect(states["kept"]!.nextDueAt == later)
        #expect(states["shrunk"]!.nextDueAt == Self.now.addingTimeInterval(66))   // 60 s + 10%
        #expect(states["backing-off"]!.nextDueAt == Self.now.addingTimeInterval(7200), "a backoff survives a restart")
    }

    @Test func failedCyclesBackOffExponentiallyUpToTheCapAndACleanOneResets() {
        var settings = SourceScheduler.Settings()
        settings.jitter = 0
        settings.backoff = Backoff(base: 60, cap: 3600)
        let scheduler = Self.scheduler(drawing: 1, settings: settings)   // the ceiling of every draw
        let source = Self.source("a", interval: 60)
        var state: SourceScheduleState?
        var delays: [TimeInterval] = []
        var now = Self.now
        for _ in 1...8 {
            let transition = scheduler.cycleFinished(source: source, report: Self.report(.failed, error: "HTTP 503"),
                                                     startedAt: now, now: now, previous: state)
            state = transition.state
            delays.append(transition.state.nextDueAt.timeIntervalSince(now))
            now = transition.state.nextDueAt
        }
        #expect(delays == [120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect(state?.consecutiveFailures == 8)
        let clean = scheduler.cycleFinished(source: source, report: Self.report(.ok), startedAt: now, now: now, previous: state)
        #expect(clean.state.nextDueAt.timeIntervalSince(now) == 60)
        #expect(clean.state.consecutiveFailures == 0)
        #expect(clean.state.lastSuccessAt == now)
    }

    @Test func theBackoffIsFullJitter() {
        var settings = SourceScheduler.Settings()
        settings.backoff = Backoff(base: 60, cap: 3600)
        #expect(Self.scheduler(drawing: 0, settings: settings).backoff(failures: 3) == 0)
        #expect(Self.scheduler(drawing: 0.5, settings: settings).backoff(failures: 3) == 240)
        #expect(Self.scheduler(drawing: 1, settings: settings).backoff(failures: 3) == 480)
    }

    @Test func healthChangesAreReportedOnceEach() {
        let scheduler = Self.scheduler(drawing: 0.5)
        let source = Self.source("a")
        var state: SourceScheduleState?
        var changes: [SourceScheduler.HealthChange?] = []
        let outcomes: [RunOutcome] = [.ok, .failed, .failed, .failed, .partial, .ok, .failed, .ok]
        for outcome in outcomes {
            let transition = scheduler.cycleFinished(source: source, report: Self.report(outcome, error: "no list"),
                                                     startedAt: Self.now, now: Self.now, previous: state)
            state = transition.state
            changes.append(transition.change)
        }
        #expect(changes == [nil, .becameUnhealthy(error: "no list"), nil, nil, .recovered(afterFailures: 3), nil,
                            .becameUnhealthy(error: "no list"), .recovered(afterFailures: 1)])
    }

    @Test func notBeforeWins() {
        let scheduler = Self.scheduler(drawing: 0.5)
        let retryAfter = Self.now.addingTimeInterval(7200)
        let transition = scheduler.cycleFinished(source: Self.source("a"), report: Self.report(.ok), startedAt: Self.now,
                                                 now: Self.now, notBefore: retryAfter, previous: nil)
        #expect(transition.state.nextDueAt == retryAfter)
    }

    @Test func theScheduleSurvivesANewSchedulerAndStore() throws {
        let folder = try makeTemporaryFolder("scheduler")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/agenda.sqlite"
        let sources = [Self.source("a"), Self.source("b")]

        let scheduler = Self.scheduler(drawing: 0.25)
        var states = try scheduler.load(sources: sources, store: try AgendaStore(path: path), now: Self.now)
        let transition = scheduler.cycleFinished(source: sources[0], report: Self.report(.failed, error: "down"),
                                                 startedAt: states["a"]!.nextDueAt, now: states["a"]!.nextDueAt,
                                                 previous: states["a"])
        try scheduler.persist(transition.state, in: try AgendaStore(path: path))
        states["a"] = transition.state

        // A restart a minute later: another scheduler, another connection, the same schedule.
        let restarted = try Self.scheduler(drawing: 0.9)
            .load(sources: sources, store: try AgendaStore(path: path), now: Self.now.addingTimeInterval(1))
        #expect(restarted == states)
        #expect(restarted["a"]?.healthy == false)
        #expect(restarted["a"]?.consecutiveFailures == 1)
    }
}

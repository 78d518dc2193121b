import AgendaCore
import AgendaConfig
import AgendaStore
import AgendaSync
import Foundation

/// When each source is next polled, persisted in the database so a restart neither fires every
/// source at once nor forgets what was due.
///
/// - A cycle's successor is due one interval after the cycle started, ± `jitter` of the interval,
///   so sources configured alike drift apart instead of polling in lock-step.
/// - On start-up (and on a config reload), sources that are overdue (or new) are spread over
///   `startupSpread` (at most one interval): the n overdue sources get one random moment in each
///   of n equal slots, so they neither fire together nor wait longer than the spread. A source
///   that is not due yet keeps its persisted time — unless its interval was shortened, in which
///   case it is due no later than one (jittered) interval from now.
/// - A cycle stopped by a busy database (`outcome == .busy`, another process held it) changes
///   nothing but the due time: the next one follows one interval later, the health stays.
/// - A cycle that failed (`outcome == .failed`) pushes the next one back by an exponential
///   backoff with full jitter, `random(0, min(cap, base · 2^failures))`, reset by a cycle that
///   worked — and never earlier than `notBefore` (a council's `Retry-After` or host backoff).
/// - Due times are whole seconds (rounded up), the precision the store keeps, so the schedule read
///   back after a restart is exactly the one that was running.
///
/// The scheduler computes; `persist` / `load` read and write the store. It keeps no state of its
/// own, so one instance can serve any number of restarts and reloads.
public struct SourceScheduler: Sendable {
    public struct Settings: Sendable, Equatable {
        /// ± this fraction of the interval.
        public var jitter: Double = 0.1
        /// Overdue sources are spread over this long (never more than their interval).
        public var startupSpread: TimeInterval = 60
        public var backoff = Backoff(base: 60, cap: 6 * 3600)

        public init() {}

        /// The backoff of `[daemon]` (`backoff_base`, `backoff_cap`), the fixed policy for the rest.
        public init(daemon: DaemonConfiguration) {
            backoff = Backoff(base: daemon.backoffBase.timeInterval, cap: daemon.backoffCap.timeInterval)
        }
    }

    /// A change in a source's health, reported once when it happens (not on every attempt).
    public enum HealthChange: Sendable, Equatable {
        case becameUnhealthy(error: String)
        case recovered(afterFailures: Int)
    }

    /// What a finished cycle leads to.
    public struct Transition: Sendable, Equatable {
        public var state: SourceScheduleState
        public var change: HealthChange?
    }

    public let settings: Settings
    let random: @Sendable (ClosedRange<Double>) -> Double

    public init(settings: Settings = Settings(),
                random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) {
        self.settings = settings
        self.random = random
    }

    // MARK: Start-up and reload

    /// The schedule of `sources` from the persisted `stored` states: overdue and new sources are
    /// spread over the start-up window; the others keep their due time (capped by their interval
    /// while healthy). Sources not in `sources` are left out.
    public func startUp(sources: [SourceConfiguration], stored: [String: SourceScheduleState], now: Date)
        -> [String: SourceScheduleState]
    {
        var states: [String: SourceScheduleState] = [:]
        var overdue: [SourceConfiguration] = []
        for source in sources {
            guard var state = stored[source.id], state.nextDueAt > now else {
                overdue.append(source)
                continue
            }
            if state.healthy {
                let latest = Self.wholeSecond(now.addingClamped(interval(source) * (1 + settings.jitter)))
                state.nextDueAt = min(state.nextDueAt, latest)
            }
            states[source.id] = state
        }
        // One random moment in each of n equal slots: stratified, so no two land together by chance.
        for (slot, source) in overdue.enumerated() {
            let spread = max(0, min(settings.startupSpread, interval(source)))
            let width = spread / Double(overdue.count)
            let offset = width * (Double(slot) + random(0...1))
            var state = stored[source.id] ?? SourceScheduleState(sourceID: source.id, nextDueAt: now)
            state.nextDueAt = Self.wholeSecond(now.addingClamped(offset))
            states[source.id] = state
        }
        return states
    }

    /// Reads the persisted schedule, applies `startUp(sources:stored:now:)` and saves the result.
    public func load(sources: [SourceConfiguration], store: AgendaStore, now: Date) throws(StoreError)
        -> [String: SourceScheduleState]
    {
        let states = startUp(sources: sources, stored: try store.scheduleStates(), now: now)
        for source in sources {
            if let state = states[source.id] { try store.saveSchedule(state) }
        }
        return states
    }

    public func persist(_ state: SourceScheduleState, in store: AgendaStore) throws(StoreError) {
        try store.saveSchedule(state)
    }

    // MARK: After a cycle

    /// How a cycle that started at `startedAt` and ended at `now` with `report` moves the source's
    /// schedule and health. A `partial` cycle (some pages failed, their last good versions kept)
    /// still counts as a working source.
    public func cycleFinished(source: SourceConfiguration, report: SourceReport, startedAt: Date, now: Date,
                              notBefore: Date? = nil, previous: SourceScheduleState?) -> Transition
    {
        let interval = interval(source)
        var next = startedAt.addingClamped(interval * (1 + random(-settings.jitter...settings.jitter)))
        var state = previous ?? SourceScheduleState(sourceID: source.id, nextDueAt: next)
        var change: HealthChange?
        if report.outcome == .busy {
            // Another process held the database: nothing is known about the source; it keeps its health.
        } else if report.outcome != .failed {
            if !state.healthy { change = .recovered(afterFailures: state.consecutiveFailures) }
            state.consecutiveFailures = 0
            state.healthy = true
            state.lastSuccessAt = now
        } else {
            state.consecutiveFailures += 1
            if state.healthy {
                change = .becameUnhealthy(error: report.error ?? "\(report.failures) failed fetch(es)")
            }
            state.healthy = false
            next = max(next, now.addingClamped(backoff(failures: state.consecutiveFailures)))
        }
        if let notBefore { next = max(next, notBefore) }
        state.nextDueAt = Self.wholeSecond(max(next, now))
        return Transition(state: state, change: change)
    }

    /// Full-jitter exponential backoff after `failures` failed cycles in a row: uniform in
    /// `0...min(cap, base · 2^failures)`, as `[daemon]` documents `backoff_base` / `backoff_cap`.
    public func backoff(failures: Int) -> TimeInterval {
        settings.backoff.delay(failures: failures, random: random)
    }

    private func interval(_ source: SourceConfiguration) -> TimeInterval {
        source.interval.timeInterval
    }

    /// `date` rounded up to a whole second (the store's precision).
    static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up)).clampedToSupportedRange
    }
}

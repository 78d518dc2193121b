import AgendaStore
import Synchronization

/// When the daemon runs a retention pass: after a source's cycle, one at a time, and — once passes
/// find nothing left over — at most once per ``spacing(for:)``. A pass that stopped at its batch
/// bound (`complete` false) or failed is followed by another after the next cycle, so a backlog is
/// still worked off over the next few cycles.
///
/// Why not after every cycle: a pass reads what lies past the cutoff (the summaries kept whole and
/// the collapsed ones, growing with the log's history), and a daemon watching 300 councils every
/// 30 minutes ends a cycle every 6 seconds. Spacing passes keeps that to a few hundred a day
/// whatever the number of councils, while rows still go within a tenth of their retention period.
final class RetentionSchedule: Sendable {
    private struct State {
        var running = false
        /// nil: the next cycle's end runs a pass.
        var notBefore: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Caught-up passes run at most this often: a tenth of the shortest retention, at most 10 minutes.
    static func spacing(for policy: RetentionPolicy) -> Duration {
        let shortest = [policy.log, policy.outbox, policy.pages].compactMap { $0 }.min() ?? .infinity
        return .seconds(max(0, min(600, shortest / 10)))
    }

    /// True when a pass should run now; the caller then runs it and reports it with ``finished(_:at:spacing:)``.
    func claim(at now: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            guard !state.running, state.notBefore.map({ now >= $0 }) ?? true else { return false }
            state.running = true
            return true
        }
    }

    func finished(_ result: Result<RetentionPass, StoreError>, at now: ContinuousClock.Instant, spacing: Duration) {
        state.withLock { state in
            state.running = false
            if case .success(let pass) = result, pass.complete {
                state.notBefore = now.advanced(by: spacing)
            } else {
                state.notBefore = nil
            }
        }
    }
}

import AgendaConfig
import AgendaStore
import AgendaSync
import Foundation

/// How one source's cycle ended.
struct CycleResult: Sendable {
    var sourceID: String
    var report: SourceReport
    var startedAt: Date
    var finishedAt: Date
    var duration: Duration
    /// Cancelled by a shutdown: its transfers were abandoned, so it says nothing about the
    /// source's health and does not move its schedule (it stays due, and runs after a restart).
    var abandoned: Bool
    /// The retention pass after the cycle (nil when the cycle was abandoned, or `RetentionSchedule`
    /// had no pass due).
    var retention: Result<RetentionPass, StoreError>?
}

/// Runs one cycle of one source through the engine (fetch, detect, store; no delivery).
enum CycleRunner {
    static func run(_ source: SourceConfiguration, context: SyncContext, retention: RetentionSchedule) async -> CycleResult {
        let startedAt = context.now()
        let start = ContinuousClock.now
        let engine = SyncEngine(context: context)
        let report = await engine.syncSource(source)
        let abandoned = Task.isCancelled
        let finishedAt = context.now(), duration = ContinuousClock.now - start
        var pass: Result<RetentionPass, StoreError>?
        if !abandoned, retention.claim(at: .now) {
            let policy = RetentionPolicy(configuration: context.configuration)
            let result = engine.applyRetention(policy)
            retention.finished(result, at: .now, spacing: RetentionSchedule.spacing(for: policy))
            pass = result
        }
        return CycleResult(sourceID: source.id, report: report, startedAt: startedAt, finishedAt: finishedAt,
                           duration: duration, abandoned: abandoned, retention: pass)
    }
}

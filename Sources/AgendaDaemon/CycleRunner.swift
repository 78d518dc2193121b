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
    /// The retention pass after the cycle (nil when the cycle was abandoned).
    var retention: Result<RetentionPass, StoreError>?
}

/// Runs one cycle of one source through the engine (fetch, detect, store; no delivery).
enum CycleRunner {
    static func run(_ source: SourceConfiguration, context: SyncContext) async -> CycleResult {
        let startedAt = context.now()
        let start = ContinuousClock.now
        let engine = SyncEngine(context: context)
        let report = await engine.syncSource(source)
        let abandoned = Task.isCancelled
        return CycleResult(sourceID: source.id, report: report, startedAt: startedAt, finishedAt: context.now(),
                           duration: ContinuousClock.now - start, abandoned: abandoned,
                           retention: abandoned ? nil : engine.applyRetention())
    }
}

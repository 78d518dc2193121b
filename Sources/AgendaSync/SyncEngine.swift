import AgendaConfig
import AgendaStore
import Foundation

/// One full cycle: every selected source (concurrently, at most `max_concurrent_cycles` at once;
/// each source's requests go one at a time to its council), then delivery of what is due.
public struct SyncEngine: Sendable {
    public let context: SyncContext

    public init(context: SyncContext) {
        self.context = context
    }

    public func syncOnce(sourceIDs: [String]? = nil) async -> SyncReport {
        let sources = context.configuration.sources.filter { sourceIDs?.contains($0.id) ?? true }
        let limit = max(1, context.configuration.daemon.maxConcurrentCycles)
        let reports = await withTaskGroup(of: (Int, SourceReport).self) { group in
            var waiting = sources.enumerated().makeIterator()
            func startNext() {
                guard let (index, source) = waiting.next() else { return }
                let context = self.context
                group.addTask {
                    var cycle = SourceCycle(source: source, context: context)
                    return (index, await cycle.run())
                }
            }
            for _ in 0..<limit { startNext() }
            var collected: [(Int, SourceReport)] = []
            for await report in group {
                collected.append(report)
                startNext()
            }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let report = SyncReport(sources: reports, delivery: await deliver())
        // Retention is housekeeping: a busy or failing pass leaves its rows for the next one and
        // fails nothing (the next `sync` or the daemon tries again).
        _ = applyRetention()
        return report
    }

    /// One cycle of one source, without delivery: the daemon runs each source on its own schedule
    /// and delivers from one place, so two sources finishing together never deliver the same notice.
    public func syncSource(_ source: SourceConfiguration) async -> SourceReport {
        var cycle = SourceCycle(source: source, context: context)
        return await cycle.run()
    }

    /// Delivers due notices without fetching anything.
    public func deliver(scope: OutboxDispatcher.Scope = .all) async -> DeliveryReport {
        await OutboxDispatcher(context: context).deliverDue(scope: scope)
    }
}

import AgendaConfig
import AgendaDelivery
import AgendaStore
import Foundation

/// Delivers due outbox notices, per subscription, in version order.
///
/// At least once: a notice is marked delivered only after its line is durable, so a crash in
/// between means the same notice (same id) is delivered again — never lost.
struct NoticeDispatcher {
    let context: SyncContext

    func deliverDue() -> DeliveryReport {
        var report = DeliveryReport()
        let now = context.now()
        for subscription in context.configuration.subscriptions {
            let due: [PendingNotice]
            do { due = try context.store.dueNotices(subscriptionID: subscription.id, at: now) } catch {
                report.errors.append("\(subscription.id): \(error)")
                report.failed += 1
                continue
            }
            guard !due.isEmpty else { continue }
            switch subscription.channel {
            case .file(let settings):
                do {
                    try JSONLinesFile(path: settings.path).append(due.map(\.payload))
                    try context.store.markDelivered(noticeIDs: due.map(\.id), at: context.now())
                    report.delivered += due.count
                } catch {
                    report.failed += due.count
                    report.errors.append("\(subscription.id): \(error)")
                    for notice in due {
                        try? context.store.markFailed(noticeID: notice.id, error: "\(error)",
                                                      nextAttempt: now.addingTimeInterval(60))
                    }
                }
            case .webhook, .email:
                report.waiting += due.count
            }
        }
        return report
    }
}

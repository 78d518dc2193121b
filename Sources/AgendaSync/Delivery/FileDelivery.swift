import AgendaConfig
import AgendaDelivery
import AgendaStore
import Foundation

/// `channel = "file"`: the due notices appended as whole JSON lines in one durable write.
struct FileDelivery {
    /// A failed append (disk full, permissions) is retried after this; a file never gives up.
    static let retryDelay: TimeInterval = 60

    let subscriptionID: String
    let settings: FileChannelSettings
    let store: AgendaStore
    let now: @Sendable () -> Date

    func deliver() -> DeliveryReport {
        var report = DeliveryReport()
        guard let due = dueNotices(of: subscriptionID, store: store, at: now(), into: &report) else { return report }
        do {
            let database = store.path
            try JSONLinesFile(path: settings.path, protectedFiles: [database, database + "-wal", database + "-shm"])
                .append(due.map(\.payload))
            try store.markDelivered(noticeIDs: due.map(\.id), at: now())
            report.delivered += due.count
        } catch {
            report.failed += due.count
            report.errors.append("\(subscriptionID): \(error)")
            let retryAt = now().addingTimeInterval(Self.retryDelay)
            for notice in due {
                try? store.markFailed(noticeID: notice.id, error: "\(error)", nextAttempt: retryAt)
            }
        }
        noteNextAttempt(of: subscriptionID, store: store, into: &report)
        return report
    }
}

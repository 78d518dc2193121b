import AgendaDelivery
import AgendaStore
import Foundation

/// What the calendar and atom channels share: their subscription's file is a document rewritten
/// whole (`AtomicFile`), and delivering a notice means rewriting it so that it covers the notice.
///
/// A round writes when there is something to write — a notice waiting, a calendar whose meetings
/// changed (`needsWrite`), or no file yet — and then only if the new bytes differ from the file's,
/// so an unchanged round leaves the file (its inode and mtime) alone and a replay is idempotent.
/// The notices waiting are read before the document is built, so every one of them is in it; after
/// a durable write they are all marked delivered, together with the fingerprint, in one
/// transaction. A crash between the two means the same write again, with the same bytes. A failed
/// write marks them failed, to be tried again after `FileDelivery.retryDelay` (a file never gives up).
struct FeedFileDelivery {
    let subscriptionID: String
    let path: String
    let store: AgendaStore
    let now: @Sendable () -> Date

    /// What a round would write, worked out after the waiting notices were read (so every one of
    /// them is in it).
    struct Content {
        /// The document's sources changed since the last write (a calendar's meetings).
        var needsWrite = false
        /// What to remember of those sources once written (nil: nothing to remember).
        var fingerprint: String?
        /// Builds the document.
        var render: () throws -> [UInt8]
    }

    func deliver(_ content: () throws -> Content) -> DeliveryReport {
        var report = DeliveryReport()
        let waiting: [PendingNotice]
        let planned: Content
        do {
            // A write that failed waits for its retry time; so does everything behind it.
            if let next = try store.nextNoticeAttempt(subscriptionID: subscriptionID), next > now() {
                report.deferred = try store.undeliveredCount(subscriptionID: subscriptionID)
                report.due(at: next)
                return report
            }
            waiting = try store.undeliveredNotices(subscriptionID: subscriptionID)
            planned = try content()
        } catch {
            report.errors.append("\(subscriptionID): \(error)")
            return report
        }
        guard planned.needsWrite || !waiting.isEmpty || !FileManager.default.fileExists(atPath: path) else { return report }
        do {
            let file = AtomicFile(path: path)
            let bytes = try planned.render()
            if try file.contents() != bytes {
                try file.replace(with: bytes)
            }
        } catch {
            fail(waiting, error, into: &report)
            return report
        }
        do {
            try store.recordFeedWritten(subscriptionID: subscriptionID, fingerprint: planned.fingerprint,
                                        noticeIDs: waiting.map(\.id), at: now())
            report.delivered += waiting.count
        } catch {
            report.errors.append("\(subscriptionID): \(error)")
        }
        return report
    }

    /// Marks the waiting notices failed, to be tried again after the retry delay (a missing directory
    /// with no notice waiting is reported, and tried again next round).
    private func fail(_ waiting: [PendingNotice], _ error: any Error, into report: inout DeliveryReport) {
        report.errors.append("\(subscriptionID): \(error)")
        let retryAt = now().addingTimeInterval(FileDelivery.retryDelay)
        for notice in waiting {
            try? store.markFailed(noticeID: notice.id, error: "\(error)", nextAttempt: retryAt)
        }
        report.failed += waiting.count
        report.due(at: retryAt)
    }
}

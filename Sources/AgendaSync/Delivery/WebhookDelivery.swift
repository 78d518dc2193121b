import AgendaConfig
import AgendaDelivery
import AgendaFetch
import AgendaStore
import Foundation

/// `channel = "webhook"`: each due notice POSTed in order, signed per Standard Webhooks, until one
/// fails — the rest wait behind it, so a receiver never sees version 3 before version 2.
public struct WebhookDelivery {
    /// Standard Webhooks recommends 15–30 s per attempt.
    static let timeout: Duration = .seconds(15)
    /// A subscription sends for at most this long in one round; the rest go in the next round
    /// (which starts at once). So a slow but working endpoint with a long queue cannot keep a
    /// round — and the other subscriptions' next round — waiting.
    public static let defaultRoundBudget: Duration = .seconds(30)

    let subscriptionID: String
    let settings: WebhookChannelSettings
    let store: AgendaStore
    let client: HTTPClient
    let now: @Sendable () -> Date
    var roundBudget = WebhookDelivery.defaultRoundBudget

    func deliver() async -> DeliveryReport {
        var report = DeliveryReport()
        guard let due = dueNotices(of: subscriptionID, store: store, at: now(), into: &report) else { return report }
        // Read at every round, so a rotated secret file takes effect without a reload.
        let secrets: WebhookSecrets
        do {
            secrets = try WebhookSecrets(contentsOfFile: settings.secretFile)
        } catch {
            report.errors.append("\(subscriptionID): \(error)")
            report.deferred += due.count
            report.due(at: now().addingTimeInterval(FileDelivery.retryDelay))
            return report
        }
        let endpoint = WebhookEndpoint(url: settings.url, secrets: secrets, allowPrivate: settings.allowPrivate,
                                       timeout: Self.timeout)
        let sender = WebhookSender(client: client)
        let started = ContinuousClock.now
        for (index, notice) in due.enumerated() {
            if Task.isCancelled { break }
            if ContinuousClock.now - started > roundBudget {
                report.deferred += due.count - index
                report.due(at: now())
                break
            }
            let result = await sender.deliver(id: notice.id, body: notice.payload, to: endpoint, at: now())
            // A stopping daemon cancels the round: the attempt is not counted, the notice stays due.
            if Task.isCancelled { break }
            if !record(result, for: notice, into: &report) {
                report.deferred += due.count - index - 1
                break
            }
        }
        noteNextAttempt(of: subscriptionID, store: store, into: &report)
        return report
    }

    /// Stores the outcome of one attempt; false when the round must stop for this subscription.
    private func record(_ result: WebhookAttemptResult, for notice: PendingNotice, into report: inout DeliveryReport) -> Bool {
        let at = now()
        let attempt = notice.attempts + 1
        let detail = result.lastError ?? result.description
        do {
            switch result {
            case .delivered:
                try store.markDelivered(noticeIDs: [notice.id], at: at)
                report.delivered += 1
                return true
            case .gone:
                // The notice keeps its place; it and the rest wait until `outbox enable`.
                try store.disableSubscription(subscriptionID, reason: detail, at: at)
                try store.markFailed(noticeID: notice.id, error: detail, nextAttempt: at)
                report.failed += 1
                report.errors.append("\(subscriptionID): \(detail); disabled until `agenda-sync outbox enable \(subscriptionID)`")
                return false
            case .throttled, .failed, .refused:
                let delay = WebhookRetrySchedule.standard.delay(after: result, attempt: attempt)
                let next = delay.map { at.addingTimeInterval($0) }
                try store.markFailed(noticeID: notice.id, error: detail, nextAttempt: next)
                report.failed += 1
                if case .throttled = result, let next {
                    // The endpoint asked for a pause: nothing goes to it before then.
                    try store.throttleSubscription(subscriptionID, until: next)
                }
                if let next {
                    report.due(at: next)
                } else {
                    report.dead += 1
                }
                report.errors.append("\(subscriptionID): \(notice.id) attempt \(attempt): \(detail)"
                                     + (next == nil ? " (dead: retries exhausted)" : ""))
                return false
            }
        } catch {
            report.errors.append("\(subscriptionID): recording the attempt of \(notice.id): \(error)")
            return false
        }
    }
}

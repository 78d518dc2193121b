import AgendaConfig
import AgendaDelivery
import AgendaFetch
import AgendaStore
import Foundation

/// Delivers the outbox: every subscription at once (a slow or dead endpoint holds up only its own
/// subscription), each one's notices strictly in version order.
///
/// At least once: a notice is marked delivered only after its channel has it (a durable line, a
/// spooled message, a 2xx, a calendar or feed file durably rewritten), so a crash in between means the same notice, with the same id, is
/// delivered again — never lost.
public struct OutboxDispatcher: Sendable {
    /// Which channels a round covers.
    public enum Scope: Sendable {
        case all
        /// Files, email spools, calendars and feeds only: quick and local, for the last round of a stopping daemon.
        case localOnly
    }

    let context: SyncContext
    let webhookRoundBudget: Duration

    /// Webhooks are posted with `context.webhookClient` (the daemon keeps one for its life); without
    /// one, a round that has a webhook subscription makes a client for itself.
    /// `webhookRoundBudget`: how long one webhook subscription may send in a round (30 s).
    public init(context: SyncContext, webhookRoundBudget: Duration = WebhookDelivery.defaultRoundBudget) {
        self.context = context
        self.webhookRoundBudget = webhookRoundBudget
    }

    /// A client for webhook POSTs: its own connections, never following redirects, the Standard
    /// Webhooks timeout, no proxy unless configured.
    public static func makeWebhookClient(configuration: AgendaConfiguration) -> HTTPClient {
        var fetch = WebhookSender.clientConfiguration(userAgent: configuration.daemon.userAgent)
        fetch.proxy = configuration.daemon.proxy
        return HTTPClient(configuration: fetch)
    }

    public func deliverDue(scope: Scope = .all) async -> DeliveryReport {
        let subscriptions = context.configuration.subscriptions.filter { scope == .all || !$0.channel.isWebhook }
        let hasWebhooks = subscriptions.contains { $0.channel.isWebhook }
        let roundClient = hasWebhooks && context.webhookClient == nil
            ? Self.makeWebhookClient(configuration: context.configuration) : nil
        defer { roundClient?.shutdown() }
        let webhookClient = context.webhookClient ?? roundClient
        return await withTaskGroup(of: DeliveryReport.self) { group in
            for subscription in subscriptions {
                group.addTask {
                    let report = await deliver(subscription, webhookClient: webhookClient)
                    PipelineMetrics.recordDelivery(report, subscription: subscription)
                    return report
                }
            }
            var report = DeliveryReport()
            for await part in group { report.merge(part) }
            return report
        }
    }

    /// `webhookClient` is nil only when the round has no webhook subscription.
    private func deliver(_ subscription: SubscriptionConfiguration, webhookClient: HTTPClient?) async -> DeliveryReport {
        let now = context.now()
        let state: SubscriptionState
        do { state = try context.store.subscriptionState(subscription.id) } catch {
            var report = DeliveryReport()
            report.errors.append("\(subscription.id): \(error)")
            return report
        }
        if state.disabledAt != nil {
            var report = DeliveryReport()
            report.deferred = (try? context.store.undeliveredCount(subscriptionID: subscription.id)) ?? 0
            return report
        }
        if let until = state.throttledUntil, until > now {
            var report = DeliveryReport()
            report.deferred = (try? context.store.undeliveredCount(subscriptionID: subscription.id)) ?? 0
            report.due(at: until)
            return report
        }
        switch subscription.channel {
        case .file(let settings):
            return FileDelivery(subscriptionID: subscription.id, settings: settings, store: context.store,
                                now: context.now).deliver()
        case .webhook(let settings):
            guard let webhookClient else { preconditionFailure("a round with a webhook subscription has a client") }
            return await WebhookDelivery(subscriptionID: subscription.id, settings: settings, store: context.store,
                                         client: webhookClient, now: context.now,
                                         roundBudget: webhookRoundBudget).deliver()
        case .email(let settings):
            return EmailDelivery(subscriptionID: subscription.id, settings: settings,
                                 from: context.configuration.daemon.mailFrom ?? "", store: context.store,
                                 events: MeetingEvents(configuration: context.configuration),
                                 now: context.now).deliver(state: state)
        case .calendar(let settings):
            return CalendarDelivery(subscription: subscription, settings: settings, configuration: context.configuration,
                                    store: context.store, now: context.now).deliver(state: state)
        case .atom(let settings):
            return AtomDelivery(subscriptionID: subscription.id, settings: settings, store: context.store,
                                now: context.now).deliver()
        }
    }
}


/// The subscription's due notices, in order; nil (with `report` told why, or when the next is due)
/// when there is nothing to send now.
func dueNotices(of subscriptionID: String, store: AgendaStore, at now: Date, into report: inout DeliveryReport) -> [PendingNotice]? {
    let due: [PendingNotice]
    do { due = try store.dueNotices(subscriptionID: subscriptionID, at: now) } catch {
        report.errors.append("\(subscriptionID): \(error)")
        return nil
    }
    guard !due.isEmpty else {
        noteNextAttempt(of: subscriptionID, store: store, into: &report)
        return nil
    }
    return due
}

/// The earliest time the subscription's first waiting notice is due again, into `report`.
func noteNextAttempt(of subscriptionID: String, store: AgendaStore, into report: inout DeliveryReport) {
    if let next = try? store.nextNoticeAttempt(subscriptionID: subscriptionID) { report.due(at: next) }
}

import AgendaConfig
import AgendaDelivery
import AgendaDiff
import AgendaModel
import AgendaStore
import Foundation

/// `channel = "email"`: RFC 5322 messages written into the subscription's Maildir spool — one per
/// notice, or one digest per period. A spooled message is marked delivered; relaying it over SMTP
/// is the relay's job (`agenda-sync mail relay`, or the daemon with `smtp_url`).
struct EmailDelivery {
    let subscriptionID: String
    let settings: EmailChannelSettings
    /// `[daemon] mail_from` (the loader requires it when an email subscription exists).
    let from: String
    let store: AgendaStore
    /// The event each notice's email attaches (the meeting at the notice's version).
    let events: MeetingEvents
    let now: @Sendable () -> Date

    func deliver(state: SubscriptionState) -> DeliveryReport {
        var report = DeliveryReport()
        let spool: MaildirSpool
        let mail: MailSettings
        do {
            spool = try MaildirSpool(path: settings.spool)
            mail = try MailSettings(subscriptionID: subscriptionID, from: from, to: settings.to,
                                    unsubscribeURL: settings.unsubscribeURL)
            // Leftovers of a write cut short by a crash (their notices were never marked delivered).
            try spool.removeStaleTemporaryFiles()
        } catch {
            report.errors.append("\(subscriptionID): \(error)")
            report.deferred = (try? store.undeliveredCount(subscriptionID: subscriptionID)) ?? 0
            report.due(at: now().addingTimeInterval(FileDelivery.retryDelay))
            return report
        }
        if let digest = settings.digest {
            return deliverDigest(DigestSchedule(period: digest, at: settings.digestAt), state: state, spool: spool, mail: mail)
        }
        return deliverEach(spool: spool, mail: mail)
    }

    /// One message per notice, in order; each marked delivered as soon as it is in the spool.
    private func deliverEach(spool: MaildirSpool, mail: MailSettings) -> DeliveryReport {
        var report = DeliveryReport()
        guard let due = dueNotices(of: subscriptionID, store: store, at: now(), into: &report) else { return report }
        for (index, pending) in due.enumerated() {
            do {
                let notice = try NoticeJSON.decode(pending.payload)
                let event = try store.storedVersion(notice.meeting.id, number: notice.meeting.version).flatMap(events.event)
                _ = try spool.deliver(NoticeMail.message(for: notice, settings: mail, date: now(), event: event))
                try store.markDelivered(noticeIDs: [pending.id], at: now())
                report.delivered += 1
            } catch {
                fail([pending], error, into: &report)
                report.deferred += due.count - index - 1
                break
            }
        }
        noteNextAttempt(of: subscriptionID, store: store, into: &report)
        return report
    }

    /// Every undelivered notice in one message, once a digest slot has passed since the last one.
    private func deliverDigest(_ schedule: DigestSchedule, state: SubscriptionState, spool: MaildirSpool,
                               mail: MailSettings) -> DeliveryReport {
        var report = DeliveryReport()
        let now = now()
        guard let last = state.lastDigestAt else {
            // The first round of a new digest subscription starts its clock.
            recordDigest(at: now, into: &report)
            report.due(at: schedule.slot(after: now))
            return report
        }
        let pending: [PendingNotice]
        do { pending = try store.undeliveredNotices(subscriptionID: subscriptionID) } catch {
            report.errors.append("\(subscriptionID): \(error)")
            return report
        }
        guard schedule.isDue(lastDigest: last, now: now) else {
            report.deferred = pending.count
            if !pending.isEmpty { report.due(at: schedule.slot(after: last)) }
            return report
        }
        guard !pending.isEmpty else {
            recordDigest(at: now, into: &report)
            return report
        }
        do {
            let notices = try pending.map { try NoticeJSON.decode($0.payload) }
            let period: MailDigestPeriod = schedule.period == .daily ? .daily : .hourly
            let message = NoticeMail.digest(notices: notices, period: period, settings: mail, date: now)
            _ = try spool.deliver(message)
            try store.markDelivered(noticeIDs: pending.map(\.id), at: now)
            try store.recordDigest(subscriptionID, at: now)
            report.delivered += pending.count
            report.due(at: schedule.slot(after: now))
        } catch {
            fail(pending, error, into: &report)
        }
        return report
    }

    /// Moves the digest clock on; a store that refuses says so in the report (the next round tries again).
    private func recordDigest(at date: Date, into report: inout DeliveryReport) {
        do { try store.recordDigest(subscriptionID, at: date) } catch {
            report.errors.append("\(subscriptionID): \(error)")
        }
    }

    private func fail(_ notices: [PendingNotice], _ error: any Error, into report: inout DeliveryReport) {
        report.failed += notices.count
        report.errors.append("\(subscriptionID): \(error)")
        let retryAt = now().addingTimeInterval(FileDelivery.retryDelay)
        for notice in notices {
            try? store.markFailed(noticeID: notice.id, error: "\(error)", nextAttempt: retryAt)
        }
        report.due(at: retryAt)
    }
}

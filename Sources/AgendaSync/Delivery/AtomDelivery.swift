import AgendaConfig
import AgendaDelivery
import AgendaDiff
import AgendaStore
import Foundation

/// `channel = "atom"`: an Atom 1.0 file of the subscription's newest `entries` notices, newest
/// first, rewritten (see `FeedFileDelivery`) when a notice waits, or when there is no file yet (a
/// feed with no entry exists from the first sync on).
struct AtomDelivery {
    let subscriptionID: String
    let settings: AtomChannelSettings
    let store: AgendaStore
    let now: @Sendable () -> Date

    func deliver() -> DeliveryReport {
        FeedFileDelivery(subscriptionID: subscriptionID, path: settings.path, store: store, now: now).deliver {
            .init {
                let notices = try store.latestNoticePayloads(subscriptionID: subscriptionID, limit: settings.entries)
                    .map { try NoticeJSON.decode($0) }
                return AtomFeed.document(subscriptionID: subscriptionID, title: settings.title, feedURL: settings.feedURL,
                                         notices: notices, now: now())
            }
        }
    }
}

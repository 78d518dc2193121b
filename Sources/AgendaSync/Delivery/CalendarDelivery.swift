import AgendaConfig
import AgendaDelivery
import AgendaDiff
import AgendaModel
import AgendaStore
import Foundation

/// `channel = "calendar"`: an RFC 5545 file of every tracked meeting the subscription's filters
/// admit (sources, committees, keywords — not `events`) whose date is within `[daemon] window`,
/// baseline meetings included, one event per meeting at its current version, earliest first.
///
/// Its notices go through the outbox like any channel's, and a round rewrites the file (see
/// `FeedFileDelivery`) when a notice waits, when the meetings it would list or their versions
/// changed since the last write (the baseline, a silently stored version, a meeting entering or
/// leaving the window), or when there is no file yet — so it exists from the first sync on.
struct CalendarDelivery {
    let subscription: SubscriptionConfiguration
    let settings: CalendarChannelSettings
    let configuration: AgendaConfiguration
    let store: AgendaStore
    let now: @Sendable () -> Date

    func deliver(state: SubscriptionState) -> DeliveryReport {
        FeedFileDelivery(subscriptionID: subscription.id, path: settings.path, store: store, now: now).deliver {
            let candidates = try candidateMeetings()
            let fingerprint = fingerprint(of: candidates)
            return .init(needsWrite: fingerprint != state.feedFingerprint, fingerprint: fingerprint) {
                let events = MeetingEvents(configuration: configuration)
                let listed = try store.currentVersions(of: candidates.map(\.id)).filter {
                    subscription.filter.admits(sourceID: $0.meeting.id.source, meeting: $0.meeting)
                }
                return MeetingCalendar.document(name: name, events: listed.compactMap(events.event))
            }
        }
    }

    /// Meetings with a stored version and a date in the window whose source and committee the filter
    /// admits, earliest first (keywords need the records, so they are applied when the file is built).
    private func candidateMeetings() throws(StoreError) -> [MeetingState] {
        let window = DateWindow(around: now(), configuration.daemon.window)
        let sources = Set(configuration.sources.map(\.id))
        return try store.meetings().filter { meeting in
            guard let start = meeting.start, window.contains(start.instant), sources.contains(meeting.id.source) else {
                return false
            }
            return subscription.filter.admitsCommittee(sourceID: meeting.id.source, committeeID: meeting.committeeID)
        }
    }

    /// Changes whenever the file's content may: a meeting's version, the set of meetings, or a setting it shows.
    private func fingerprint(of candidates: [MeetingState]) -> String {
        let events = MeetingEvents(configuration: configuration)
        var key = "\(name)\n\(configuration.daemon.calendarDuration)\n\(subscription.filter.keywords ?? [])\n"
        for meeting in candidates {
            key += "\(meeting.id)@\(events.uidDomain(sourceID: meeting.id.source)):\(meeting.currentVersion)\n"
        }
        return SHA256Digest.hex(of: key)
    }

    /// `title`, else "COUNCIL meetings" for a calendar of one council, "Council meetings" for several.
    var name: String {
        if let title = settings.title { return title }
        let sources = configuration.sources.filter { subscription.filter.sources?.contains($0.id) ?? true }
        return sources.count == 1 ? "\(sources[0].name) meetings" : "Council meetings"
    }
}

import AgendaConfig
import AgendaCore
import AgendaDelivery
import AgendaStore
import Foundation

/// Calendar events of stored meeting versions, made the same way for the calendar channel and for
/// the event a notice email carries, so that both describe one meeting with one `UID` and the
/// same times (`[daemon] calendar_duration`).
struct MeetingEvents: Sendable {
    let configuration: AgendaConfiguration

    /// The right-hand side of the events' `UID`s: the domain of `mail_from` when set, else the host
    /// of the meeting's council (its `base_url`).
    func uidDomain(sourceID: String) -> String {
        if let from = configuration.daemon.mailFrom, let address = try? MailAddress(parsing: from) {
            return address.domain
        }
        return configuration.source(id: sourceID).flatMap { WebURL($0.baseURL)?.host } ?? "agenda-sync.invalid"
    }

    /// The event of `stored`; nil when the meeting has no date.
    func event(_ stored: StoredVersion) -> MeetingEvent? {
        let sourceID = stored.meeting.id.source
        return MeetingEvent(meeting: stored.meeting, version: stored.version, storedAt: stored.storedAt,
                            councilName: configuration.source(id: sourceID)?.name ?? sourceID,
                            uidDomain: uidDomain(sourceID: sourceID),
                            duration: configuration.daemon.calendarDuration.duration)
    }
}

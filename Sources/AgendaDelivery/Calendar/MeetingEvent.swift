import AgendaCore
import AgendaModel
import Foundation

/// One meeting as a calendar event (a `VEVENT`): what the calendar channel lists, and what a notice
/// email attaches. Built from the stored record of one version, so the same version always gives
/// the same event, whichever channel carries it.
public struct MeetingEvent: Hashable, Sendable {
    /// `meeting.SOURCE.NUMBER@DOMAIN`: the same for every version (and the `References` of its emails).
    public let uid: String
    /// The stored version: a calendar app replaces an event only by a higher `SEQUENCE`.
    public let sequence: Int
    /// When this version was stored (`DTSTAMP` and `LAST-MODIFIED`).
    public let stamp: Date
    public let start: LondonDateTime
    /// A day after `start` when it has no time (an all-day event); else a time.
    public let end: LondonDateTime
    public let summary: String
    public let location: String?
    public let url: String
    public let cancelled: Bool
    /// Plain text, lines separated by "\n": the council and committee, the agenda items with their
    /// documents' links, the meeting's own documents, and its page.
    public let description: String

    /// Titles and names are cut to this many characters.
    static let titleLimit = 300

    /// The event of `meeting` at `version`; nil when the meeting has no date (nothing to place).
    ///
    /// - Parameters:
    ///   - uidDomain: the right-hand side of the `UID` (the domain of `mail_from`, else the council's host).
    ///   - duration: how long the meeting lasts when the council gives no finish (`calendar_duration`).
    ///   - plannedFinish: the finish the council published, when the meeting record carries one (its
    ///     ModernGov web service gives one; the pages do not). Used for `DTEND` when it is after the start.
    public init?(meeting: Meeting, version: Int, storedAt: Date, councilName: String, uidDomain: String,
                 duration: Duration, plannedFinish: LondonDateTime? = nil, london: LondonTime = .shared) {
        guard let start = meeting.start else { return nil }
        uid = "\(NoticeMail.meetingThreadID(meeting.id))@\(uidDomain)"
        sequence = version
        stamp = storedAt
        self.start = start
        if start.time == nil {
            end = LondonDateTime(date: start.date.adding(days: 1), time: nil, london: london)
        } else if let plannedFinish, plannedFinish.time != nil, plannedFinish > start {
            end = plannedFinish
        } else {
            end = LondonDateTime(start.instant.addingTimeInterval(Double(duration.components.seconds)), london: london)
        }
        let committee = MailText.oneLine(meeting.committee.name)
        let title = MailText.oneLine(meeting.title)
        let heading = title.hasPrefix(committee) || committee.isEmpty ? title : "\(committee): \(title)"
        summary = MailText.shortened((meeting.status == .cancelled ? "CANCELLED: " : "") + heading, to: Self.titleLimit)
        location = meeting.venue.map { MailText.oneLine($0, limit: Self.titleLimit) }.flatMap { $0.isEmpty ? nil : $0 }
        url = meeting.url
        cancelled = meeting.status == .cancelled
        description = Self.description(of: meeting, councilName: councilName)
    }

    private static func description(of meeting: Meeting, councilName: String) -> String {
        func text(_ value: String) -> String { MailText.oneLine(value, limit: titleLimit) }
        var lines = [text(councilName) + " – " + text(meeting.committee.name)]
        if meeting.status == .cancelled { lines.append("This meeting is CANCELLED.") }
        if let venue = meeting.venue { lines.append("Venue: " + text(venue)) }
        if !meeting.items.isEmpty {
            lines += ["", "Agenda:"]
            for item in meeting.items {
                lines.append(item.number.isEmpty ? text(item.title) : "\(text(item.number)). \(text(item.title))")
                lines += item.documents.map { "  - \(text($0.title)): \(MailText.oneLine($0.url))" }
            }
        }
        if !meeting.actionDocuments.isEmpty {
            lines += ["", "Documents:"]
            lines += meeting.actionDocuments.map { "  - \(text($0.title)): \(MailText.oneLine($0.url))" }
        }
        lines += ["", "Meeting page: " + MailText.oneLine(meeting.url)]
        return lines.joined(separator: "\n")
    }
}

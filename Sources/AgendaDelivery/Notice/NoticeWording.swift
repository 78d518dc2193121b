import AgendaCore
import AgendaModel

/// What a notice says, in words: one description per change and the facts of the meeting. The text
/// part of an email, its HTML part and an Atom entry all render these, so they say the same thing.
/// Every third-party string is put on one line by `MailText` and shortened where it is prose.
enum NoticeWording {
    /// Titles, venues and names are cut to this many characters.
    static let titleLimit = 300
    /// Old and new values (times, venues, titles, item texts) are cut to this many characters.
    static let valueLimit = 200
    /// A URL longer than this is not a link anyone follows; it is cut like prose.
    static let urlLimit = 2000

    /// One change: a headline, and for an added or replaced document its link.
    struct ChangeDescription: Equatable {
        /// "Document added to item 5: Appendix B", "Venue changed: "Old" → "New"".
        var headline: String
        /// The document's URL (added or replaced documents).
        var link: String?
        /// The other web site a document is on, when it is not the council's (`Change.external`).
        var externalHost: String?
        /// The URL of the document a replacement replaces.
        var replaces: String?
    }

    /// "Document added to item 5: Appendix B" with the link, a note naming another web site than the
    /// council's, and old and new values as `"before" → "after"`.
    static func describe(_ change: Change) -> ChangeDescription {
        let item = change.item.map { text($0, limit: 40) }.flatMap { $0.isEmpty ? nil : $0 }
        let title = change.title.map { text($0, limit: titleLimit) }.flatMap { $0.isEmpty ? nil : $0 }
        let hasValues = change.before != nil || change.after != nil
        var description = ChangeDescription(headline: phrase(change.kind, item: item, section: change.title))
        switch change.kind {
        case .itemTextChanged:
            break  // the title is the section, already in the phrase
        case .itemRetitled where hasValues:
            break  // the new title is the "after" value
        default:
            if let title { description.headline += ": " + title }
        }
        switch change.kind {
        case .documentAdded, .documentReplaced:
            if let url = change.url {
                description.link = text(url, limit: urlLimit)
                if change.external, let host = WebURL(url)?.host {
                    description.externalHost = text(host, limit: titleLimit)
                }
            }
            if change.kind == .documentReplaced, let before = change.before {
                description.replaces = text(before, limit: urlLimit)
            }
        case .meetingRescheduled:
            description.headline += ": " + [change.before, change.after]
                .map { $0.map(MailCalendar.meetingTime) ?? "(none)" }.joined(separator: " → ")
        case .meetingVenueChanged, .itemRetitled, .itemTextChanged:
            if hasValues {
                description.headline += ": " + [change.before, change.after]
                    .map { $0.map { "\"\(text($0, limit: valueLimit))\"" } ?? "(none)" }.joined(separator: " → ")
            }
        default:
            break
        }
        return description
    }

    /// The change in words, naming the agenda item where there is one.
    static func phrase(_ kind: ChangeKind, item: String?, section: String?) -> String {
        let number = item.map { " \($0)" } ?? ""
        let ofItem = item.map { " of item \($0)" } ?? ""
        return switch kind {
        case .meetingNew: "New meeting"
        case .meetingCancelled: "Meeting cancelled"
        case .meetingReinstated: "Meeting reinstated"
        case .meetingRescheduled: "Meeting rescheduled"
        case .meetingVenueChanged: "Venue changed"
        case .agendaPublished: "Agenda published"
        case .minutesPublished: "Minutes published"
        case .decisionsPublished: "Decisions published"
        case .itemAdded: "New item" + number
        case .itemRemoved: "Item\(number) removed"
        case .itemRetitled: "Item\(number) retitled"
        case .itemTextChanged:
            switch section {
            case "agenda": "Agenda text\(ofItem) changed"
            case "minutes": "Minutes\(ofItem) changed"
            case "decision": "Decision\(item.map { " on item \($0)" } ?? "") changed"
            default: "Text\(ofItem) changed"
            }
        case .documentAdded: "Document added" + (item.map { " to item \($0)" } ?? "")
        case .documentRemoved: "Document removed" + (item.map { " from item \($0)" } ?? "")
        case .documentReplaced: "Document replaced" + (item.map { " in item \($0)" } ?? "")
        }
    }

    /// The meeting's facts as (label, value) rows: Meeting (optional), Committee, Council, When,
    /// Venue, Status, Page — the last one the meeting page's URL.
    static func meetingRows(_ notice: Notice, withTitle: Bool) -> [(label: String, value: String)] {
        let meeting = notice.meeting
        var rows: [(String, String)] = withTitle ? [("Meeting", text(meeting.title, limit: titleLimit))] : []
        rows.append(("Committee", text(meeting.committee.name, limit: titleLimit)))
        rows.append(("Council", text(notice.source.name, limit: titleLimit)))
        if let start = meeting.start { rows.append(("When", text(MailCalendar.meetingTime(start), limit: valueLimit))) }
        if let venue = meeting.venue { rows.append(("Venue", text(venue, limit: titleLimit))) }
        rows.append(("Status", meeting.status == .cancelled ? "CANCELLED" : "Confirmed"))
        rows.append(("Page", text(meeting.url, limit: urlLimit)))
        return rows
    }

    /// The notices grouped by meeting: meetings in order of first appearance, notices in the given order.
    static func groupedByMeeting(_ notices: [Notice]) -> [[Notice]] {
        var groups: [(meeting: MeetingID, notices: [Notice])] = []
        for notice in notices {
            if let index = groups.firstIndex(where: { $0.meeting == notice.meeting.id }) {
                groups[index].notices.append(notice)
            } else {
                groups.append((notice.meeting.id, [notice]))
            }
        }
        return groups.map(\.notices)
    }

    /// "1 update to 1 meeting.", "7 updates to 3 meetings."
    static func digestOpening(notices: Int, meetings: Int) -> String {
        let updates = notices == 1 ? "1 update" : "\(notices) updates"
        return "\(updates) to \(meetings == 1 ? "1 meeting" : "\(meetings) meetings")."
    }

    static func text(_ value: String, limit: Int) -> String {
        MailText.oneLine(value, limit: limit)
    }
}

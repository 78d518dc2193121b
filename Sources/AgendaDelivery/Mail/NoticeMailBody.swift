import AgendaCore
import AgendaModel

/// The plain-text body of a notice mail or a digest, as lines without line breaks: what
/// changed (one line per change, with document links), the meeting, and why the reader got it.
/// Every third-party string is put on one line by `MailText` and shortened where it is prose.
enum NoticeMailBody {
    /// Titles, venues and names are cut to this many characters.
    static let titleLimit = 300
    /// Old and new values (times, venues, titles, item texts) are cut to this many characters.
    static let valueLimit = 200
    /// A URL longer than this is not a link anyone follows; it is cut like prose.
    static let urlLimit = 2000

    static func lines(for notice: Notice, settings: MailSettings) -> [String] {
        var lines = [text(notice.summary, limit: titleLimit), ""]
        lines.append("What changed (version \(notice.meeting.version)):")
        lines += notice.changes.flatMap(changeLines)
        lines.append("")
        lines += meetingLines(notice, withTitle: true)
        lines += footer(settings: settings,
                        reason: "this meeting",
                        ids: "Notice \(notice.id)")
        return lines
    }

    static func digestLines(for notices: [Notice], settings: MailSettings) -> [String] {
        var groups: [(meeting: MeetingID, notices: [Notice])] = []
        for notice in notices {
            if let index = groups.firstIndex(where: { $0.meeting == notice.meeting.id }) {
                groups[index].notices.append(notice)
            } else {
                groups.append((notice.meeting.id, [notice]))
            }
        }
        let updates = notices.count == 1 ? "1 update" : "\(notices.count) updates"
        let meetings = groups.count == 1 ? "1 meeting" : "\(groups.count) meetings"
        var lines = ["\(updates) to \(meetings).", ""]
        for group in groups {
            let latest = group.notices[group.notices.count - 1]
            let heading = text(latest.meeting.title, limit: titleLimit)
            lines.append(heading)
            lines.append(String(repeating: "-", count: min(max(heading.count, 3), 72)))
            lines += meetingLines(latest, withTitle: false)
            for notice in group.notices {
                lines.append("")
                lines.append("Version \(notice.meeting.version): " + text(notice.summary, limit: titleLimit))
                lines += notice.changes.flatMap(changeLines)
            }
            lines.append("")
        }
        lines.removeLast()
        lines += footer(settings: settings,
                        reason: "these meetings",
                        ids: "Notices " + notices.map(\.id).joined(separator: ", "))
        return lines
    }

    // MARK: Sections


    /// "- Document added to item 5: Appendix B" and, for an added or replaced document, its link
    /// on the next line (and, for a link to another web site than the council's, a note naming
    /// that site); old and new values as `"before" → "after"`.
    static func changeLines(_ change: Change) -> [String] {
        let item = change.item.map { text($0, limit: 40) }.flatMap { $0.isEmpty ? nil : $0 }
        let title = change.title.map { text($0, limit: titleLimit) }.flatMap { $0.isEmpty ? nil : $0 }
        let hasValues = change.before != nil || change.after != nil
        var line = "- " + phrase(change.kind, item: item, section: change.title)
        switch change.kind {
        case .itemTextChanged:
            break  // the title is the section, already in the phrase
        case .itemRetitled where hasValues:
            break  // the new title is the "after" value
        default:
            if let title { line += ": " + title }
        }
        var lines = [line]
        switch change.kind {
        case .documentAdded, .documentReplaced:
            if let url = change.url {
                lines.append("  " + text(url, limit: urlLimit))
                if change.external, let host = WebURL(url)?.host {
                    lines.append("  (on another web site: " + text(host, limit: titleLimit) + ")")
                }
            }
            if change.kind == .documentReplaced, let before = change.before {
                lines.append("  (replaces " + text(before, limit: urlLimit) + ")")
            }
        case .meetingRescheduled:
            lines[0] += ": " + [change.before, change.after]
                .map { $0.map(MailCalendar.meetingTime) ?? "(none)" }.joined(separator: " → ")
        case .meetingVenueChanged, .itemRetitled, .itemTextChanged:
            if hasValues {
                lines[0] += ": " + [change.before, change.after]
                    .map { $0.map { "\"\(text($0, limit: valueLimit))\"" } ?? "(none)" }.joined(separator: " → ")
            }
        default:
            break
        }
        return lines
    }

    /// The change in words, naming the agenda item where there is one.
    private static func phrase(_ kind: ChangeKind, item: String?, section: String?) -> String {
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

    private static func meetingLines(_ notice: Notice, withTitle: Bool) -> [String] {
        let meeting = notice.meeting
        var rows: [(String, String)] = withTitle ? [("Meeting", text(meeting.title, limit: titleLimit))] : []
        rows.append(("Committee", text(meeting.committee.name, limit: titleLimit)))
        rows.append(("Council", text(notice.source.name, limit: titleLimit)))
        if let start = meeting.start { rows.append(("When", text(MailCalendar.meetingTime(start), limit: valueLimit))) }
        if let venue = meeting.venue { rows.append(("Venue", text(venue, limit: titleLimit))) }
        rows.append(("Status", meeting.status == .cancelled ? "CANCELLED" : "Confirmed"))
        rows.append(("Page", text(meeting.url, limit: urlLimit)))
        return rows.map { label, value in
            (label + ":").padding(toLength: 11, withPad: " ", startingAt: 0) + value
        }
    }

    private static func footer(settings: MailSettings, reason: String, ids: String) -> [String] {
        var lines = [
            "",
            "-- ",
            "You receive this email because your agenda-sync subscription \"\(text(settings.subscriptionID, limit: 100))\"",
            "matched changes to \(reason).",
        ]
        if let url = settings.unsubscribeURL { lines.append("Unsubscribe: \(url)") }
        lines.append(ids)
        return lines
    }

    private static func text(_ value: String, limit: Int) -> String {
        MailText.oneLine(value, limit: limit)
    }
}

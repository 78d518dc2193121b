import AgendaCore
import AgendaModel

/// The plain-text body of a notice mail or a digest, as lines without line breaks: what
/// changed (one line per change, with document links), the meeting, and why the reader got it.
/// The words are `NoticeWording`'s.
enum NoticeMailBody {
    static func lines(for notice: Notice, settings: MailSettings) -> [String] {
        var lines = [text(notice.summary, limit: NoticeWording.titleLimit), ""]
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
        let groups = NoticeWording.groupedByMeeting(notices)
        var lines = [NoticeWording.digestOpening(notices: notices.count, meetings: groups.count), ""]
        for group in groups {
            let latest = group[group.count - 1]
            let heading = text(latest.meeting.title, limit: NoticeWording.titleLimit)
            lines.append(heading)
            lines.append(String(repeating: "-", count: min(max(heading.count, 3), 72)))
            lines += meetingLines(latest, withTitle: false)
            for notice in group {
                lines.append("")
                lines.append("Version \(notice.meeting.version): " + text(notice.summary, limit: NoticeWording.titleLimit))
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
    /// that site).
    static func changeLines(_ change: Change) -> [String] {
        let description = NoticeWording.describe(change)
        var lines = ["- " + description.headline]
        if let link = description.link {
            lines.append("  " + link)
            if let host = description.externalHost { lines.append("  (on another web site: " + host + ")") }
        }
        if let replaces = description.replaces { lines.append("  (replaces " + replaces + ")") }
        return lines
    }

    private static func meetingLines(_ notice: Notice, withTitle: Bool) -> [String] {
        NoticeWording.meetingRows(notice, withTitle: withTitle).map { label, value in
            (label + ":").padding(toLength: 11, withPad: " ", startingAt: 0) + value
        }
    }

    /// "You receive this email because your agenda-sync subscription "jane"" and the rest of the
    /// footer's sentence, shared with the HTML part.
    static func footerSentence(settings: MailSettings, reason: String) -> (String, String) {
        ("You receive this email because your agenda-sync subscription \"\(text(settings.subscriptionID, limit: 100))\"",
         "matched changes to \(reason).")
    }

    private static func footer(settings: MailSettings, reason: String, ids: String) -> [String] {
        let sentence = footerSentence(settings: settings, reason: reason)
        var lines = ["", "-- ", sentence.0, sentence.1]
        if let url = settings.unsubscribeURL { lines.append("Unsubscribe: \(url)") }
        lines.append(ids)
        return lines
    }

    private static func text(_ value: String, limit: Int) -> String {
        NoticeWording.text(value, limit: limit)
    }
}

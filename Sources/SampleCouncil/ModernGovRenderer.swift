import AgendaModel

/// Renders the model as ModernGov pages (the 2026 template, as served by the Royal Borough of
/// Kingston upon Thames): `ieListDocuments.aspx`, `ieListMeetings.aspx` and
/// `mgCommitteeStructure.aspx`. Pure functions: the same input and noise give the same bytes.
///
/// Rendering is faithful to the model so that a parser can recover it exactly:
/// - the h2 text is `meeting.title` (+ ", CANCELLED"); the h1 follows `meeting.published`;
/// - an item's first document is the item's title link, so its link text is the item's title;
/// - agenda text and minutes/decision sections are Word paragraphs, one per "\n"-separated line,
///   with `&nbsp;` spacer paragraphs between them and a "… view the full minutes text for item N."
///   trailer when `truncated`;
/// - additional documents carry ModernGov's hidden `<span class="mgHide">, item 59.</span>` in
///   their link text, and sizes sit in `span.mgFileSize` ("PDF 99 KB");
/// - the venue is followed by "." and a "View directions" link, as on Kingston's pages
///   ("Proposed venue:" when cancelled);
/// - the action list starts with an "Attendance details" link, which is not a document;
/// - URLs under the page's directory are written relative to it ("documents/s1/Report.pdf"),
///   with "%20" shown as a space as ModernGov does; any other URL is written as it is;
/// - titles use ModernGov's numeric entities ("2026&#47;27"), Word paragraphs named ones ("&rsquo;").
public enum ModernGovRenderer {}

extension ModernGovRenderer {
    /// The main title ModernGov gives a meeting page for what has been published.
    public static func mainTitle(_ published: PublishedFlags) -> String {
        var parts: [String] = []
        if published.agenda { parts.append("agenda") }
        if published.decisions { parts.append("decisions") }
        if published.minutes { parts.append("minutes") }
        let text: String
        switch parts.count {
        case 0: return "Meeting"
        case 1: text = parts[0]
        case 2: text = parts[0] + " and " + parts[1]
        default: text = parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The status suffix of a meeting in a committee's list: " - Agenda, Decisions, Minutes", " - CANCELLED", or "".
    public static func listSuffix(status: MeetingStatus, published: PublishedFlags) -> String {
        if status == .cancelled { return " - CANCELLED" }
        var parts: [String] = []
        if published.agenda { parts.append("Agenda") }
        if published.decisions { parts.append("Decisions") }
        if published.minutes { parts.append("Minutes") }
        return parts.isEmpty ? "" : " - " + parts.joined(separator: ", ")
    }

    /// The directory of a page URL, against which ModernGov's relative links resolve:
    /// "http://h/moderngov/ieListDocuments.aspx?CId=1&MId=2" → "http://h/moderngov/".
    static func directory(of url: String) -> String {
        let path = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// `url` relative to `directory` when it lies under it, with "%20" shown as a space.
    static func relative(_ url: String, to directory: String) -> String {
        guard !directory.isEmpty, url.utf8.starts(with: directory.utf8) else { return url }
        var rest = Array(url.utf8.dropFirst(directory.utf8.count))
        var read = 0, write = 0
        while read < rest.count {
            if rest[read] == 0x25, read + 2 < rest.count, rest[read + 1] == 0x32, rest[read + 2] == 0x30 {
                rest[write] = 0x20
                read += 3
            } else {
                rest[write] = rest[read]
                read += 1
            }
            write += 1
        }
        return String(decoding: rest[0..<write], as: UTF8.self)
    }

    /// The digits of an item id "AI51890" (for `mgAi.aspx?ID=`).
    static func itemNumber(_ id: String) -> String {
        id.hasPrefix("AI") ? String(id.dropFirst(2)) : id
    }
}

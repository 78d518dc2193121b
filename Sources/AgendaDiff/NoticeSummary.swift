import AgendaModel

/// One short human line for a list of changes, derived from the changes alone, e.g.
/// "Minutes published; Item 24: document added (Appendix B)", "New meeting: <title>",
/// "Meeting cancelled", "Moved from 2 Sep 2025 14:00 to 9 Sep 2025 10:00".
///
/// Changes are phrased in their order; consecutive changes of one item share an "Item N:"
/// prefix, and several documents of one kind there are counted ("3 documents added").
/// When the line would exceed `maxLength`, item and document changes are counted by kind
/// instead ("Agenda published; 12 new items, 30 documents added"). Titles are shortened
/// to `maxTitleLength` (`maxMeetingTitleLength` for a new meeting's), and control characters and runs of whitespace become one space.
public enum NoticeSummary {
    public static let maxLength = 160
    public static let maxTitleLength = 60
    /// Meeting titles end with the date ("Cabinet - Tuesday, 2 September 2025 2.00 pm"), so they get more room.
    public static let maxMeetingTitleLength = 140

    public static func line(for changes: [Change]) -> String {
        let detailed = segments(changes).joined(separator: "; ")
        let line = detailed.count <= maxLength ? detailed : compact(changes)
        return capitalisedFirst(shortened(line, to: maxLength))
    }

    // MARK: Detailed form

    private static func segments(_ changes: [Change]) -> [String] {
        var segments: [String] = []
        var index = 0
        while index < changes.count {
            let change = changes[index]
            if isMeetingLevel(change.kind) {
                segments.append(meetingPhrase(change))
                index += 1
                continue
            }
            // A run of item/document changes about the same item (nil: the action list).
            var end = index
            while end < changes.count, !isMeetingLevel(changes[end].kind), changes[end].item == change.item { end += 1 }
            let phrases = runPhrases(Array(changes[index..<end]))
            let prefix = change.item.map { "Item \(clean($0)): " } ?? ""
            segments.append(prefix + phrases.joined(separator: ", "))
            index = end
        }
        return segments
    }

    private static func runPhrases(_ run: [Change]) -> [String] {
        var phrases: [String] = []
        var index = 0
        while index < run.count {
            let kind = run[index].kind
            var end = index
            while end < run.count, run[end].kind == kind { end += 1 }
            let count = end - index
            if count > 1, isDocument(kind) {
                phrases.append(countPhrase(kind, count))
            } else {
                phrases += run[index..<end].map(itemPhrase)
            }
            index = end
        }
        return phrases
    }

    private static func meetingPhrase(_ change: Change) -> String {
        switch change.kind {
        case .meetingNew: change.title.map { "new meeting: \(shortened(clean($0), to: maxMeetingTitleLength))" } ?? "new meeting"
        case .meetingCancelled: "meeting cancelled"
        case .meetingReinstated: "meeting reinstated"
        case .meetingRescheduled:
            switch (change.before, change.after) {
            case let (before?, after?): "moved from \(displayDate(before)) to \(displayDate(after))"
            case let (nil, after?): "moved to \(displayDate(after))"
            default: "meeting rescheduled"
            }
        case .meetingVenueChanged: change.after.map { "venue changed to \(titled($0))" } ?? "venue changed"
        case .agendaPublished: "agenda published"
        case .minutesPublished: "minutes published"
        case .decisionsPublished: "decisions published"
        default: change.kind.rawValue
        }
    }

    private static func itemPhrase(_ change: Change) -> String {
        let title = change.title.map { " (\(titled($0)))" } ?? ""
        return switch change.kind {
        case .itemAdded: "new item" + title
        case .itemRemoved: "item removed" + title
        case .itemRetitled: "retitled" + title
        case .itemTextChanged: textPhrase(change.title)
        case .documentAdded: "document added" + title
        case .documentRemoved: "document removed" + title
        case .documentReplaced: "document replaced" + title
        default: meetingPhrase(change)
        }
    }

    private static func textPhrase(_ section: String?) -> String {
        switch section.flatMap(ItemTextSection.init(rawValue:)) {
        case .agenda: "agenda text changed"
        case .minutes: "minutes changed"
        case .decision: "decision changed"
        case nil: "text changed"
        }
    }

    // MARK: Compact form

    private static func compact(_ changes: [Change]) -> String {
        let meetingPhrases = changes.filter { isMeetingLevel($0.kind) }.map(meetingPhrase)
        var counts: [ChangeKind: Int] = [:]
        for change in changes where !isMeetingLevel(change.kind) { counts[change.kind, default: 0] += 1 }
        let countPhrases = ChangeKind.allCases.compactMap { kind in counts[kind].map { countPhrase(kind, $0) } }
        return (meetingPhrases + (countPhrases.isEmpty ? [] : [countPhrases.joined(separator: ", ")]))
            .joined(separator: "; ")
    }

    private static func countPhrase(_ kind: ChangeKind, _ count: Int) -> String {
        let (one, many): (String, String) = switch kind {
        case .itemAdded: ("new item", "new items")
        case .itemRemoved: ("item removed", "items removed")
        case .itemRetitled: ("item retitled", "items retitled")
        case .itemTextChanged: ("item text changed", "item texts changed")
        case .documentAdded: ("document added", "documents added")
        case .documentRemoved: ("document removed", "documents removed")
        case .documentReplaced: ("document replaced", "documents replaced")
        default: (kind.rawValue, kind.rawValue)
        }
        return "\(count) \(count == 1 ? one : many)"
    }

    // MARK: Text helpers

    private static func isMeetingLevel(_ kind: ChangeKind) -> Bool {
        kind <= .decisionsPublished
    }

    private static func isDocument(_ kind: ChangeKind) -> Bool {
        kind == .documentAdded || kind == .documentRemoved || kind == .documentReplaced
    }

    private static func titled(_ text: String) -> String {
        shortened(clean(text), to: maxTitleLength)
    }

    /// "2025-09-02T14:00:00+01:00" → "2 Sep 2025 14:00", in the council's local time as written.
    static func displayDate(_ iso: String) -> String {
        let characters = Array(iso)
        guard characters.count >= 16, characters[4] == "-", characters[7] == "-", characters[10] == "T",
              characters[13] == ":",
              let year = Int(String(characters[0..<4])), let month = Int(String(characters[5..<7])),
              let day = Int(String(characters[8..<10])), (1...12).contains(month)
        else { return clean(iso) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day) \(months[month - 1]) \(year) \(String(characters[11..<16]))"
    }

    /// Third-party text on one line: controls and whitespace runs become one space.
    private static func clean(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// At most `limit` characters, cut at a word boundary when one is near, ending in "…".
    public static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= limit / 2 {
            cut = String(cut[..<space])
        }
        while let last = cut.last, last == " " || last == "," || last == ";" || last == ":" || last == "-" {
            cut.removeLast()
        }
        return cut + "…"
    }

    private static func capitalisedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

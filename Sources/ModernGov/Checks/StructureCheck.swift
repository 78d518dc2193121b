import AgendaModel

/// One thing the structure check noticed about a page.
public struct StructureFinding: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable {
        /// The page was not understood: it is a failed fetch (`unrecognised`), never a change.
        case error
        /// Worth a look (`check-source` shows these), but the page was read.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// What was seen and what was missing: "12 item anchors but no items table".
    public var message: String

    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}

/// Holds what a page shows (`MeetingPageEvidence`, `MeetingListEvidence`) against what was read
/// from it. A page that shows an agenda but whose reading lost it — its items, every title, its
/// documents — is what a re-skin or a template upgrade does to an extractor: an `error` finding,
/// which sync records as the failed fetch `unrecognised` (the last good version stands, no change,
/// no notice) instead of announcing every item removed. Softer oddities are `warning`s, for
/// `check-source`. Findings come errors first, each once.
public enum StructureCheck {
    public static func findings(_ evidence: MeetingPageEvidence, _ meeting: Meeting) -> [StructureFinding] {
        var findings: [StructureFinding] = []
        if meeting.items.isEmpty {
            if let reason = missingItems(evidence) { findings.append(StructureFinding(.error, reason)) }
        } else {
            let read = Set(meeting.items.map(\.id))
            let unread = evidence.itemAnchors.filter { !read.contains($0) }
            if !unread.isEmpty {
                let shown = unread.prefix(5).joined(separator: ", ") + (unread.count > 5 ? ", …" : "")
                findings.append(StructureFinding(.error, "\(count(evidence.itemAnchors.count, "item anchor")) but "
                    + "\(unread.count) of them not read as items (\(shown))"))
            }
        }
        if evidence.itemDocumentLinks > 0, meeting.items.allSatisfy({ $0.documents.isEmpty }) {
            findings.append(StructureFinding(.error, "\(count(evidence.itemDocumentLinks, "document link")) but no documents extracted"))
        }
        if evidence.meetingDocumentLinks > 0, meeting.actionDocuments.isEmpty {
            findings.append(StructureFinding(.error, "\(count(evidence.meetingDocumentLinks, "link")) to the meeting's own documents "
                + "(frontsheet, packs, printed minutes) but no action list read"))
        }

        let unnumbered = meeting.items.filter { $0.number.isEmpty }.count
        if unnumbered > 0 {
            findings.append(StructureFinding(.warning, "\(unnumbered) of \(meeting.items.count) items have no number"))
        }
        // The reports pack (`mgChooseDocPack.aspx`) is listed without a size by every ModernGov
        // template: not an oddity.
        let documents = meeting.actionDocuments.filter { $0.kind != .reportsPack }.map(\.size)
            + meeting.items.flatMap { $0.documents.map(\.size) }
        let unsized = documents.filter { $0 == nil }.count
        if unsized > 0 {
            findings.append(StructureFinding(.warning, "\(unsized) of \(documents.count) documents have no size"))
        }
        if meeting.start?.time == nil {
            findings.append(StructureFinding(.warning, "the meeting has no start time"))
        }
        return findings
    }

    public static func findings(_ evidence: MeetingListEvidence, _ list: MeetingList) -> [StructureFinding] {
        var findings: [StructureFinding] = []
        if evidence.meetingLinks > 0, list.meetings.isEmpty {
            findings.append(StructureFinding(.error, "\(count(evidence.meetingLinks, "meeting link")) but none could be read"))
        }
        let undated = list.meetings.filter { $0.start == nil }.count
        if undated > 0 {
            findings.append(StructureFinding(.warning, "\(undated) of \(list.meetings.count) listed meetings have no date"))
        }
        return findings
    }

    /// Throws `.unrecognised` with every error's message (joined by "; ") when `findings` hold an error.
    static func requireNoErrors(_ findings: [StructureFinding]) throws(ModernGovPageError) {
        let errors = findings.filter { $0.severity == .error }
        guard errors.isEmpty else { throw .unrecognised(reason: errors.map(\.message).joined(separator: "; ")) }
    }

    /// Why a page without items was not read: the strongest sign of an agenda it shows; nil when
    /// it shows none (a meeting with nothing published yet, a cancelled one).
    private static func missingItems(_ evidence: MeetingPageEvidence) -> String? {
        let anchors = evidence.itemAnchors.count
        if anchors > 0 {
            let located = evidence.itemTables > 0 || evidence.numberCells > 0
            return "\(count(anchors, "item anchor")) but " + (located ? "items lost every title" : "no items table")
        }
        if evidence.itemLinks > 0 { return "\(count(evidence.itemLinks, "link")) to agenda items (mgAi.aspx) but no items" }
        if evidence.issueLinks > 0 { return "\(count(evidence.issueLinks, "link")) to item histories but no items" }
        if evidence.numberCells > 0 { return "\(count(evidence.numberCells, "item number cell")) but no items" }
        if evidence.agendaDocumentLinks > 0 {
            return "\(count(evidence.agendaDocumentLinks, "agenda frontsheet or reports pack link")) but no items"
        }
        if evidence.agendaHeading, let title = evidence.mainTitle { return "the page is headed \"\(title.prefix(80))\" but has no items" }
        return nil
    }

    private static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}

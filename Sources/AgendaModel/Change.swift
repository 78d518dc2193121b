/// The fifteen kinds of change a subscriber can be told about (docs/notices.md).
public enum ChangeKind: String, Hashable, Codable, Sendable, CaseIterable, Comparable {
    case meetingNew = "meeting.new"
    case meetingCancelled = "meeting.cancelled"
    case meetingReinstated = "meeting.reinstated"
    case meetingRescheduled = "meeting.rescheduled"
    case meetingVenueChanged = "meeting.venue_changed"
    case agendaPublished = "agenda.published"
    case minutesPublished = "minutes.published"
    case decisionsPublished = "decisions.published"
    case itemAdded = "item.added"
    case itemRemoved = "item.removed"
    case itemRetitled = "item.retitled"
    case itemTextChanged = "item.text_changed"
    case documentAdded = "document.added"
    case documentRemoved = "document.removed"
    case documentReplaced = "document.replaced"

    /// Declaration order: the order in which changes are listed in a notice.
    public static func < (lhs: ChangeKind, rhs: ChangeKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One typed change between two versions of a meeting, with before/after values where they exist.
/// Encoded as in docs/notices.md: absent fields are omitted.
public struct Change: Hashable, Codable, Sendable {
    public var kind: ChangeKind
    /// The agenda item's printed number, for item and document changes.
    public var item: String?
    /// The title of the item or document concerned (the new title where it changed).
    public var title: String?
    /// The document's URL, for document changes (the new URL for a replacement).
    public var url: String?
    /// The value before the change (old start, venue, title, text, or URL).
    public var before: String?
    /// The value after the change.
    public var after: String?
    /// For document changes: the document (the new one, for a replacement) is on another web site
    /// than the council's (``Document/external``). Encoded only when true, so notices about
    /// documents on the council's own site keep their exact shape.
    @OmittedWhenFalse public var external: Bool

    public init(kind: ChangeKind, item: String? = nil, title: String? = nil, url: String? = nil,
                before: String? = nil, after: String? = nil, external: Bool = false) {
        self.kind = kind
        self.item = item
        self.title = title
        self.url = url
        self.before = before
        self.after = after
        self.external = external
    }
}

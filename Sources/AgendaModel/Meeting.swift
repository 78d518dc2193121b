import AgendaCore

/// A meeting as extracted from a council's ModernGov page: the typed record that
/// agenda-sync stores, diffs and reports. Every string is already normalised
/// (whitespace collapsed, entities decoded, URLs absolute and free of session tokens),
/// so two records are equal exactly when the meeting means the same thing.
public struct Meeting: Hashable, Codable, Sendable {
    public var id: MeetingID
    /// The canonical meeting page, `…/ieListDocuments.aspx?CId=N&MId=M`.
    public var url: String
    public var committee: Committee
    /// The page's sub-title, e.g. "Children and Families Overview and Scrutiny Committee - Tuesday, 2 September 2025 2.00 pm"
    /// with any ", CANCELLED" suffix removed (that is carried by `status`).
    public var title: String
    /// When it starts, on London's clock; in JSON "2025-09-02T14:00:00+01:00", or "2025-09-02" when
    /// the page gives no time.
    public var start: LondonDateTime?
    public var venue: String?
    public var status: MeetingStatus
    public var published: PublishedFlags
    /// The action list above the items: frontsheet, reports pack, supplements, printed minutes / decisions.
    public var actionDocuments: [ActionDocument]
    public var items: [AgendaItem]

    public init(id: MeetingID, url: String, committee: Committee, title: String, start: LondonDateTime?, venue: String?,
                status: MeetingStatus, published: PublishedFlags, actionDocuments: [ActionDocument], items: [AgendaItem]) {
        self.id = id
        self.url = url
        self.committee = committee
        self.title = title
        self.start = start
        self.venue = venue
        self.status = status
        self.published = published
        self.actionDocuments = actionDocuments
        self.items = items
    }
}

/// `SOURCE/MEETINGID`, e.g. `leics/7892`: the stable identity of a meeting across versions.
public struct MeetingID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var source: String
    public var number: Int

    public init(source: String, number: Int) {
        self.source = source
        self.number = number
    }

    /// Parses `leics/7892`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let number = Int(parts[1]), number > 0 else { return nil }
        self.init(source: String(parts[0]), number: number)
    }

    public var description: String { "\(source)/\(number)" }

    public static func < (lhs: MeetingID, rhs: MeetingID) -> Bool {
        (lhs.source, lhs.number) < (rhs.source, rhs.number)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = MeetingID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a SOURCE/MEETINGID: \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public struct Committee: Hashable, Codable, Sendable {
    public var id: Int
    public var name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }
}

public enum MeetingStatus: String, Hashable, Codable, Sendable {
    case confirmed
    case cancelled
}

/// What the council has published for the meeting so far.
public struct PublishedFlags: Hashable, Codable, Sendable {
    /// An agenda frontsheet, a reports pack, or numbered agenda items are on the page.
    public var agenda: Bool
    /// Printed minutes in the action list, or "Agenda and minutes" / "… minutes" in the main title.
    public var minutes: Bool
    /// Printed decisions in the action list, or "… decisions …" in the main title.
    public var decisions: Bool

    public init(agenda: Bool, minutes: Bool, decisions: Bool) {
        self.agenda = agenda
        self.minutes = minutes
        self.decisions = decisions
    }
}

/// One entry of the meeting's action list that is a document.
public struct ActionDocument: Hashable, Codable, Sendable {
    public var kind: ActionDocumentKind
    public var title: String
    public var url: String
    /// The size text the council shows, e.g. "PDF 198 KB"; nil when none is shown.
    public var size: String?
    /// The link leads to another web site than the council's (see ``Document/external``).
    @OmittedWhenFalse public var external: Bool

    public init(kind: ActionDocumentKind, title: String, url: String, size: String?, external: Bool = false) {
        self.kind = kind
        self.title = title
        self.url = url
        self.size = size
        self.external = external
    }
}

public enum ActionDocumentKind: String, Hashable, Codable, Sendable, CaseIterable {
    case frontsheet
    case reportsPack = "reports_pack"
    case supplement
    case printedMinutes = "printed_minutes"
    case printedDecisions = "printed_decisions"
    case other
}

/// A numbered agenda item.
public struct AgendaItem: Hashable, Codable, Sendable {
    /// The stable ModernGov id from `<a name="AI51890">`, e.g. "AI51890".
    public var id: String
    /// The printed number without its trailing dot, e.g. "54" or "6a"; "" when the item has none.
    public var number: String
    public var title: String
    /// The agenda text under the title (normalised), nil when there is none.
    public var text: String?
    /// The item's documents in page order: the title link's document first, then "Additional documents".
    public var documents: [Document]
    public var minutes: ItemSection?
    public var decision: ItemSection?

    public init(id: String, number: String, title: String, text: String?, documents: [Document],
                minutes: ItemSection?, decision: ItemSection?) {
        self.id = id
        self.number = number
        self.title = title
        self.text = text
        self.documents = documents
        self.minutes = minutes
        self.decision = decision
    }
}

/// A document linked from an agenda item (`documents/s<id>/<name>.pdf`).
public struct Document: Hashable, Codable, Sendable {
    public var title: String
    /// Absolute URL, session tokens stripped.
    public var url: String
    /// The size text the council shows, e.g. "PDF 117 KB"; nil when none is shown.
    public var size: String?
    /// The link leads to another web site than the council's (another host, or another port).
    /// Encoded only when true (`"external": true`), so a record without such links has the same
    /// JSON, and the same content hash, as before the field existed. Links to another site on a
    /// loopback or private address are not kept at all.
    @OmittedWhenFalse public var external: Bool

    public init(title: String, url: String, size: String?, external: Bool = false) {
        self.title = title
        self.url = url
        self.size = size
        self.external = external
    }
}

/// The text of an item's "Minutes:" or "Decision:" section.
public struct ItemSection: Hashable, Codable, Sendable {
    /// Normalised text (paragraphs joined by "\n", whitespace collapsed within each).
    public var text: String
    /// True when the page cuts the text short with "... view the full minutes text for item N.".
    public var truncated: Bool

    public init(text: String, truncated: Bool) {
        self.text = text
        self.truncated = truncated
    }
}

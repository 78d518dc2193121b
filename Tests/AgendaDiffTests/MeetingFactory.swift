import AgendaCore
import AgendaModel

/// Small builders for realistic ModernGov meetings (modelled on the Kingston fixture page).
enum Factory {
    static let base = "https://moderngov.kingston.gov.uk/"

    static func document(_ id: Int, _ title: String, size: String? = "PDF 120 KB") -> Document {
        Document(title: title, url: "\(base)documents/s\(id)/\(title.replacingOccurrences(of: " ", with: "%20")).pdf", size: size)
    }

    static func actionDocument(_ kind: ActionDocumentKind, _ title: String, sid: Int = 23550, url: String? = nil) -> ActionDocument {
        let defaultURL: String = switch kind {
        case .frontsheet: "\(base)documents/g10230/Agenda%20frontsheet.pdf?T=0"
        case .printedMinutes: "\(base)documents/g10230/Printed%20minutes.pdf?T=1"
        case .printedDecisions: "\(base)documents/g10230/Decisions.pdf?T=2"
        case .reportsPack: "\(base)mgChooseDocPack.aspx?ID=10230"
        case .supplement, .other: "\(base)mgChooseDocPack.aspx?ID=10230&SID=\(sid)"
        }
        return ActionDocument(kind: kind, title: title, url: url ?? defaultURL, size: "PDF 198 KB")
    }

    static func item(_ id: Int?, _ number: String, _ title: String, text: String? = nil, documents: [Document] = [],
                     minutes: String? = nil, decision: String? = nil) -> AgendaItem {
        AgendaItem(id: id.map { "AI\($0)" } ?? "", number: number, title: title, text: text, documents: documents,
                   minutes: minutes.map { ItemSection(text: $0, truncated: false) },
                   decision: decision.map { ItemSection(text: $0, truncated: false) })
    }

    static let apologies = item(51881, "54", "Apologies for absence")
    static let previousMinutes = item(51882, "55", "Minutes of the previous meeting",
                                      text: "To confirm the minutes of the meeting held on 4 November 2025.",
                                      documents: [document(111920, "Minutes of Previous Meeting", size: "PDF 99 KB")])
    static let petition = item(51886, "59", "Petition regarding traffic management on Manorgate Road",
                               text: "Report of the Corporate Head of Highways.",
                               documents: [document(112217, "Petition TMO Manorgate Rd Report"),
                                           document(112218, "Annex 1 - Wolverton Avenue", size: "PDF 601 KB"),
                                           document(112219, "Annex 2 - Manorgate Road", size: "PDF 1 MB")])
    static let grants = item(51890, "63", "Community Grants Programme",
                             documents: [document(112228, "Community Grants Programme")])

    /// Kingston and North Kingston Neighbourhood Committee, 15 Jan 2026: agenda published, no minutes yet.
    static func meeting(
        status: MeetingStatus = .confirmed,
        start: LondonDateTime? = "2026-01-15T19:30:00+00:00",
        venue: String? = "Guildhall 2, Guildhall, Kingston upon Thames, KT1 1EU",
        published: PublishedFlags = PublishedFlags(agenda: true, minutes: false, decisions: false),
        title: String = "Kingston and North Kingston Neighbourhood Committee - Thursday, 15th January, 2026 7.30 pm",
        committeeName: String = "Kingston and North Kingston Neighbourhood Committee",
        actionDocuments: [ActionDocument]? = nil,
        items: [AgendaItem]? = nil
    ) -> Meeting {
        Meeting(
            id: MeetingID(source: "kingston", number: 10221),
            url: "\(base)ieListDocuments.aspx?CId=711&MId=10221",
            committee: Committee(id: 711, name: committeeName),
            title: title, start: start, venue: venue, status: status, published: published,
            actionDocuments: actionDocuments ?? [actionDocument(.frontsheet, "Agenda frontsheet"),
                                                 actionDocument(.reportsPack, "Agenda reports pack")],
            items: items ?? [apologies, previousMinutes, petition, grants])
    }

    /// The same meeting after the council published minutes: a "Minutes:" section on every item
    /// and the printed minutes in the action list.
    static func withMinutes(_ meeting: Meeting) -> Meeting {
        var copy = meeting
        copy.published.minutes = true
        copy.actionDocuments.append(actionDocument(.printedMinutes, "Printed minutes"))
        for index in copy.items.indices {
            copy.items[index].minutes = ItemSection(text: "RESOLVED that item \(copy.items[index].number) be noted.", truncated: false)
        }
        return copy
    }
}

extension [Change] {
    var kinds: [ChangeKind] { map(\.kind) }
}

/// Meeting starts written as their JSON text in these tests ("2026-01-29T19:30:00+00:00").
extension LondonDateTime: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        guard let value = LondonDateTime(iso8601: text) else { preconditionFailure("not a meeting start: \(text)") }
        self = value
    }
}

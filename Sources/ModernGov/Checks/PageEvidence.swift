import AgendaCore

/// What a meeting page shows of an agenda, counted from the signals ModernGov writes in every
/// template — item anchors, links to item and issue pages, document links, the main title —
/// independently of how its items were read. `StructureCheck` holds it against the meeting read
/// from the page: a page that shows an agenda its reading does not have is not a meeting without one.
public struct MeetingPageEvidence: Hashable, Sendable {
    /// Item anchors (`<a name="AI51890">`, or an element with `id="AI51890"`), each once, in page order.
    public internal(set) var itemAnchors: [String] = []
    /// Distinct items named by links to their own pages (`mgAi.aspx?ID=`).
    public internal(set) var itemLinks = 0
    /// Links to the issues behind items (`mgIssueHistoryHome.aspx`, `ieIssueDetails.aspx`).
    public internal(set) var issueLinks = 0
    /// Elements of class `mgItemNumberCell`.
    public internal(set) var numberCells = 0
    /// Tables of class (or id) `mgItemTable`.
    public internal(set) var itemTables = 0
    /// Distinct links to items' documents on the council's site (`documents/s…`, `mgConvert2PDF.aspx`).
    public internal(set) var itemDocumentLinks = 0
    /// Distinct links to the meeting's own documents (`documents/g…`, `mgChooseDocPack.aspx`).
    public internal(set) var meetingDocumentLinks = 0
    /// Of those, the agenda frontsheet and reports packs.
    public internal(set) var agendaDocumentLinks = 0
    /// The page's main title (its first `h1`), e.g. "Agenda and minutes"; nil when it has none.
    public internal(set) var mainTitle: String?

    /// True when the main title announces an agenda ("Agenda", "Agenda, decisions and minutes").
    public var agendaHeading: Bool { mainTitle?.lowercased().hasPrefix("agenda") ?? false }

    public init() {}

    /// Counts the signals in the `#modgov` element of a page fetched from `pageURL`.
    init(content: HTMLNode, pageURL: WebURL) {
        var anchors = Set<String>()
        var itemPages = Set<String>()
        var itemDocuments = Set<String>()
        var meetingDocuments = Set<String>()
        var agendaDocuments = Set<String>()
        for node in content.descendants where node.isElement {
            if mainTitle == nil, node.is("h1") { mainTitle = node.text(singleLine: true) }
            if let id = ItemAnchor.id(of: node), anchors.insert(id).inserted { itemAnchors.append(id) }
            if node.hasClass("mgItemNumberCell") { numberCells += 1 }
            if node.is("table"), node.hasClass("mgItemTable") || node.attribute("id", is: "mgItemTable") { itemTables += 1 }
            guard node.is("a"), let url = node.link(base: pageURL) else { continue }
            switch ModernGovLink(url) {
            case .itemPage(let id):
                itemPages.insert(id)
            case .issue:
                issueLinks += 1
            case .itemDocument:
                if DocumentLink.site(of: url, page: pageURL) != nil { itemDocuments.insert(url.string) }
            case .meetingDocument:
                guard DocumentLink.site(of: url, page: pageURL) != nil else { break }
                meetingDocuments.insert(url.string)
                let kind = ActionListExtractor.kind(title: node.text(singleLine: true), url: url)
                if kind == .frontsheet || kind == .reportsPack { agendaDocuments.insert(url.string) }
            case .meetingPage, .other:
                break
            }
        }
        itemLinks = itemPages.count
        itemDocumentLinks = itemDocuments.count
        meetingDocumentLinks = meetingDocuments.count
        agendaDocumentLinks = agendaDocuments.count
    }
}

/// What a committee's meeting list shows of its meetings: the links to meeting pages.
public struct MeetingListEvidence: Hashable, Sendable {
    /// Links whose address names a meeting page (`ieListDocuments.aspx`), however it is written.
    public internal(set) var meetingLinks = 0

    public init() {}

    init(content: HTMLNode) {
        for node in content.descendants where node.is("a") {
            if let href = node.attribute("href"), href.containsIgnoringCase("ielistdocuments.aspx") { meetingLinks += 1 }
        }
    }
}

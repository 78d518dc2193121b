import AgendaCore
import AgendaModel

/// Reads the committees of an install from `mgCommitteeStructure.aspx` or `mgListCommittees.aspx`:
/// every `mgCommitteeDetails.aspx?ID=N` link in the ModernGov content, once each, in page order,
/// with the group heading it is listed under.
public struct CommitteeListParser: Sendable {
    public init() {}

    /// - Parameter contentType: the response's `Content-Type` (its charset); nil when unknown.
    public func parse(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> [Committee] {
        try entries(html, url: url, contentType: contentType).map(\.committee)
    }

    /// The committees with their group headings: the nearest `h2`–`h4` heading above each link
    /// (ModernGov's `h2.mgSectionTitle`: "Executive", "Regulatory"…); nil above the first heading.
    public func entries(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> [CommitteeListEntry] {
        guard let pageURL = WebURL(url) else { throw .invalidPageURL(url) }
        return try ModernGovPage(html, httpCharset: contentType?.charset).withContent { content in
            var seen = Set<Int>()
            var entries: [CommitteeListEntry] = []
            var group: String?
            for node in content.descendants where node.isElement {
                if node.is("h2") || node.is("h3") || node.is("h4") {
                    let heading = node.text(singleLine: true)
                    if !heading.isEmpty { group = heading }
                    continue
                }
                guard node.is("a"), let link = node.link(base: pageURL), link.fileNameIs("mgcommitteedetails.aspx"),
                      let id = link.queryValue(["id"]).flatMap({ Int(positiveID: $0) }), !seen.contains(id) else { continue }
                let name = node.text(singleLine: true)
                guard !name.isEmpty else { continue }
                seen.insert(id)
                entries.append(CommitteeListEntry(committee: Committee(id: id, name: name), group: group))
            }
            return entries
        }
    }
}

/// One committee on an install's committee list.
public struct CommitteeListEntry: Hashable, Sendable {
    public var committee: Committee
    /// The heading the committee is listed under ("Regulatory"); nil when the page shows none above it.
    public var group: String?

    public init(committee: Committee, group: String?) {
        self.committee = committee
        self.group = group
    }
}

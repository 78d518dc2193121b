import AgendaCore
import AgendaModel

/// Reads the committees of an install from `mgCommitteeStructure.aspx` or `mgListCommittees.aspx`:
/// every `mgCommitteeDetails.aspx?ID=N` link in the ModernGov content, once each, in page order.
public struct CommitteeListParser: Sendable {
    public init() {}

    /// - Parameter contentType: the response's `Content-Type` (its charset); nil when unknown.
    public func parse(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> [Committee] {
        guard let pageURL = WebURL(url) else { throw .invalidPageURL(url) }
        return try ModernGovPage(html, httpCharset: contentType?.charset).withContent { content in
            var seen = Set<Int>()
            var committees: [Committee] = []
            for a in content.descendants where a.is("a") {
                guard let link = a.link(base: pageURL), link.fileNameIs("mgcommitteedetails.aspx"),
                      let id = link.queryValue(["id"]).flatMap({ Int(positiveID: $0) }), !seen.contains(id) else { continue }
                let name = a.text(singleLine: true)
                guard !name.isEmpty else { continue }
                seen.insert(id)
                committees.append(Committee(id: id, name: name))
            }
            return committees
        }
    }
}

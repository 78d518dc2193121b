import AgendaModel

/// Reads the committees of an install from `mgCommitteeStructure.aspx` or `mgListCommittees.aspx`:
/// every `mgCommitteeDetails.aspx?ID=N` link in the ModernGov content, once each, in page order.
public struct CommitteeListParser: Sendable {
    public init() {}

    public func parse(_ html: [UInt8], url: String) throws(ModernGovPageError) -> [Committee] {
        guard let pageURL = HTTPURL(url) else { throw .invalidPageURL(url) }
        let page = try ModernGovPage(html)
        let document = page.document
        var seen = Set<Int>()
        var committees: [Committee] = []
        for a in document.descendants(of: page.content) where document.tag(a) == .a {
            guard let link = document.link(a, base: pageURL), link.fileNameIs("mgcommitteedetails.aspx"),
                  let id = link.queryValue(["id"]).flatMap { Int(positiveID: $0) }, !seen.contains(id) else { continue }
            let name = document.text(of: a, singleLine: true)
            guard !name.isEmpty else { continue }
            seen.insert(id)
            committees.append(Committee(id: id, name: name))
        }
        return committees
    }
}

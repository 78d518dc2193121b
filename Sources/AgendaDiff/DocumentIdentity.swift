import AgendaCore

/// What makes two document links "the same document": the council's own id for it, never the
/// scheme, host, port or folder the install is served from. A council that moves its install
/// (a new host name, http → https, a `/moderngov/` prefix added or dropped) serves every document
/// under a new URL; identified this way, none of them is announced as replaced.
///
/// In order:
/// - `…/documents/s<ID>/<Name>.pdf` (an item's document): `s<ID>` — the name part may be re-encoded;
/// - any other `…/documents/<folder>/<Name>?<query>` (`g<meeting>` packs: frontsheet, reports pack,
///   printed minutes, each told apart by `?T=`): `documents/` and the rest, lower case (IIS paths are
///   case-insensitive);
/// - `mgConvert2PDF.aspx?ID=<ID>` and `ieIssueDetails.aspx?IId=<ID>`: the page name and the id;
/// - any other link on the council's site (`mgChooseDocPack.aspx?ID=…&SID=…` supplements): its
///   address relative to the install's folder (the meeting page's directory);
/// - a link to another web site: its whole URL (another site's ids mean nothing here).
enum DocumentIdentity {
    /// `site`: the directory of the meeting page the link is on (`https://host/moderngov/`).
    static func of(url: String, external: Bool, site: String?) -> String {
        if external { return url }
        if let id = modernGovDocumentID(in: url) { return id }
        guard let parsed = WebURL(url) else { return url }
        if let folder = documentsFolderPath(of: parsed) { return folder }
        if let id = pageID(of: parsed) { return id }
        if let site, url.hasPrefix(site) { return "~/" + url.dropFirst(site.count) }
        return parsed.pathAndQuery
    }

    /// The directory of a meeting page (`https://host/moderngov/` for `…/moderngov/ieListDocuments.aspx?…`).
    static func site(ofPage url: String) -> String? {
        WebURL(url)?.directory.string
    }

    /// "s112217" from "https://host/documents/s112217/Report.pdf" (case-insensitive path), else nil.
    static func modernGovDocumentID(in url: String) -> String? {
        let lower = Array(url.lowercased().utf8)
        let marker = Array("/documents/s".utf8)
        var start = 0
        while let found = firstIndex(of: marker, in: lower, from: start) {
            var end = found + marker.count
            while end < lower.count, ASCII.isDigit(lower[end]) { end += 1 }
            let digits = end - (found + marker.count)
            if digits > 0, end < lower.count, lower[end] == UInt8(ascii: "/") {
                return "s" + String(decoding: lower[(found + marker.count)..<end], as: UTF8.self)
            }
            start = found + 1
        }
        return nil
    }

    /// "documents/g10230/agenda%20frontsheet.pdf?t=0" for a file in a `documents/` folder other than `s<ID>`.
    private static func documentsFolderPath(of url: WebURL) -> String? {
        let lower = url.pathAndQuery.lowercased()
        guard let range = lower.range(of: "/documents/") else { return nil }
        return String(lower[lower.index(after: range.lowerBound)...])
    }

    /// "mgconvert2pdf.aspx?id=123" / "ieissuedetails.aspx?iid=456": the page and its id, nothing else.
    private static func pageID(of url: WebURL) -> String? {
        let page = url.lastPathSegment.lowercased()
        let parameter: String
        switch page {
        case "mgconvert2pdf.aspx": parameter = "id"
        case "ieissuedetails.aspx": parameter = "iid"
        default: return nil
        }
        guard let id = url.queryValue([parameter]), !id.isEmpty else { return nil }
        return "\(page)?\(parameter)=\(id)"
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// What makes two document links "the same document".
///
/// ModernGov serves item documents as `…/documents/s<ID>/<Name>.pdf`: the `s<ID>` is the
/// document's identity (the name part may be re-encoded), so it is the key. Anything else
/// (`documents/g<meeting>/….pdf?T=1` printed minutes, `mgChooseDocPack.aspx?ID=…&SID=…`
/// supplements, external links) is identified by its whole, already-normalised URL.
enum DocumentIdentity {
    static func of(url: String) -> String {
        if let id = modernGovDocumentID(in: url) { return id }
        return url
    }

    /// "s112217" from "https://host/documents/s112217/Report.pdf" (case-insensitive path), else nil.
    static func modernGovDocumentID(in url: String) -> String? {
        let lower = Array(url.lowercased().utf8)
        let marker = Array("/documents/s".utf8)
        var start = 0
        while let found = firstIndex(of: marker, in: lower, from: start) {
            var end = found + marker.count
            while end < lower.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lower[end]) { end += 1 }
            let digits = end - (found + marker.count)
            if digits > 0, end < lower.count, lower[end] == UInt8(ascii: "/") {
                return "s" + String(decoding: lower[(found + marker.count)..<end], as: UTF8.self)
            }
            start = found + 1
        }
        return nil
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

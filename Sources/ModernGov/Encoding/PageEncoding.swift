/// How a page's bytes become the UTF-8 text libxml2 is given: as a browser reads an en-GB page
/// (HTML's "determining the character encoding"), so that one text in either byte form — UTF-8, or
/// windows-1252 after an IIS setting changed — gives one typed meeting:
/// 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
/// 2. else the HTTP `Content-Type` charset;
/// 3. else a `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the top;
/// 4. else UTF-8 when the bytes are valid UTF-8;
/// 5. else windows-1252.
/// A label that names no known encoding is passed over. What the chosen encoding cannot decode
/// becomes U+FFFD; the result is always valid UTF-8.
enum PageEncoding {
    /// The page as valid UTF-8: `page` itself (no copy) when it is UTF-8 and valid, else a converted copy.
    static func utf8(_ page: [UInt8], httpCharset: String? = nil) -> [UInt8] {
        let (encoding, bom) = detect(page, httpCharset: httpCharset)
        if encoding == .utf8, bom == 0, UTF8Encoding.firstInvalidIndex(page, in: page.indices) == nil { return page }
        return Transcoder.utf8(page[bom...], from: encoding)
    }

    /// The page's encoding and the length of its byte order mark (0 when none).
    static func detect(_ page: [UInt8], httpCharset: String?) -> (TextEncoding, bom: Int) {
        if page.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if page.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        if page.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if let label = httpCharset, let encoding = TextEncoding(label: label) { return (encoding, 0) }
        if let encoding = MetaCharset.prescan(page) { return (encoding, 0) }
        return (UTF8Encoding.firstInvalidIndex(page, in: page.indices) == nil ? .utf8 : .windows1252, 0)
    }
}

/// The first check on any fetched page: is it a whole ModernGov page? Runs on the whole body
/// with byte searches (no parsing), then parses only the ModernGov content: from the
/// `<div id="modgov">` element to the `mgFooter` div (or `</html>`), leaving out the site chrome.
struct ModernGovPage {
    let document: HTMLDocument
    /// The `#modgov` element.
    let content: Int

    init(_ body: [UInt8]) throws(ModernGovPageError) {
        guard !body.isEmpty else { throw .notModernGov(reason: "empty body") }
        // Node offsets are 32-bit; no real page comes near this.
        guard body.count <= Self.maxBytes else { throw .notModernGov(reason: "body too large (\(body.count) bytes)") }
        let bytes = PageEncoding.utf8(body)
        let htmlEnd = ByteText.lastIndexCaseInsensitive("</html", in: bytes)
        guard let marker = Self.contentMarker(bytes) else {
            if htmlEnd == nil, Self.startsLikeHTML(bytes) {
                throw .truncated(reason: "the page ends (\(bytes.count) bytes) before any ModernGov content and has no </html>")
            }
            throw .notModernGov(reason: Self.describe(bytes))
        }
        guard let htmlEnd else {
            throw .truncated(reason: "no closing </html> (\(bytes.count) bytes)")
        }
        let start = ByteText.lastIndex(of: 0x3C, in: bytes, atOrBefore: marker) ?? marker
        var end = htmlEnd
        if let footer = ByteText.lastIndexCaseInsensitive("mgFooter", in: bytes, from: marker),
           let tagStart = ByteText.lastIndex(of: 0x3C, in: bytes, atOrBefore: footer), tagStart > marker {
            end = min(end, tagStart)
        }
        let document = HTMLTreeBuilder.parse(bytes, range: start ..< max(start, end))
        guard let content = document.descendants(of: HTMLDocument.root).first(where: {
            document.nodes[$0].tag != .text && document.attributeEquals($0, .id, "modgov")
        }) else {
            throw .notModernGov(reason: "no #modgov element")
        }
        self.document = document
        self.content = content
    }

    static let maxBytes = 512 << 20

    /// Offset of `modgov` in an `id="modgov"` (or `id='modgov'`, `id=modgov`) attribute.
    private static func contentMarker(_ bytes: [UInt8]) -> Int? {
        var from = 0
        while let hit = ByteText.find("modgov", in: bytes, from: from) {
            var k = hit - 1
            if k >= 0, bytes[k] == 0x22 || bytes[k] == 0x27 { k -= 1 }
            if k >= 2, bytes[k] == 0x3D, ByteText.lower(bytes[k - 1]) == 0x64, ByteText.lower(bytes[k - 2]) == 0x69 {
                let after = hit + 6
                if after < bytes.count, bytes[after] == 0x22 || bytes[after] == 0x27 || bytes[after] == 0x3E || ByteText.isSpace(bytes[after]) {
                    return hit
                }
            }
            from = hit + 6
        }
        return nil
    }

    private static func startsLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(4096))
        return ByteText.lastIndexCaseInsensitive("<html", in: head) != nil
    }

    /// A short account of what the page is instead, for the sync log.
    private static func describe(_ bytes: [UInt8]) -> String {
        let sample = Array(bytes.prefix(65_536))
        let printable = sample.prefix(512).filter { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x20 }.count
        if printable < min(sample.count, 512) * 9 / 10 { return "binary data (\(bytes.count) bytes)" }
        var hints: [String] = []
        if let open = ByteText.lastIndexCaseInsensitive("<title", in: sample),
           let close = ByteText.lastIndexCaseInsensitive("</title", in: sample), close > open,
           let gt = sample[open ..< close].firstIndex(of: 0x3E) {
            let title = TextNormalizer.line(String(decoding: sample[(gt + 1) ..< close], as: UTF8.self))
            if !title.isEmpty { hints.append("title \"\(title.prefix(80))\"") }
        }
        if ByteText.find("SharePoint", in: sample) != nil { hints.append("a SharePoint page") }
        if ByteText.find("window.location", in: sample) != nil || ByteText.find("location.href", in: sample) != nil {
            hints.append("a JavaScript redirect/challenge stub")
        }
        if ByteText.lastIndexCaseInsensitive("<html", in: sample) == nil, ByteText.lastIndexCaseInsensitive("<body", in: sample) == nil {
            hints.append("no <html> element")
        }
        let detail = hints.isEmpty ? "" : "; " + hints.joined(separator: ", ")
        return "no ModernGov #modgov content (\(bytes.count) bytes)\(detail)"
    }
}

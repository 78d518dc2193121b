/// The first check on any fetched page: is it a whole ModernGov page? Reads the body as text (see
/// `PageEncoding`), runs byte searches on it (no parsing), then has libxml2 parse only the
/// ModernGov content: from the `<div id="modgov">` element to the `mgFooter` div (or `</html>`),
/// leaving out the site chrome.
struct ModernGovPage {
    private let document: HTMLDocument
    /// The `#modgov` element: a pointer into `document`, so only handed out by `withContent`.
    private let content: HTMLNode

    /// - Parameters:
    ///   - body: the response body as fetched.
    ///   - httpCharset: the `charset` of the response's `Content-Type`, if it had one.
    ///   - shape: what the parsed tree keeps (see `TreeShape`).
    init(_ body: [UInt8], httpCharset: String?, shape: TreeShape = .complete) throws(ModernGovPageError) {
        guard !body.isEmpty else { throw .notModernGov(reason: "empty body") }
        // libxml2 takes a 32-bit length; no real page comes near this.
        guard body.count <= Self.maxBytes else { throw .notModernGov(reason: "body too large (\(body.count) bytes)") }
        let text = PageEncoding.utf8(body, httpCharset: httpCharset)
        let htmlEnd = ByteText.lastIndexCaseInsensitive("</html", in: text)
        guard let marker = Self.contentMarker(text) else {
            if htmlEnd == nil, Self.startsLikeHTML(text) {
                throw .truncated(reason: "the page ends (\(body.count) bytes) before any ModernGov content and has no </html>")
            }
            throw .notModernGov(reason: Self.describe(body))
        }
        guard let htmlEnd else {
            throw .truncated(reason: "no closing </html> (\(body.count) bytes)")
        }
        let start = ByteText.lastIndex(of: 0x3C, in: text, atOrBefore: marker) ?? marker
        var end = htmlEnd
        if let footer = ByteText.lastIndexCaseInsensitive("mgFooter", in: text, from: marker),
           let tagStart = ByteText.lastIndex(of: 0x3C, in: text, atOrBefore: footer), tagStart > marker {
            end = min(end, tagStart)
        }
        let range = start ..< max(start, end)
        let content = ParserInput.prepare(text, range: range)
        guard let document = HTMLDocument(content.bytes, range: content.range, shape: shape) else {
            throw .notModernGov(reason: "no #modgov element")
        }
        // What libxml2 did not read may hold items: never extract from part of a page.
        if let stop = document.stoppedEarly {
            throw .notModernGov(reason: "the HTML parser stopped before the end of the content (\(stop))")
        }
        guard let modgov = document.withRoot({ Self.modgovElement(in: $0) }) else {
            throw .notModernGov(reason: "no #modgov element")
        }
        self.document = document
        self.content = modgov
    }

    /// Runs `extract` on the `#modgov` element while the parsed tree is alive. The node, and every node
    /// reached from it, must not escape `extract`.
    func withContent<T>(_ extract: (HTMLNode) throws(ModernGovPageError) -> T) throws(ModernGovPageError) -> T {
        defer { withExtendedLifetime(document) {} }
        return try extract(content)
    }

    private static func modgovElement(in root: HTMLNode) -> HTMLNode? {
        for node in root.descendants where node.isElement && node.attribute("id", is: "modgov") { return node }
        return nil
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
        ForeignPage(bytes).description
    }
}

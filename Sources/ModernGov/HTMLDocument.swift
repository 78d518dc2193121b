import CLibXML2

/// HTML parsed by libxml2's HTML parser. It recovers from tag soup (implied and stray end tags,
/// unquoted and upper-case markup), decodes character references in text and attribute values,
/// and lower-cases element and attribute names.
///
/// The document owns the libxml2 tree and frees it in `deinit`. An `HTMLNode` is a plain pointer
/// into that tree: use nodes only while the document is alive, inside `withRoot` (or
/// `ModernGovPage.withContent`), and never let one escape.
final class HTMLDocument {
    private let document: htmlDocPtr
    private let rootElement: xmlNodePtr
    /// The document's links as resolved so far; `document._private` points at it (see `ResolvedLinks`).
    private let links = ResolvedLinks()
    /// Set when libxml2 gave up before the end of its input (nesting deeper than 256 elements,
    /// a text node over 10 MB): libxml2's message. The tree then holds only what came before.
    let stoppedEarly: String?

    /// Parses the UTF-8 bytes `bytes[range]` (all of `bytes` by default) into a tree of `shape`. Nil
    /// when libxml2 gives no tree with a root element (an empty range, or only a comment).
    init?(_ bytes: [UInt8], range: Range<Int>? = nil, shape: TreeShape = .complete) {
        _ = Self.initializeLibrary
        let range = range ?? bytes.indices
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= bytes.count, range.count <= Int(Int32.max),
              let context = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(context) }
        shape.install(on: context)
        EndTagRecorder.install(on: context)
        let parsed = bytes.withUnsafeBufferPointer { buffer -> htmlDocPtr? in
            guard let base = buffer.baseAddress else { return nil }
            return UnsafeRawPointer(base + range.lowerBound).withMemoryRebound(to: CChar.self, capacity: range.count) {
                htmlCtxtReadMemory(context, $0, Int32(range.count), nil, "UTF-8", shape.parseOptions)
            }
        }
        guard let parsed else { return nil }
        guard let root = xmlDocGetRootElement(parsed) else {
            xmlFreeDoc(parsed)
            return nil
        }
        document = parsed
        rootElement = root
        parsed.pointee._private = Unmanaged.passUnretained(links).toOpaque()
        // With HTML_PARSE_RECOVER, libxml2 disables its callbacks only when it halts.
        if context.pointee.disableSAX != 0 {
            let message = context.pointee.lastError.message.map { String(cString: $0) } ?? "unknown error"
            stoppedEarly = message.trimmingSuffix(while: { $0 == "\n" || $0 == " " })
        } else {
            stoppedEarly = nil
        }
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// Runs `body` on the root element (`<html>`, implied when the input has none) while the tree is alive.
    func withRoot<T, E: Error>(_ body: (HTMLNode) throws(E) -> T) throws(E) -> T {
        defer { withExtendedLifetime(self) {} }
        return try body(HTMLNode(rootElement))
    }

    /// libxml2 asks for one call of `xmlInitParser` before parsing on several threads.
    private static let initializeLibrary: Void = xmlInitParser()
}

private extension String {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var copy = self
        while let last = copy.last, predicate(last) { copy.removeLast() }
        return copy
    }
}

import CLibXML2

/// What `HTMLDocument` keeps of the page: every node libxml2's tree builder makes (`complete`), or
/// only what the ModernGov readers look at (`lean`).
///
/// The lean tree is the same tree with less in it, built by the same parser from the same SAX2
/// events: libxml2's own tree builder (`xmlSAX2StartElement`, …) is called for every element and
/// text, only with the attributes a reader asks for (`class`, `id`, `name`, `href`), without
/// comments, and without the content of `script` and `style` (which no reader's text includes).
/// So element structure, text, and libxml2's tag-soup recovery are exactly the complete tree's;
/// what goes is memory and time spent on nodes nobody reads (`title`, `alt`, `style` attributes,
/// inline scripts). It is also cheaper to build and free: text of under 16 bytes is kept inside its
/// node and whitespace-only text is shared (`HTML_PARSE_COMPACT`, and the parser's dictionary for
/// text, which libxml2's HTML parser leaves off), and no table of `id` attributes is built (no reader
/// looks elements up by id), so most of the small allocations of a page's tree are gone.
/// `MeetingPageParser`'s differential test holds the two trees' readings equal on every fixture,
/// drift-corpus and generated page.
enum TreeShape: Sendable {
    case complete
    case lean

    /// The options `htmlCtxtReadMemory` parses with (see `CLIBXML2_HTML_OPTS`).
    var parseOptions: Int32 {
        self == .lean ? CLIBXML2_HTML_OPTS | Int32(HTML_PARSE_COMPACT.rawValue) : CLIBXML2_HTML_OPTS
    }

    /// Installs the shape's handlers on a parser context (after `htmlNewParserCtxt`).
    func install(on context: htmlParserCtxtPtr) {
        guard self == .lean, let sax = context.pointee.sax else { return }
        sax.pointee.startDocument = Self.startDocument
        sax.pointee.startElement = Self.startElement
        sax.pointee.comment = nil
        // libxml2 hands the content of script and style to cdataBlock when it is set, else to characters.
        sax.pointee.cdataBlock = Self.dropCDATA
    }

    /// The attributes readers look at (`HTMLNode.attribute`, `hasClass`, `withAttribute`).
    @inline(__always)
    static func isRead(_ name: UnsafePointer<xmlChar>) -> Bool {
        CString.equals(name, "class") || CString.equals(name, "href") || CString.equals(name, "id") || CString.equals(name, "name")
    }

    private static let startElement: startElementSAXFunc = { context, name, attributes in
        guard let attributes else { return xmlSAX2StartElement(context, name, nil) }
        var count = 0
        while attributes[count] != nil { count += 2 }
        withUnsafeTemporaryAllocation(of: UnsafePointer<xmlChar>?.self, capacity: count + 1) { kept in
            var k = 0
            var i = 0
            while i < count {
                if let attribute = attributes[i], isRead(attribute) {
                    kept[k] = attribute
                    kept[k + 1] = attributes[i + 1]
                    k += 2
                }
                i += 2
            }
            kept[k] = nil
            xmlSAX2StartElement(context, name, k == 0 ? nil : kept.baseAddress)
        }
    }

    private static let dropCDATA: cdataBlockSAXFunc = { _, _, _ in }

    /// Set here, since `htmlCtxtReadMemory` resets the context's settings before it parses: text nodes
    /// from the parser's dictionary (`dictNames`, which `HTML_PARSE_COMPACT` needs), and no ids table.
    /// The document holds a reference to that dictionary, so what its nodes take from it outlives the
    /// parser context, and `xmlFreeDoc` frees only what the dictionary does not own.
    private static let startDocument: startDocumentSAXFunc = { context in
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self) else { return xmlSAX2StartDocument(context) }
        parser.pointee.dictNames = 1
        parser.pointee.loadsubset |= XML_SKIP_IDS
        xmlSAX2StartDocument(context)
        if let document = parser.pointee.myDoc, document.pointee.dict == nil, let dictionary = parser.pointee.dict {
            document.pointee.dict = dictionary
            xmlDictReference(dictionary)
        }
    }
}

import CLibXML2

/// One response of ModernGov's web service (`mgWebService.asmx/…`), parsed by libxml2's XML
/// parser — strictly: a body that is not well-formed XML (cut short, an HTML page, a login or
/// bot-challenge page) is refused, never recovered into a partial tree. The parser reads no DTD,
/// substitutes no external entity and never goes to the network.
///
/// Owns the libxml2 tree; `XMLElement`s are pointers into it, valid only inside `withRoot`.
final class WebServiceDocument {
    private let document: xmlDocPtr
    private let root: xmlNodePtr

    /// Parses `body` and checks that its root element is `expectedRoot`; throws
    /// `ModernGovPageError` (`notWebServiceResponse` or `truncated`) for anything else.
    init(_ body: [UInt8], expectedRoot: StaticString) throws(ModernGovPageError) {
        guard !body.isEmpty else { throw .notWebServiceResponse(reason: "empty body") }
        guard body.count <= Int(Int32.max) else { throw .notWebServiceResponse(reason: "body too large (\(body.count) bytes)") }
        _ = Self.initializeLibrary
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = body.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), nil, nil, options)
            }
        }
        guard let parsed else { throw Self.whyNotXML(body, expectedRoot: expectedRoot) }
        guard let root = xmlDocGetRootElement(parsed), let name = root.pointee.name else {
            xmlFreeDoc(parsed)
            throw .notWebServiceResponse(reason: "no root element")
        }
        guard CString.equals(name, expectedRoot) else {
            let found = String(cString: name)
            xmlFreeDoc(parsed)
            throw .notWebServiceResponse(reason: found.lowercased().hasSuffix("envelope") || found == "soap:Fault"
                ? "a SOAP response (<\(found)>), not <\(expectedRoot)>" : "the root element is <\(found)>, not <\(expectedRoot)>")
        }
        document = parsed
        self.root = root
    }

    deinit {
        xmlFreeDoc(document)
    }

    func withRoot<T, E: Error>(_ body: (XMLElement) throws(E) -> T) throws(E) -> T {
        defer { withExtendedLifetime(self) {} }
        return try body(XMLElement(root))
    }

    /// What the body is, for the error of a body that is not well-formed XML.
    private static func whyNotXML(_ body: [UInt8], expectedRoot: StaticString) -> ModernGovPageError {
        let head = Array(body.prefix(4096))
        if ByteText.lastIndexCaseInsensitive("<html", in: head) != nil || ByteText.lastIndexCaseInsensitive("<!doctype", in: head) != nil {
            return .notWebServiceResponse(reason: "an HTML page where XML was expected")
        }
        let open = "<\(expectedRoot)"
        if String(decoding: head, as: UTF8.self).contains(open) {
            return .truncated(reason: "the XML ends before </\(expectedRoot)> (\(body.count) bytes)")
        }
        return .notWebServiceResponse(reason: "not well-formed XML (\(body.count) bytes)")
    }

    private static let initializeLibrary: Void = xmlInitParser()
}

/// An element of a `WebServiceDocument`. The web service's elements hold either text or other
/// elements; whitespace-only text (ModernGov writes empty elements as a line break and an indent)
/// reads as empty.
struct XMLElement {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) {
        self.pointer = pointer
    }

    /// The child elements named `name`, in document order.
    func children(_ name: StaticString) -> [XMLElement] {
        var found: [XMLElement] = []
        var next = pointer.pointee.children
        while let node = next {
            if node.pointee.type == XML_ELEMENT_NODE, let own = node.pointee.name, CString.equals(own, name) {
                found.append(XMLElement(node))
            }
            next = node.pointee.next
        }
        return found
    }

    /// The first child element named `name`.
    func child(_ name: StaticString) -> XMLElement? {
        var next = pointer.pointee.children
        while let node = next {
            if node.pointee.type == XML_ELEMENT_NODE, let own = node.pointee.name, CString.equals(own, name) {
                return XMLElement(node)
            }
            next = node.pointee.next
        }
        return nil
    }

    /// The element's text, references decoded, without leading and trailing whitespace.
    var text: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { clibxml2_free(content) }
        let string = String(decoding: CString.buffer(content), as: UTF8.self)
        return string.trimmingWhitespace()
    }

    /// The text of child `name`; "" when there is none.
    func string(_ name: StaticString) -> String {
        child(name)?.text ?? ""
    }

    /// The child `name` read as a ModernGov boolean ("True"/"False", any case); nil when absent or other.
    func flag(_ name: StaticString) -> Bool? {
        switch string(name).lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// The child `name` read as a positive id; the web service writes counts and ids with leading spaces.
    func id(_ name: StaticString) -> Int? {
        Int(positiveID: string(name))
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

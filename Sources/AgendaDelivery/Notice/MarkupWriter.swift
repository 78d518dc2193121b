import CLibXML2

/// XML and HTML written with libxml2's `xmlTextWriter` (the parser the project already links):
/// it escapes every text and attribute value (`&`, `<`, `>`, and `"` in attributes), so third-party
/// text can never become markup. Characters XML 1.0 does not allow (C0 controls but tab, line
/// feed and carriage return; U+FFFE, U+FFFF) and C1 controls become spaces first, so the output is
/// well-formed whatever the council wrote. Serves the Atom feed (XML) and the HTML of emails and
/// feed entries (HTML5 in its XML-compatible form: every element closed explicitly).
final class MarkupWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var open: [String] = []

    /// A writer of a whole XML document (`<?xml version="1.0" encoding="utf-8"?>` first), or of a
    /// fragment / an HTML document (no declaration).
    init(xmlDeclaration: Bool = false) {
        _ = Self.initializeLibrary
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        if xmlDeclaration {
            check(xmlTextWriterStartDocument(writer, "1.0", "utf-8", nil))
        }
    }

    /// libxml2 asks for one call of `xmlInitParser` before it is used on several threads.
    private static let initializeLibrary: Void = xmlInitParser()

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// `<!DOCTYPE html>`.
    func htmlDoctype() {
        Self.withXMLString("html") { check(xmlTextWriterWriteDTD(writer, $0, nil, nil, nil)) }
        newline()
    }

    /// Opens `name` with `attributes` (values escaped; nil values left out).
    func start(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        Self.withXMLString(name) { check(xmlTextWriterStartElement(writer, $0)) }
        for (key, value) in attributes {
            guard let value else { continue }
            Self.withXMLString(key) { key in
                Self.withXMLString(Self.clean(value)) { check(xmlTextWriterWriteAttribute(writer, key, $0)) }
            }
        }
        open.append(name)
    }

    /// Closes the element opened last, always with an end tag (`<td></td>`, never `<td/>`, which HTML misreads).
    func end() {
        precondition(!open.isEmpty, "no element to close")
        open.removeLast()
        check(xmlTextWriterFullEndElement(writer))
    }

    /// `<name attributes/>`: an XML empty element, or an HTML void element (`meta`, `link`), which HTML5
    /// may write with the closing slash; never for an element that can have content.
    func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        start(name, attributes)
        open.removeLast()
        check(xmlTextWriterEndElement(writer))
    }

    /// `<name attributes>text</name>`.
    func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        start(name, attributes)
        self.text(text)
        end()
    }

    /// Text content, escaped.
    func text(_ value: String) {
        Self.withXMLString(Self.clean(value)) { check(xmlTextWriterWriteString(writer, $0)) }
    }

    /// A line break between elements, for people reading the source.
    func newline() {
        Self.withXMLString("\n") { check(xmlTextWriterWriteRaw(writer, $0)) }
    }

    /// The document so far (every element closed), as UTF-8.
    func finish() -> [UInt8] {
        precondition(open.isEmpty, "unclosed elements: \(open)")
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    /// `value` with the characters XML 1.0 forbids, and C1 controls, replaced by spaces.
    static func clean(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// libxml2 signals only an allocation failure here; there is nothing sensible to write after one.
    private func check(_ result: Int32) {
        precondition(result >= 0, "libxml2's writer failed (out of memory)")
    }

    private static func withXMLString<R>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        text.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body)
        }
    }
}

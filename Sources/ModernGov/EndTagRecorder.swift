import CLibXML2

/// Records which elements libxml2 closed by reading their own end tag in the bytes.
///
/// libxml2 recovers from a page cut short by closing everything still open when the input ends,
/// and an end tag of `body` or `html` closes the elements left open inside: either way the tree
/// of a truncated page looks like a complete, shorter page. So while libxml2 builds the tree,
/// this hook looks at the bytes it has just read each time it closes an element, and marks the
/// element when they are its end tag (`</table>`). Asking libxml2's own reading, not a second
/// scan of the bytes, keeps the answer right where markup is odd (`</table>` in an attribute
/// value, `<s<table>`, `</<script>`), since libxml2 and a scanner would tokenise those differently.
enum EndTagRecorder {
    /// Installs the hook on a parser context; the rest of the tree building stays libxml2's own.
    static func install(on context: htmlParserCtxtPtr) {
        context.pointee.sax?.pointee.endElement = endElement
    }

    /// True when libxml2 closed `node` by reading its end tag.
    static func closedByEndTag(_ node: xmlNodePtr) -> Bool {
        node.pointee._private == marker
    }

    /// Stored in `xmlNode._private` (application data libxml2 never touches) of marked elements.
    private static var marker: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: 1) }

    private static let endElement: endElementSAXFunc = { context, name in
        if let context, let name {
            let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
            // `node` is the element being closed; the name check guards against any mismatch.
            if let node = parser.pointee.node, let nodeName = node.pointee.name, xmlStrEqual(nodeName, name) != 0,
               let input = parser.pointee.input, endTagJustRead(input, name) {
                node.pointee._private = marker
            }
        }
        xmlSAX2EndElement(context, name)
    }

    /// True when the bytes libxml2 has consumed end with the end tag `</name…>`: its reader stands
    /// just after the `>` when it closes an element for its end tag.
    private static func endTagJustRead(_ input: xmlParserInputPtr, _ name: UnsafePointer<xmlChar>) -> Bool {
        guard let base = input.pointee.base, let cur = input.pointee.cur, cur > base, cur[-1] == 0x3E else { return false } // '>'
        // The last "<" before it opens the tag; libxml2 keeps at least 80 consumed bytes in its buffer.
        var lt = cur - 1
        while lt > base, lt.pointee != 0x3C { lt -= 1 } // '<'
        let nameLength = Int(xmlStrlen(name))
        guard lt.pointee == 0x3C, cur - lt > nameLength + 2, lt[1] == 0x2F else { return false } // '/'
        for k in 0 ..< nameLength where ByteText.lower(lt[2 + k]) != name[k] { return false }
        let after = lt[2 + nameLength]
        return after == 0x3E || after == 0x2F || ByteText.isSpace(after)
    }
}

extension HTMLNode {
    /// True for an element libxml2 closed by reading its end tag, false for one it closed itself
    /// (see `EndTagRecorder`).
    var closedByEndTag: Bool { EndTagRecorder.closedByEndTag(pointer) }
}

import CLibXML2

/// A node of an `HTMLDocument`'s libxml2 tree: an element, a text node, or another kind that
/// extraction passes over (comments, the CDATA of scripts and styles).
///
/// A borrowed pointer, valid only while its document is alive (see `HTMLDocument`). Element and
/// attribute names are lower case (libxml2's HTML parser lower-cases them), text and attribute
/// values are UTF-8 with character references decoded.
struct HTMLNode: Equatable {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) {
        self.pointer = pointer
    }

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE }

    var parent: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLNode(parent)
    }

    var nextSibling: HTMLNode? { pointer.pointee.next.map(HTMLNode.init) }

    /// The next sibling that is an element (passing over text and comments).
    var nextElementSibling: HTMLNode? {
        var sibling = pointer.pointee.next
        while let node = sibling, node.pointee.type != XML_ELEMENT_NODE { sibling = node.pointee.next }
        return sibling.map(HTMLNode.init)
    }

    /// True for an element named `name` (lower case).
    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        guard isElement, let own = pointer.pointee.name else { return false }
        return CString.equals(own, name)
    }

    /// The element's name ("td"); nil for other nodes.
    var name: UnsafePointer<UInt8>? { isElement ? pointer.pointee.name : nil }

    // MARK: attributes

    /// The value of attribute `name` (lower case), references decoded; "" for a bare attribute
    /// (`<option selected>`), nil when absent.
    func attribute(_ name: StaticString) -> String? {
        withAttribute(name) { String(decoding: $0, as: UTF8.self) }
    }

    /// True when attribute `name` is exactly `value` (compared as bytes, no string made).
    func attribute(_ name: StaticString, is value: StaticString) -> Bool {
        withAttribute(name) { bytes in value.withUTF8Buffer { bytes.elementsEqual($0) } } ?? false
    }

    func hasAttribute(_ name: StaticString) -> Bool {
        withAttribute(name) { _ in true } ?? false
    }

    /// True when the whitespace-separated `class` list contains `token` (case-sensitive, as in HTML).
    func hasClass(_ token: StaticString) -> Bool {
        withAttribute("class") { CString.containsToken($0, token) } ?? false
    }

    /// Calls `body` with the bytes of attribute `name`'s value; nil when the attribute is absent.
    func withAttribute<T>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard isElement else { return nil }
        var attribute = pointer.pointee.properties
        while let a = attribute {
            if let attributeName = a.pointee.name, CString.equals(attributeName, name) {
                return Self.withValue(of: a, body)
            }
            attribute = a.pointee.next
        }
        return nil
    }

    private static func withValue<T>(of attribute: xmlAttrPtr, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        // The HTML parser stores a value as one text node; anything else goes through libxml2's copy.
        guard let child = attribute.pointee.children else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        if child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content {
            return body(CString.buffer(content))
        }
        let copy = xmlNodeListGetString(attribute.pointee.doc, child, 1)
        defer { clibxml2_free(copy) }
        return body(copy.map { CString.buffer($0) } ?? UnsafeBufferPointer(start: nil, count: 0))
    }

    // MARK: text nodes

    /// Calls `body` with the UTF-8 content of a text node; nil for other nodes.
    func withTextContent<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard isText, let content = pointer.pointee.content else { return nil }
        return body(CString.buffer(content))
    }

    // MARK: navigation

    /// The direct children, in order.
    var children: Children { Children(upcoming: pointer.pointee.children) }

    /// Every node below this one, in document order (pre-order).
    var descendants: Descendants { Descendants(root: pointer, upcoming: isElement ? pointer.pointee.children : nil) }

    /// The first element below this one (document order) named `name` and, if given, of class `className`.
    func first(_ name: StaticString, class className: StaticString? = nil) -> HTMLNode? {
        for node in descendants where node.is(name) {
            if let className, !node.hasClass(className) { continue }
            return node
        }
        return nil
    }

    /// Every element below this one named `name` and, if given, of class `className`, in document order.
    func all(_ name: StaticString, class className: StaticString? = nil) -> [HTMLNode] {
        var found: [HTMLNode] = []
        for node in descendants where node.is(name) {
            if let className, !node.hasClass(className) { continue }
            found.append(node)
        }
        return found
    }

    /// Visits the nodes below this one in document order. `visit` returns whether to go on into
    /// the node's children; returning false passes over its whole subtree.
    func walk(_ visit: (HTMLNode) -> Bool) {
        guard isElement else { return }
        var next = pointer.pointee.children
        while let node = next {
            let descend = visit(HTMLNode(node))
            next = Self.following(node, within: pointer, descend: descend)
        }
    }

    /// The node after `node` in document order within `root`'s subtree; with `descend` false,
    /// `node`'s own subtree is passed over. Iterative, so deep trees cost no stack.
    @inline(__always)
    static func following(_ node: xmlNodePtr, within root: xmlNodePtr, descend: Bool) -> xmlNodePtr? {
        if descend, node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children { return child }
        var n = node
        while n != root {
            if let sibling = n.pointee.next { return sibling }
            guard let parent = n.pointee.parent else { return nil }
            n = parent
        }
        return nil
    }

    struct Children: Sequence, IteratorProtocol {
        var upcoming: xmlNodePtr?

        mutating func next() -> HTMLNode? {
            guard let node = upcoming else { return nil }
            upcoming = node.pointee.next
            return HTMLNode(node)
        }
    }

    struct Descendants: Sequence, IteratorProtocol {
        let root: xmlNodePtr
        var upcoming: xmlNodePtr?

        mutating func next() -> HTMLNode? {
            guard let node = upcoming else { return nil }
            upcoming = HTMLNode.following(node, within: root, descend: true)
            return HTMLNode(node)
        }
    }
}

/// A parsed HTML fragment: a flat arena of nodes in document order over the page bytes.
///
/// Nodes are appended in document order and an element only gets children while it is open,
/// so the subtree of node `n` is exactly the index range `n ..< nodes[n].end`. That makes
/// "descendants" a plain index loop and "next sibling" simply `nodes[n].end`.
/// Attribute values and text are byte ranges into `bytes`; they are decoded on demand.
struct HTMLDocument {
    let bytes: [UInt8]
    var nodes: [HTMLNode]

    static let root: Int = 0

    func tag(_ n: Int) -> HTMLTag { nodes[n].tag }

    /// Direct children of `n`, in order.
    func children(of n: Int) -> ChildSequence { ChildSequence(nodes: nodes, start: n + 1, end: Int(nodes[n].end)) }

    /// All nodes below `n`, in document order.
    func descendants(of n: Int) -> Range<Int> { (n + 1) ..< Int(nodes[n].end) }

    func hasClass(_ n: Int, _ name: StaticString) -> Bool {
        let node = nodes[n]
        guard node.classLength > 0 else { return false }
        return name.withUTF8Buffer { needle in
            ByteText.containsToken(bytes, from: Int(node.classStart), length: Int(node.classLength), token: needle)
        }
    }

    func attribute(_ n: Int, _ attribute: HTMLAttribute) -> String? {
        let node = nodes[n]
        let (start, length): (Int32, Int32) = switch attribute {
        case .id: (node.idStart, node.idLength)
        case .class: (node.classStart, node.classLength)
        case .href: (node.hrefStart, node.hrefLength)
        case .name: (node.nameStart, node.nameLength)
        }
        guard length >= 0 else { return nil }
        return HTMLEntities.decodeAttribute(bytes, from: Int(start), to: Int(start + length))
    }

    func hasAttribute(_ n: Int, _ attribute: HTMLAttribute) -> Bool {
        switch attribute {
        case .id: nodes[n].idLength >= 0
        case .class: nodes[n].classLength >= 0
        case .href: nodes[n].hrefLength >= 0
        case .name: nodes[n].nameLength >= 0
        }
    }

    /// True when the attribute's raw bytes equal `value` exactly (no decoding).
    func attributeEquals(_ n: Int, _ attribute: HTMLAttribute, _ value: StaticString) -> Bool {
        let node = nodes[n]
        let (start, length): (Int32, Int32) = switch attribute {
        case .id: (node.idStart, node.idLength)
        case .class: (node.classStart, node.classLength)
        case .href: (node.hrefStart, node.hrefLength)
        case .name: (node.nameStart, node.nameLength)
        }
        guard length == value.utf8CodeUnitCount else { return false }
        return value.withUTF8Buffer { expected in
            for k in 0 ..< Int(length) where bytes[Int(start) + k] != expected[k] { return false }
            return true
        }
    }

    /// First element below `n` (document order) with the tag and, if given, the class.
    func first(_ tag: HTMLTag, class name: StaticString? = nil, in n: Int) -> Int? {
        for d in descendants(of: n) where nodes[d].tag == tag {
            if let name { if hasClass(d, name) { return d } } else { return d }
        }
        return nil
    }

    func all(_ tag: HTMLTag, class name: StaticString? = nil, in n: Int) -> [Int] {
        var found: [Int] = []
        for d in descendants(of: n) where nodes[d].tag == tag {
            if let name { if hasClass(d, name) { found.append(d) } } else { found.append(d) }
        }
        return found
    }

    func isAncestor(_ a: Int, of n: Int) -> Bool { a < n && n < Int(nodes[a].end) }
}

struct ChildSequence: Sequence, IteratorProtocol {
    let nodes: [HTMLNode]
    var start: Int
    let end: Int

    mutating func next() -> Int? {
        guard start < end else { return nil }
        defer { start = Int(nodes[start].end) }
        return start
    }
}

enum HTMLAttribute { case id, `class`, href, name }

struct HTMLNode {
    var tag: HTMLTag
    /// Set on elements closed by their own end tag (not implied or cut off by the end of input).
    var closedByEndTag = false
    var parent: Int32
    /// One past the last node of this subtree.
    var end: Int32
    // Byte ranges of the attributes we read; length -1 when absent. Text nodes keep their text in `class*`.
    var classStart: Int32 = 0, classLength: Int32 = -1
    var idStart: Int32 = 0, idLength: Int32 = -1
    var hrefStart: Int32 = 0, hrefLength: Int32 = -1
    var nameStart: Int32 = 0, nameLength: Int32 = -1

    var textStart: Int { Int(classStart) }
    var textEnd: Int { Int(classStart + classLength) }
}

/// Tokenises HTML bytes and builds an `HTMLDocument` with the HTML5 "in body" rules that matter
/// for ModernGov pages: void and raw-text elements, implied end tags for p/li/dd/dt/td/th/tr/option,
/// table scoping (a nested table's rows stay in the nested table), and end tags that are ignored
/// when they would close across a block or table boundary. It never fails: any byte sequence gives
/// some tree, nesting is capped, and every loop advances.
///
/// libxml2 2.9's HTML parser runs at ~20 MB/s on the real ModernGov pages here (SAX with empty
/// callbacks ~35 MB/s), well below the extraction target, so the tree is built in Swift.
struct HTMLTreeBuilder {
    static let maxDepth = 400

    private let bytes: [UInt8]
    private var nodes: [HTMLNode] = []
    /// Open elements: node index and name key (for matching end tags of `.other` elements).
    private var stack: [(node: Int32, tag: HTMLTag, key: UInt64)] = []

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Builds the tree of `bytes[range]`; offsets in the result refer to `bytes`.
    static func parse(_ bytes: [UInt8], range: Range<Int>? = nil) -> HTMLDocument {
        let range = range ?? 0 ..< bytes.count
        var builder = HTMLTreeBuilder(bytes: bytes)
        builder.nodes.reserveCapacity(range.count / 40 + 16)
        builder.nodes.append(HTMLNode(tag: .document, parent: -1, end: 1))
        builder.stack.append((0, .document, 0))
        builder.run(range)
        while builder.stack.count > 0 { builder.pop() }
        return HTMLDocument(bytes: bytes, nodes: builder.nodes)
    }

    // MARK: tokenizer

    private mutating func run(_ range: Range<Int>) {
        bytes.withUnsafeBufferPointer { buf in
            var i = range.lowerBound
            let end = range.upperBound
            var textStart = i
            while i < end {
                // Find the next '<'.
                if buf[i] != 0x3C {
                    i = ByteText.indexOf(0x3C, in: buf, from: i, to: end)
                    continue
                }
                let lt = i
                guard lt + 1 < end else { i = end; break }
                let c = buf[lt + 1]
                if ByteText.isAlpha(c) {
                    flushText(buf, textStart, lt)
                    i = startTag(buf, lt + 1, end)
                    textStart = i
                } else if c == 0x2F { // '/'
                    flushText(buf, textStart, lt)
                    if lt + 2 < end, ByteText.isAlpha(buf[lt + 2]) {
                        i = endTag(buf, lt + 2, end)
                    } else {
                        i = ByteText.indexAfter(0x3E, in: buf, from: lt + 2, to: end) // bogus comment
                    }
                    textStart = i
                } else if c == 0x21 { // '!'
                    flushText(buf, textStart, lt)
                    if lt + 3 < end, buf[lt + 2] == 0x2D, buf[lt + 3] == 0x2D {
                        i = skipComment(buf, lt + 4, end)
                    } else {
                        i = ByteText.indexAfter(0x3E, in: buf, from: lt + 2, to: end) // doctype, <![CDATA[, <![if]>
                    }
                    textStart = i
                } else if c == 0x3F { // '?'
                    flushText(buf, textStart, lt)
                    i = ByteText.indexAfter(0x3E, in: buf, from: lt + 2, to: end)
                    textStart = i
                } else {
                    i = lt + 1 // a literal '<' in text
                }
            }
            flushText(buf, textStart, end)
        }
    }

    private func skipComment(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        // "<!-->" and "<!--->" are empty comments.
        if from < end, buf[from] == 0x3E { return from + 1 }
        if from + 1 < end, buf[from] == 0x2D, buf[from + 1] == 0x3E { return from + 2 }
        var i = from
        while i + 2 < end {
            let dash = ByteText.indexOf(0x2D, in: buf, from: i, to: end)
            if dash + 2 < end, buf[dash + 1] == 0x2D {
                if buf[dash + 2] == 0x3E { return dash + 3 }
                if dash + 3 < end, buf[dash + 2] == 0x21, buf[dash + 3] == 0x3E { return dash + 4 } // "--!>"
            }
            i = dash + 1
        }
        return end
    }

    private mutating func flushText(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard start < end else { return }
        let top = stack[stack.count - 1].tag
        switch top {
        case .table, .thead, .tbody, .tfoot, .tr, .ul, .ol, .dl, .select, .colgroup, .document, .html, .head:
            // Whitespace between structural tags is not content.
            var k = start
            while k < end, ByteText.isSpace(buf[k]) { k += 1 }
            if k == end { return }
        default: break
        }
        var node = HTMLNode(tag: .text, parent: stack[stack.count - 1].node, end: Int32(nodes.count + 1))
        node.classStart = Int32(start)
        node.classLength = Int32(end - start)
        nodes.append(node)
    }

    /// Parses a start tag whose name begins at `from`; returns the index after the tag (and after
    /// the raw text of script/style-like elements).
    private mutating func startTag(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        var key: UInt64 = 0
        var nameLength = 0
        while i < end {
            let b = buf[i]
            if ByteText.isSpace(b) || b == 0x2F || b == 0x3E { break }
            key = (key << 8) | UInt64(ByteText.lower(b))
            nameLength += 1
            i += 1
        }
        let tag: HTMLTag
        if nameLength <= 8 {
            tag = HTMLTag(key: key)
        } else {
            tag = HTMLTag.lookup(longName: buf[from ..< from + nameLength].map(ByteText.lower))
            key = ByteText.hashLowercased(buf, from, from + nameLength)
        }
        var node = HTMLNode(tag: tag, parent: 0, end: 0)
        var selfClosing = false
        // Attributes.
        while true {
            while i < end, ByteText.isSpace(buf[i]) || buf[i] == 0x2F {
                if buf[i] == 0x2F, i + 1 < end, buf[i + 1] == 0x3E { selfClosing = true }
                i += 1
            }
            guard i < end else { return end } // EOF inside a tag: the tag is dropped
            if buf[i] == 0x3E { i += 1; break }
            let nameStart = i
            i += 1 // the first character may be '='
            while i < end {
                let b = buf[i]
                if ByteText.isSpace(b) || b == 0x2F || b == 0x3E || b == 0x3D { break }
                i += 1
            }
            let nameEnd = i
            while i < end, ByteText.isSpace(buf[i]) { i += 1 }
            var valueStart = i, valueEnd = i
            if i < end, buf[i] == 0x3D {
                i += 1
                while i < end, ByteText.isSpace(buf[i]) { i += 1 }
                guard i < end else { return end }
                let q = buf[i]
                if q == 0x22 || q == 0x27 {
                    valueStart = i + 1
                    valueEnd = ByteText.indexOf(q, in: buf, from: valueStart, to: end)
                    guard valueEnd < end else { return end }
                    i = valueEnd + 1
                } else {
                    valueStart = i
                    while i < end, !ByteText.isSpace(buf[i]), buf[i] != 0x3E { i += 1 }
                    valueEnd = i
                }
            }
            recordAttribute(&node, buf, nameStart, nameEnd, valueStart, valueEnd)
        }
        insert(node, key: key, selfClosing: selfClosing)
        if tag.isRawText, !selfClosing {
            return ByteText.indexAfterEndTag(buf, name: from ..< from + nameLength, from: i, to: end)
        }
        return i
    }

    private func recordAttribute(_ node: inout HTMLNode, _ buf: UnsafeBufferPointer<UInt8>,
                                 _ nameStart: Int, _ nameEnd: Int, _ valueStart: Int, _ valueEnd: Int) {
        let length = nameEnd - nameStart
        guard length >= 2, length <= 5 else { return }
        let start = Int32(valueStart), count = Int32(valueEnd - valueStart)
        // The first occurrence of an attribute wins.
        switch length {
        case 2 where ByteText.equalsLower(buf, nameStart, "id"):
            if node.idLength < 0 { node.idStart = start; node.idLength = count }
        case 4 where ByteText.equalsLower(buf, nameStart, "href"):
            if node.hrefLength < 0 { node.hrefStart = start; node.hrefLength = count }
        case 4 where ByteText.equalsLower(buf, nameStart, "name"):
            if node.nameLength < 0 { node.nameStart = start; node.nameLength = count }
        case 5 where ByteText.equalsLower(buf, nameStart, "class"):
            if node.classLength < 0 { node.classStart = start; node.classLength = count }
        default: break
        }
    }

    // MARK: tree construction

    private var top: HTMLTag { stack[stack.count - 1].tag }

    private mutating func push(_ node: HTMLNode, key: UInt64) {
        var node = node
        node.parent = stack[stack.count - 1].node
        node.end = Int32(nodes.count + 1)
        nodes.append(node)
        stack.append((Int32(nodes.count - 1), node.tag, key))
    }

    private mutating func pop() {
        guard let last = stack.popLast() else { return }
        nodes[Int(last.node)].end = Int32(nodes.count)
    }

    private mutating func popThrough(_ index: Int) {
        while stack.count > index { pop() }
    }

    /// Index in `stack` of the nearest open `tag`, searching down to a boundary; nil if not in scope.
    private func inScope(_ tag: HTMLTag, boundary: (HTMLTag) -> Bool) -> Int? {
        var k = stack.count - 1
        while k > 0 {
            let t = stack[k].tag
            if t == tag { return k }
            if boundary(t) { return nil }
            k -= 1
        }
        return nil
    }

    private mutating func closeParagraph() {
        if let k = inScope(.p, boundary: { $0.isScopeBoundary || $0 == .button }) { popThrough(k) }
    }

    private mutating func insert(_ node: HTMLNode, key: UInt64, selfClosing: Bool) {
        let tag = node.tag
        switch tag {
        case .html, .head, .body:
            return // the fragment's root stands in for them
        case .li, .dd, .dt:
            var k = stack.count - 1
            while k > 0 {
                let t = stack[k].tag
                if t == tag || (tag != .li && (t == .dd || t == .dt)) { popThrough(k); break }
                if t.isSpecial, t != .address, t != .div, t != .p { break }
                k -= 1
            }
        case .tr:
            if let k = inScope(.table, boundary: { $0 == .document || $0 == .html || $0 == .template }) {
                var j = stack.count - 1
                while j > k, !stack[j].tag.isTableSection { j -= 1 }
                popThrough(j + 1)
            }
        case .td, .th:
            if let k = inScope(.table, boundary: { $0 == .document || $0 == .html || $0 == .template }) {
                var j = stack.count - 1
                while j > k, stack[j].tag != .tr, !stack[j].tag.isTableSection { j -= 1 }
                popThrough(j + 1)
                if top != .tr { push(HTMLNode(tag: .tr, parent: 0, end: 0), key: HTMLTag.key(Array("tr".utf8))) }
            }
        case .thead, .tbody, .tfoot, .caption, .colgroup:
            if let k = inScope(.table, boundary: { $0 == .document || $0 == .html || $0 == .template }) {
                popThrough(k + 1)
            }
        case .a:
            // An unclosed <a> is closed by the next <a> only when nothing but inline elements lie between.
            var k = stack.count - 1
            while k > 0 {
                let t = stack[k].tag
                if t == .a { popThrough(k); break }
                if t.isSpecial { break }
                k -= 1
            }
        case .option:
            if top == .option { pop() }
        case .optgroup:
            if top == .option { pop() }
            if top == .optgroup { pop() }
        default:
            break
        }
        if tag.closesParagraph { closeParagraph() }
        if tag.isHeading, top.isHeading { pop() }
        if stack.count >= Self.maxDepth || tag.isVoid || tag.isRawText || selfClosing {
            // A leaf: raw-text content is skipped by the tokenizer, never stored.
            var node = node
            node.parent = stack[stack.count - 1].node
            node.end = Int32(nodes.count + 1)
            node.closedByEndTag = selfClosing
            nodes.append(node)
            return
        }
        push(node, key: key)
    }

    private mutating func endTag(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        var key: UInt64 = 0
        var nameLength = 0
        while i < end {
            let b = buf[i]
            if ByteText.isSpace(b) || b == 0x2F || b == 0x3E { break }
            key = (key << 8) | UInt64(ByteText.lower(b))
            nameLength += 1
            i += 1
        }
        let tag: HTMLTag
        if nameLength <= 8 {
            tag = HTMLTag(key: key)
        } else {
            tag = HTMLTag.lookup(longName: buf[from ..< from + nameLength].map(ByteText.lower))
            key = ByteText.hashLowercased(buf, from, from + nameLength)
        }
        // Skip to the end of the tag, honouring quotes in (invalid) attributes on end tags.
        while i < end, buf[i] != 0x3E {
            if buf[i] == 0x22 || buf[i] == 0x27 {
                let close = ByteText.indexOf(buf[i], in: buf, from: i + 1, to: end)
                guard close < end else { return end }
                i = close
            }
            i += 1
        }
        guard i < end else { return end }
        closeElement(tag, key: key)
        return i + 1
    }

    private mutating func markClosed(_ k: Int) {
        nodes[Int(stack[k].node)].closedByEndTag = true
        popThrough(k)
    }

    private mutating func closeElement(_ tag: HTMLTag, key: UInt64) {
        switch tag {
        case .html, .body, .head:
            return
        case .br:
            insert(HTMLNode(tag: .br, parent: 0, end: 0), key: key, selfClosing: false)
        case .p:
            if let k = inScope(.p, boundary: { $0.isScopeBoundary || $0 == .button }) { markClosed(k) }
        case .li:
            if let k = inScope(.li, boundary: { $0.isScopeBoundary || $0 == .ul || $0 == .ol }) { markClosed(k) }
        case .td, .th, .tr, .thead, .tbody, .tfoot, .caption, .colgroup, .table:
            if let k = inScope(tag, boundary: { $0 == .document || $0 == .html || $0 == .template || ($0 == .table && tag != .table) }) {
                markClosed(k)
            }
        case .h1, .h2, .h3, .h4, .h5, .h6:
            var k = stack.count - 1
            while k > 0 {
                let t = stack[k].tag
                if t.isHeading { markClosed(k); return }
                if t.isScopeBoundary { return }
                k -= 1
            }
        default:
            if tag.isSpecial {
                if let k = inScope(tag, boundary: { $0.isScopeBoundary }) { markClosed(k) }
                return
            }
            var k = stack.count - 1
            while k > 0 {
                let entry = stack[k]
                if entry.key == key, entry.tag == tag { markClosed(k); return }
                if entry.tag.isSpecial { return }
                k -= 1
            }
        }
    }
}

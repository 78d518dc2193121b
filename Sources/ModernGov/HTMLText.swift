import CLibXML2

/// The visible text of a subtree, normalised (see `TextNormalizer`): block elements, rows and
/// cells, and `<br>` separate paragraphs; the content of scripts, styles and other non-rendered
/// elements, and of `span.mgHide` (screen-reader-only text), is left out.
extension HTMLNode {
    func text(singleLine: Bool = false, skip: ((HTMLNode) -> Bool)? = nil) -> String {
        var normalizer = TextNormalizer(singleLine: singleLine)
        appendText(to: &normalizer, skip: skip)
        return normalizer.finish()
    }

    /// True for an element that starts and ends a paragraph of text (a block, a table part, `<br>`).
    var startsParagraph: Bool {
        name.map { TextRole($0) == .block } ?? false
    }

    /// Appends the text of this node (a text node, or an element's subtree) to `normalizer`,
    /// passing over any element `skip` accepts. Iterative: deep trees cost no stack.
    func appendText(to normalizer: inout TextNormalizer, skip: ((HTMLNode) -> Bool)? = nil) {
        if isText {
            withTextContent { normalizer.append($0) }
            return
        }
        guard let name, TextRole(name) != .hidden else { return }
        var next = pointer.pointee.children
        while let node = next {
            var descend = false
            switch node.pointee.type {
            case XML_TEXT_NODE:
                if let content = node.pointee.content { normalizer.append(CString.buffer(content)) }
            case XML_ELEMENT_NODE:
                let element = HTMLNode(node)
                let role = node.pointee.name.map(TextRole.init) ?? .inline
                if role == .hidden || (role == .span && element.hasClass("mgHide")) || skip?(element) == true { break }
                if role == .block { normalizer.breakParagraph() }
                descend = node.pointee.children != nil
            default:
                break // comments, the CDATA of scripts and styles, processing instructions
            }
            if descend {
                next = node.pointee.children
                continue
            }
            // On to the next sibling, ending the paragraphs of the blocks climbed out of.
            var current = node
            next = nil
            while current != pointer {
                if let sibling = current.pointee.next {
                    next = sibling
                    break
                }
                guard let parent = current.pointee.parent, parent != pointer else { break }
                if let parentName = parent.pointee.name, TextRole(parentName) == .block { normalizer.breakParagraph() }
                current = parent
            }
        }
    }
}

/// What an element means for text extraction, by its (lower-case) name.
enum TextRole: Equatable {
    /// Runs on within the paragraph (`a`, `b`, unknown elements).
    case inline
    /// Inline, and the element `span.mgHide` is made of.
    case span
    /// Starts and ends a paragraph.
    case block
    /// Never rendered as text.
    case hidden

    init(_ name: UnsafePointer<UInt8>) {
        let key = Self.key(name)
        if key == Self.spanKey {
            self = .span
        } else if Self.hiddenKeys.contains(key) {
            self = .hidden
        } else if Self.blockKeys.contains(key) || CString.equals(name, "blockquote") || CString.equals(name, "figcaption") {
            self = .block
        } else {
            self = .inline
        }
    }

    /// Elements that start a paragraph when text is extracted: the blocks that close an open `<p>`
    /// in HTML5 (and `blockquote`, `figcaption`, whose names are too long for a key), table parts, `<br>`.
    private static let blockKeys: Set<UInt64> = Set([
        "address", "article", "aside", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "main", "menu",
        "nav", "ol", "p", "pre", "section", "summary", "ul", "li", "dd", "dt", "table", "hr",
        "br", "tr", "td", "th", "caption", "thead", "tbody", "tfoot", "option",
    ].map(key))

    /// Elements whose content never contributes text: scripts, styles, the head, form controls'
    /// values, frames and fallbacks.
    private static let hiddenKeys: Set<UInt64> = Set([
        "script", "style", "template", "noscript", "select", "head", "title", "iframe",
        "textarea", "xmp", "noembed", "noframes",
    ].map(key))

    private static let spanKey = key("span")

    /// A name of up to 8 bytes packed into an integer; 0 for longer names.
    private static func key(_ name: UnsafePointer<UInt8>) -> UInt64 {
        var k: UInt64 = 0
        for i in 0 ..< 9 {
            let b = name[i]
            if b == 0 { return k }
            if i == 8 { return 0 }
            k = k << 8 | UInt64(b)
        }
        return 0
    }

    private static func key(_ name: String) -> UInt64 {
        name.utf8.count <= 8 ? name.utf8.reduce(0) { $0 << 8 | UInt64($1) } : 0
    }
}

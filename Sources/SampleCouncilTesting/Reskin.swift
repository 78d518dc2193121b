import Foundation

/// What a council's re-skin or a ModernGov upgrade does to a meeting page, applied to a page the
/// sample council rendered (`ModernGovRenderer.meetingPage`): the same content in other markup. The
/// drift corpus (`DriftCorpus`) and a site's `SiteControls.setPageForm` serve these.
///
/// Each is a rewrite of the rendered page's markup, never of its text or links: so a reader that
/// recognises an agenda by more than one class name gives the same typed meeting from either page,
/// except for the re-skins whose `expectation` is `.unrecognised` (the agenda is no longer in the
/// page in a form any reader can see, and the page must fail, not lose its items).
public enum Reskin: String, CaseIterable, Hashable, Sendable {
    /// The items table without its class and id (`table.mgItemTable` → a plain table): the
    /// one-class change that once announced every item removed.
    case itemTableClassDropped = "item-table-class-dropped"
    /// Every ModernGov class renamed (`mgAiTitleTxt` → `cmis-ai-title-txt`, …), `#mgItemTable` too.
    case classesRenamed = "classes-renamed"
    /// The items table as `div`s: one `div` per item, number and content `div`s in it.
    case tableToDivs = "table-to-divs"
    /// The items table split in two after its first half (open and exempt business).
    case itemsTableSplit = "items-table-split"
    /// Extra wrapper elements around the items table, each item's content and the action list.
    case extraWrappers = "extra-wrappers"
    /// Attributes in reverse order, single-quoted, or unquoted where HTML allows it.
    case attributesRewritten = "attributes-rewritten"
    /// A 2014-style ModernGov template: upper-case tag and attribute names, no `mgWordPara`,
    /// `mgBulletList` or `mgSubItemTitleTxt` classes, section labels in bold paragraphs.
    case template2014 = "template-2014"
    /// The item titles in `span`s instead of `p.mgAiTitleTxt`: the items are there, their titles
    /// are not recognisable. Must fail as `unrecognised`.
    case titlesInSpans = "titles-in-spans"
    /// The agenda drawn by a script: the items table replaced by an empty placeholder. Must fail as
    /// `unrecognised` (the frontsheet and packs still show there is an agenda).
    case scriptedAgenda = "scripted-agenda"

    /// What a reader must make of the re-skinned page.
    public enum Expectation: Hashable, Sendable {
        /// The same typed meeting as from the page before the re-skin.
        case sameMeeting
        /// A failed fetch, outcome `unrecognised`: the page shows an agenda its reading lost.
        case unrecognised
    }

    public var expectation: Expectation {
        switch self {
        case .titlesInSpans, .scriptedAgenda: .unrecognised
        default: .sameMeeting
        }
    }

    /// `page` (a meeting page as `ModernGovRenderer.meetingPage` renders it) re-skinned.
    public func apply(to page: String) -> String {
        switch self {
        case .itemTableClassDropped:
            return page.replacingOccurrences(of: #"<table class="mgItemTable"  summary="Table of agenda items" id="mgItemTable">"#,
                                             with: #"<table summary="Table of agenda items">"#)
        case .classesRenamed:
            return Self.renamingClasses(page)
        case .tableToDivs:
            return Self.editingItemsTable(page) { table in
                var t = table.replacingOccurrences(of: #"<table class="mgItemTable"  summary="Table of agenda items" id="mgItemTable">"#,
                                                   with: #"<div class="agenda-items" role="list">"#)
                t = t.replacing(#/<caption[^>]*>([^<]*)</caption>/#) { "<h3 class=\"agenda-heading\">\($0.output.1)</h3>" }
                t = t.replacing(#/<tr>\s*(<th[^>]*>[^<]*</th>\s*)+</tr>/#, with: "")
                t = t.replacing(#/<td\s+class="mgItemNumberCell"\s*>/#, with: #"<div class="mgItemNumberCell">"#)
                t = t.replacing(#/<td\s*>/#, with: #"<div class="agenda-item-body">"#)
                t = t.replacing(#/<tr>/#, with: #"<div class="agenda-item" role="listitem">"#)
                t = t.replacing(#/</t[dr]>/#, with: "</div>")
                return t.replacingOccurrences(of: "</table>", with: "</div>")
            }
        case .itemsTableSplit:
            return Self.editingItemsTable(page) { table in
                let rows = table.ranges(of: "</tr>")
                // The header row, then the items: split after the first half of the items.
                guard rows.count >= 3 else { return table }
                let cut = rows[1 + (rows.count - 1) / 2 - 1].upperBound
                return String(table[..<cut]) + "\n\t</table>\n<h3 class=\"mgSectionTitle\">Part 2</h3>\n"
                    + "\t\t<table class=\"mgItemTable\" summary=\"Table of agenda items, part 2\">\n" + table[cut...]
            }
        case .extraWrappers:
            var edited = Self.editingItemsTable(page) { table in
                let wrapped = table.replacing(#/<td\s*>/#, with: #"<td ><div class="item-card"><section class="item-card-body">"#)
                    .replacing(#/(\s*)</td>\s*</tr>/#) { "</section></div>\($0.output.1)</td>\n\t\t</tr>" }
                return "<div class=\"panel\"><div class=\"panel-block\"><div class=\"table-container\">\n" + wrapped + "</div></div></div>\n"
            }
            edited = edited.replacingOccurrences(of: "<ul  class=\"mgActionList\" >",
                                                 with: "<nav class=\"documents\"><div class=\"box\"><ul  class=\"mgActionList\" >")
            return edited.replacingOccurrences(of: "\n</ul>\n</div>\n<div class=\"mgContent\" >",
                                               with: "\n</ul></div></nav>\n</div>\n<div class=\"mgContent\" >")
        case .attributesRewritten:
            return Self.rewritingTags(page) { name, attributes in
                let written = attributes.reversed().map { attribute -> String in
                    guard let value = attribute.value else { return attribute.name }
                    if !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) {
                        return "\(attribute.name)=\(value)"
                    }
                    return value.contains("'") ? "\(attribute.name)=\"\(value)\"" : "\(attribute.name)='\(value)'"
                }
                return "<" + name + written.map { " " + $0 }.joined()
            }
        case .template2014:
            var old = page.replacing(#/<div class="mgWordPara">/#, with: "<div>")
                .replacingOccurrences(of: "<ul  class=\"mgBulletList\" >", with: "<ul>")
                .replacing(#/<p class="mgSubItemTitleTxt">([^<]*)</p>/#) { "<p><b>\($0.output.1)</b></p>" }
            old = Self.rewritingTags(old) { name, attributes in
                "<" + name.uppercased() + attributes.map { attribute in
                    " " + attribute.name.uppercased() + (attribute.value.map { "=\"\($0)\"" } ?? "")
                }.joined()
            }
            return old.replacing(#/</([a-zA-Z][a-zA-Z0-9]*)>/#) { "</\($0.output.1.uppercased())>" }
        case .titlesInSpans:
            return Self.editingItemsTable(page) { table in
                // The number cell's paragraph stays (it holds the anchor); the content cell's title goes into a span.
                table.replacing(#/(<td\s*>\s*)<p\s+class="mgAiTitleTxt"\s*>((?:(?!</p>)[\s\S])*)</p>/#) {
                    "\($0.output.1)<span class=\"title\">\($0.output.2)</span>"
                }
            }
        case .scriptedAgenda:
            return Self.editingItemsTable(page) { _ in
                "<div id=\"agenda-app\" data-source=\"api/agenda\"></div>\n<noscript>Turn on JavaScript to see the agenda.</noscript>\n"
            }
        }
    }

    /// Applies `edit` to the items table (from `<table class="mgItemTable"` to its `</table>`); the
    /// page as it is when it has none.
    private static func editingItemsTable(_ page: String, _ edit: (String) -> String) -> String {
        guard let start = page.range(of: "<table class=\"mgItemTable\""),
              let help = page.range(of: "<div class=\"mgHelpLine\"", range: start.upperBound ..< page.endIndex),
              let end = page.range(of: "</table>", options: .backwards, range: start.upperBound ..< help.lowerBound) else { return page }
        return String(page[..<start.lowerBound]) + edit(String(page[start.lowerBound ..< end.upperBound])) + page[end.upperBound...]
    }

    /// Every `mg…` class token renamed (`mgAiTitleTxt` → `cmis-ai-title-txt`), and `id="mgItemTable"`.
    private static func renamingClasses(_ page: String) -> String {
        page.replacing(#/class\s*=\s*"([^"]*)"/#) { match in
            let names = match.output.1.split(whereSeparator: \.isWhitespace).map { token -> String in
                guard token.hasPrefix("mg"), token.count > 2 else { return String(token) }
                var renamed = "cmis"
                for character in token.dropFirst(2) {
                    if character.isUppercase { renamed += "-" + character.lowercased() } else { renamed.append(character) }
                }
                return renamed
            }
            return "class=\"\(names.joined(separator: " "))\""
        }.replacingOccurrences(of: "id=\"mgItemTable\"", with: "id=\"agendaItems\"")
    }

    struct Attribute {
        var name: String
        /// The value with entities as written; nil for an attribute written without one.
        var value: String?
    }

    /// Every start tag rewritten by `write(name, attributes)` (which returns the tag up to its
    /// closing `>` or `/>`, left as written). Only tags whose attributes all read cleanly are
    /// rewritten; script bodies are left alone. A byte scanner: Swift's `Regex` took a third of a
    /// second per page for this.
    private static func rewritingTags(_ page: String, _ write: (String, [Attribute]) -> String) -> String {
        let bytes = Array(page.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 10)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x3C, i + 1 < bytes.count, isLetter(bytes[i + 1]), let tag = startTag(bytes, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            out += Array(write(tag.name, tag.attributes).utf8) + Array((tag.selfClosing ? " />" : ">").utf8)
            i = tag.end
            if tag.name.lowercased() == "script" {
                let close = Array("</script".utf8)
                var k = i
                while k + close.count <= bytes.count, !zip(bytes[k ..< k + close.count], close).allSatisfy({ lower($0) == $1 }) { k += 1 }
                let end = min(k, bytes.count)
                out += bytes[i ..< end]
                i = end
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The start tag at `start` (a `<` followed by a letter); nil when it does not read cleanly.
    private static func startTag(_ b: [UInt8], at start: Int) -> (name: String, attributes: [Attribute], selfClosing: Bool, end: Int)? {
        var i = start + 1
        let nameStart = i
        while i < b.count, isLetter(b[i]) || (0x30 ... 0x39).contains(b[i]) { i += 1 }
        let name = String(decoding: b[nameStart ..< i], as: UTF8.self)
        var attributes: [Attribute] = []
        while true {
            let before = i
            while i < b.count, isSpace(b[i]) { i += 1 }
            guard i < b.count else { return nil }
            if b[i] == 0x3E { return (name, attributes, false, i + 1) } // >
            if b[i] == 0x2F, i + 1 < b.count, b[i + 1] == 0x3E { return (name, attributes, true, i + 2) } // />
            guard i > before else { return nil } // an attribute must follow whitespace
            let attributeStart = i
            while i < b.count, !isSpace(b[i]), ![0x22, 0x27, 0x3C, 0x3E, 0x2F, 0x3D].contains(b[i]) { i += 1 }
            guard i > attributeStart else { return nil }
            let attributeName = String(decoding: b[attributeStart ..< i], as: UTF8.self)
            var j = i
            while j < b.count, isSpace(b[j]) { j += 1 }
            guard j < b.count, b[j] == 0x3D else { // no value
                attributes.append(Attribute(name: attributeName, value: nil))
                continue
            }
            j += 1
            while j < b.count, isSpace(b[j]) { j += 1 }
            guard j < b.count else { return nil }
            let value: ArraySlice<UInt8>
            if b[j] == 0x22 || b[j] == 0x27 {
                guard let close = b[(j + 1)...].firstIndex(of: b[j]) else { return nil }
                value = b[(j + 1) ..< close]
                i = close + 1
            } else {
                var k = j
                while k < b.count, !isSpace(b[k]), ![0x22, 0x27, 0x3D, 0x3C, 0x3E, 0x60].contains(b[k]) { k += 1 }
                guard k > j else { return nil }
                value = b[j ..< k]
                i = k
            }
            attributes.append(Attribute(name: attributeName, value: String(decoding: value, as: UTF8.self)))
        }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (0x41 ... 0x5A).contains(b) || (0x61 ... 0x7A).contains(b) }
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }
    private static func lower(_ b: UInt8) -> UInt8 { (0x41 ... 0x5A).contains(b) ? b + 0x20 : b }
}

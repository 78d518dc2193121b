import AgendaCore
import AgendaModel

/// The numbered agenda items: the rows of `table.mgItemTable` (only its own rows: items hold
/// nested tables such as "Recorded Vote"). Within a row's content cell the parts follow each
/// other as siblings: `p.mgAiTitleTxt`, the agenda text (`div.mgWordPara`), then sections each
/// opened by a `p.mgSubItemTitleTxt` label ("Additional documents:", "Decision:", "Minutes:").
///
/// libxml2 2.9 has no HTML5 table scoping: a `<tr>` that comes while an element inside a cell is
/// still open (an unclosed `<div>` in agenda text) is nested inside that element instead of
/// closing the cell, and the rows after it follow it there. So the rows of the table are its `tr`s
/// at any depth outside nested tables, and an item's content never reaches into another row.
struct AgendaItemExtractor {
    let pageURL: WebURL

    /// The item tables below `content` (outermost only), in page order.
    func itemTables(in content: HTMLNode) -> [HTMLNode] {
        var tables: [HTMLNode] = []
        content.walk { node in
            guard Self.isItemTable(node) else { return true }
            tables.append(node)
            return false // tables inside an item table are the items' own
        }
        return tables
    }

    private static func isItemTable(_ node: HTMLNode) -> Bool {
        node.is("table") && (node.hasClass("mgItemTable") || node.attribute("id") == "mgItemTable")
    }

    /// True when an item's number cell (`td.mgItemNumberCell`) lies outside every table anywhere in
    /// `content`'s document: an end tag too many (`</table>` in agenda text) closed the items table
    /// early, and the rows after it were left outside it, where no table's rows are read (outside
    /// `#modgov` too when a following `</div>` closed that).
    func hasItemCellsOutsideTables(around content: HTMLNode) -> Bool {
        var root = content
        while let parent = root.parent { root = parent }
        var found = false
        root.walk { node in
            if node.is("table") { return false }
            if node.is("td"), node.hasClass("mgItemNumberCell") { found = true }
            return !found
        }
        return found
    }

    func items(in table: HTMLNode) -> [AgendaItem] {
        rows(of: table).compactMap { item(cells: $0) }
    }

    /// The cells of each row of `table`, in page order: the `td` children of its `tr`s, and runs of
    /// `td`s outside any `tr` (libxml2 does not imply a `<tr>` where one is missing; HTML5 does).
    private func rows(of table: HTMLNode) -> [[HTMLNode]] {
        var rows: [[HTMLNode]] = []
        var strayCells: [HTMLNode] = []
        func endStrayRow() {
            if !strayCells.isEmpty { rows.append(strayCells) }
            strayCells = []
        }
        table.walk { node in
            if node.is("tr") {
                endStrayRow()
                rows.append(node.children.filter { $0.is("td") })
            } else if node.is("td"), node.parent?.is("tr") == false {
                if let last = strayCells.last, last.nextElementSibling != node { endStrayRow() }
                strayCells.append(node)
            }
            return !node.is("table")
        }
        endStrayRow()
        return rows
    }

    private func item(cells: [HTMLNode]) -> AgendaItem? {
        guard !cells.isEmpty else { return nil }
        let numberCell = cells.first { $0.hasClass("mgItemNumberCell") } ?? (cells.count > 1 ? cells[0] : nil)
        guard let content = cells.first(where: { $0 != numberCell }) else { return nil }
        let id = itemID(cells: cells, numberCell: numberCell)
        var number = numberCell.map { $0.text(singleLine: true, skip: Self.isOtherRow) } ?? ""
        while number.hasSuffix(".") { number.removeLast() }

        var title: String?
        var documents: [Document] = []
        var textParts: [String] = []
        var minutesParts: [String] = []
        var decisionParts: [String] = []
        var section = Section.agendaText

        content.walk { node in
            if node.is("p"), node.hasClass("mgAiTitleTxt") {
                if title == nil {
                    title = node.text(singleLine: true, skip: { Self.isOtherRow($0) || ($0.is("span") && $0.hasClass("mgFileSize")) })
                    if let titleDocument = titleDocument(node) { documents.append(titleDocument) }
                }
                return false
            }
            if node.is("p"), node.hasClass("mgSubItemTitleTxt") {
                section = Section(label: node.text(singleLine: true, skip: Self.isOtherRow))
                return false
            }
            if node.is("div"), node.hasClass("mgWordPara") {
                let text = node.text(skip: Self.isOtherRow)
                if !text.isEmpty {
                    switch section {
                    case .agendaText: textParts.append(text)
                    case .minutes: minutesParts.append(text)
                    case .decision: decisionParts.append(text)
                    case .documents, .other: break
                    }
                }
                return false
            }
            if node.is("ul"), node.hasClass("mgBulletList") {
                if section == .documents { documents += bulletDocuments(node) }
                return false
            }
            // Nested tables (recorded votes) are not part of the item record, and rows are other items.
            return !node.is("table") && !node.is("tr")
        }
        guard let title else { return nil }
        return AgendaItem(
            id: id, number: number, title: title,
            text: textParts.isEmpty ? nil : textParts.joined(separator: "\n"),
            documents: documents,
            minutes: ItemSectionText.section(minutesParts),
            decision: ItemSectionText.section(decisionParts))
    }

    /// True for a row of the items table met inside an item: a later item that libxml2 nested there.
    /// (Rows of a table inside the item, a table in the agenda text, are the item's own.)
    private static func isOtherRow(_ node: HTMLNode) -> Bool {
        guard node.is("tr") else { return false }
        var ancestor = node.parent
        while let element = ancestor {
            if element.is("table") { return isItemTable(element) }
            ancestor = element.parent
        }
        return false
    }

    /// The `a` elements of `scope` that belong to this item, in page order.
    private func links(in scope: HTMLNode) -> [HTMLNode] {
        var links: [HTMLNode] = []
        scope.walk { node in
            if node.is("a") { links.append(node) }
            return !Self.isOtherRow(node)
        }
        return links
    }

    /// "AI51890" from `<a name="AI51890">`, else from an `mgAi.aspx?ID=` link; "" when neither.
    private func itemID(cells: [HTMLNode], numberCell: HTMLNode?) -> String {
        let rowLinks = cells.flatMap(links)
        for scopeLinks in [numberCell.map(links) ?? rowLinks, rowLinks] {
            for a in scopeLinks {
                if let name = a.attribute("name"), Self.isItemAnchor(name) { return name }
            }
        }
        for a in rowLinks {
            if let url = a.link(base: pageURL), url.fileNameIs("mgai.aspx"),
               let value = url.queryValue(["id"]), let number = Int(value) {
                return "AI\(number)"
            }
        }
        return ""
    }

    /// "AI" and digits only: the id ends up in notices and keys, so nothing else is accepted.
    static func isItemAnchor(_ name: String) -> Bool {
        let bytes = name.utf8
        return bytes.count > 2 && bytes.count <= 14 && name.hasPrefix("AI") && bytes.dropFirst(2).allSatisfy(ByteText.isDigit)
    }

    private func titleDocument(_ titleParagraph: HTMLNode) -> Document? {
        var candidate: HTMLNode?
        for a in links(in: titleParagraph) where a.hasAttribute("href") {
            if a.hasClass("mgAiTitleLnk") { candidate = a; break }
            if candidate == nil { candidate = a }
        }
        guard let a = candidate, let link = a.documentLink(page: pageURL), DocumentLink.isDocument(link.url) else { return nil }
        return Document(title: a.linkTitle, url: link.url.string, size: a.fileSize, external: link.external)
    }

    private func bulletDocuments(_ list: HTMLNode) -> [Document] {
        var result: [Document] = []
        for a in links(in: list) {
            guard let link = a.documentLink(page: pageURL) else { continue }
            result.append(Document(title: a.linkTitle, url: link.url.string, size: a.fileSize, external: link.external))
        }
        return result
    }

    private enum Section: Equatable {
        case agendaText, minutes, decision, documents, other

        init(label: String) {
            let l = label.lowercased()
            if l.containsIgnoringCase("minute") { self = .minutes }
            else if l.containsIgnoringCase("decision") || l.hasPrefix("resolved") { self = .decision }
            else if l.containsIgnoringCase("document") { self = .documents }
            else { self = .other }
        }
    }
}

/// The "Minutes:" / "Decision:" text of an item and its truncation marker.
enum ItemSectionText {
    static func section(_ parts: [String]) -> ItemSection? {
        guard !parts.isEmpty else { return nil }
        let (text, truncated) = stripTruncationTrailer(parts.joined(separator: "\n"))
        return ItemSection(text: text, truncated: truncated)
    }

    /// Removes a trailing "... view the full minutes text for item 59." (also "decision text",
    /// "…"), returning the text before it and whether it was there.
    static func stripTruncationTrailer(_ text: String) -> (String, Bool) {
        let bytes = Array(text.utf8)
        let window = max(0, bytes.count - 250)
        guard let cut = lastIndexCaseInsensitive("view the full ", in: bytes, from: window) else { return (text, false) }
        let trailer = bytes[(cut + 14)...]
        guard !trailer.contains(0x0A),
              indexCaseInsensitive("text for item ", in: Array(trailer)) != nil else { return (text, false) }
        var end = cut
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        if end >= 3, bytes[end - 3] == 0x2E, bytes[end - 2] == 0x2E, bytes[end - 1] == 0x2E {
            end -= 3
        } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0xA6 { // "…"
            end -= 3
        }
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        return (String(decoding: bytes[0 ..< end], as: UTF8.self), true)
    }

    private static func lastIndexCaseInsensitive(_ needle: StaticString, in bytes: [UInt8], from: Int) -> Int? {
        ByteText.lastIndexCaseInsensitive(needle, in: bytes, from: from)
    }

    private static func indexCaseInsensitive(_ needle: StaticString, in bytes: [UInt8]) -> Int? {
        needle.withUTF8Buffer { n -> Int? in
            guard bytes.count >= n.count else { return nil }
            for i in 0 ... (bytes.count - n.count) {
                var k = 0
                while k < n.count, ByteText.lower(bytes[i + k]) == n[k] { k += 1 }
                if k == n.count { return i }
            }
            return nil
        }
    }
}

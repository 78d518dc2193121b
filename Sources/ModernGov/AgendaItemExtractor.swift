import AgendaModel

/// The numbered agenda items: the rows of `table.mgItemTable` (only its own rows: items hold
/// nested tables such as "Recorded Vote"). Within a row's content cell the parts follow each
/// other as siblings: `p.mgAiTitleTxt`, the agenda text (`div.mgWordPara`), then sections each
/// opened by a `p.mgSubItemTitleTxt` label ("Additional documents:", "Decision:", "Minutes:").
struct AgendaItemExtractor {
    let document: HTMLDocument
    let pageURL: HTTPURL

    /// The item tables below `content` (outermost only), in page order.
    func itemTables(in content: Int) -> [Int] {
        var tables: [Int] = []
        for n in document.descendants(of: content) where document.tag(n) == .table {
            guard document.hasClass(n, "mgItemTable") || document.attributeEquals(n, .id, "mgItemTable") else { continue }
            if let last = tables.last, document.isAncestor(last, of: n) { continue }
            tables.append(n)
        }
        return tables
    }

    func items(in table: Int) -> [AgendaItem] {
        var items: [AgendaItem] = []
        for child in document.children(of: table) {
            switch document.tag(child) {
            case .tr:
                if let item = item(row: child) { items.append(item) }
            case .thead, .tbody, .tfoot:
                for row in document.children(of: child) where document.tag(row) == .tr {
                    if let item = item(row: row) { items.append(item) }
                }
            default:
                break
            }
        }
        return items
    }

    private func item(row: Int) -> AgendaItem? {
        let cells = document.children(of: row).filter { document.tag($0) == .td }
        guard !cells.isEmpty else { return nil }
        let numberCell = cells.first { document.hasClass($0, "mgItemNumberCell") } ?? (cells.count > 1 ? cells[0] : nil)
        guard let content = cells.first(where: { $0 != numberCell }) else { return nil }
        let id = itemID(row: row, numberCell: numberCell)
        var number = numberCell.map { document.text(of: $0, singleLine: true) } ?? ""
        while number.hasSuffix(".") { number.removeLast() }

        var title: String?
        var documents: [Document] = []
        var textParts: [String] = []
        var minutesParts: [String] = []
        var decisionParts: [String] = []
        var section = Section.agendaText

        var i = content + 1
        let end = Int(document.nodes[content].end)
        while i < end {
            let tag = document.tag(i)
            let next = Int(document.nodes[i].end)
            switch tag {
            case .p where document.hasClass(i, "mgAiTitleTxt"):
                if title == nil {
                    title = document.text(of: i, singleLine: true, skip: { self.document.tag($0) == .span && self.document.hasClass($0, "mgFileSize") })
                    if let titleDocument = titleDocument(i) { documents.append(titleDocument) }
                }
                i = next
            case .p where document.hasClass(i, "mgSubItemTitleTxt"):
                section = Section(label: document.text(of: i, singleLine: true))
                i = next
            case .div where document.hasClass(i, "mgWordPara"):
                let text = document.text(of: i)
                if !text.isEmpty {
                    switch section {
                    case .agendaText: textParts.append(text)
                    case .minutes: minutesParts.append(text)
                    case .decision: decisionParts.append(text)
                    case .documents, .other: break
                    }
                }
                i = next
            case .ul where document.hasClass(i, "mgBulletList"):
                if section == .documents { documents += bulletDocuments(i) }
                i = next
            case .table:
                i = next // nested tables (recorded votes) are not part of the item record
            default:
                i += 1
            }
        }
        guard let title else { return nil }
        return AgendaItem(
            id: id, number: number, title: title,
            text: textParts.isEmpty ? nil : textParts.joined(separator: "\n"),
            documents: documents,
            minutes: ItemSectionText.section(minutesParts),
            decision: ItemSectionText.section(decisionParts))
    }

    /// "AI51890" from `<a name="AI51890">`, else from an `mgAi.aspx?ID=` link; "" when neither.
    private func itemID(row: Int, numberCell: Int?) -> String {
        for scope in [numberCell ?? row, row] {
            for n in document.descendants(of: scope) where document.tag(n) == .a {
                if let name = document.attribute(n, .name), Self.isItemAnchor(name) { return name }
            }
        }
        for n in document.descendants(of: row) where document.tag(n) == .a {
            if let url = document.link(n, base: pageURL), url.fileNameIs("mgai.aspx"),
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

    private func titleDocument(_ titleParagraph: Int) -> Document? {
        var candidate: Int?
        for n in document.descendants(of: titleParagraph) where document.tag(n) == .a && document.hasAttribute(n, .href) {
            if document.hasClass(n, "mgAiTitleLnk") { candidate = n; break }
            if candidate == nil { candidate = n }
        }
        guard let a = candidate, let url = document.link(a, base: pageURL), DocumentLink.isDocument(url) else { return nil }
        return Document(title: document.linkTitle(a), url: url.string, size: document.fileSize(in: a))
    }

    private func bulletDocuments(_ list: Int) -> [Document] {
        var result: [Document] = []
        for a in document.descendants(of: list) where document.tag(a) == .a {
            guard let url = document.link(a, base: pageURL) else { continue }
            result.append(Document(title: document.linkTitle(a), url: url.string, size: document.fileSize(in: a)))
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

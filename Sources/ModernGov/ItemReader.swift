import AgendaCore
import AgendaModel

/// Reads one agenda item from its part of the page (see `ItemLocator`). Within the content the
/// parts follow each other: the title (`p.mgAiTitleTxt`), the agenda text (`div.mgWordPara`), then
/// sections each opened by a label (`p.mgSubItemTitleTxt`: "Additional documents:", "Decision:",
/// "Minutes:"), each part recognised by `ItemPartRules`.
struct ItemReader {
    let pageURL: WebURL
    let vocabulary: ClassVocabulary
    let layout: ItemLocator.Layout

    /// The item, or nil when it has no title (a header row, a row of something else).
    func item(_ region: ItemRegion) -> AgendaItem? {
        let isOtherRow = layout.isOtherRow
        let numberScope = region.numberScope
        let id = region.anchorID ?? itemID(region)
        var number = numberScope.map { $0.text(singleLine: true, skip: isOtherRow) } ?? ""
        while number.hasSuffix(".") { number.removeLast() }

        let rules = ItemPartRules(vocabulary: vocabulary)
        let linkText = DocumentLinkText(vocabulary: vocabulary)
        var title: String?
        var documents: [Document] = []
        var textParts: [String] = []
        var minutesParts: [String] = []
        var decisionParts: [String] = []
        var section = SectionKind.agendaText
        var partSeen = false

        region.content.walk { node in
            if let numberScope, node == numberScope { return false }
            switch rules.role(of: node, titleOpen: title == nil && !partSeen) {
            case .title:
                if title == nil {
                    let titleDocument = self.titleDocument(node, linkText: linkText)
                    title = titleText(node, document: titleDocument)
                    if let titleDocument { documents.append(titleDocument.document) }
                }
                return false
            case .sectionLabel(let kind):
                section = kind
                partSeen = true
                return false
            case .text:
                let text = node.text(skip: isOtherRow)
                if !text.isEmpty {
                    switch section {
                    case .agendaText: textParts.append(text)
                    case .minutes: minutesParts.append(text)
                    case .decision: decisionParts.append(text)
                    case .documents, .other: break
                    }
                }
                partSeen = true
                return false
            case .documentList:
                if section == .documents { documents += listDocuments(node, linkText: linkText) }
                partSeen = true
                return false
            case .none:
                // Nested tables (recorded votes) are not part of the item record, and rows are other items.
                return !node.is("table") && !node.is("tr")
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

    /// The title's text, without the size of the document it links to.
    private func titleText(_ node: HTMLNode, document: (document: Document, link: HTMLNode)?) -> String {
        let isOtherRow = layout.isOtherRow
        guard !vocabulary.contains(.fileSize) else {
            return node.text(singleLine: true, skip: { isOtherRow($0) || DocumentLinkText.isSizeBadge($0) })
        }
        let text = node.text(singleLine: true, skip: isOtherRow)
        guard document != nil else { return text }
        return DocumentLinkText.splittingSize(text).0
    }

    /// The `a` elements of `scope` that belong to this item, in page order.
    private func links(in scope: HTMLNode) -> [HTMLNode] {
        var links: [HTMLNode] = []
        scope.walk { node in
            if node.is("a") { links.append(node) }
            return !layout.isOtherRow(node)
        }
        return links
    }

    /// "AI51890" from `<a name="AI51890">` (in the number cell first), else from an `mgAi.aspx?ID=`
    /// link; "" when neither.
    private func itemID(_ region: ItemRegion) -> String {
        let rowLinks = region.scopes.flatMap(links)
        for scopeLinks in [region.numberScope.map(links) ?? rowLinks, rowLinks] {
            for a in scopeLinks {
                if let name = a.attribute("name"), ItemAnchor.isValid(name) { return name }
            }
        }
        for a in rowLinks {
            if let url = a.link(base: pageURL), case .itemPage(let id) = ModernGovLink(url) { return id }
        }
        return ""
    }

    private func titleDocument(_ titleParagraph: HTMLNode, linkText: DocumentLinkText) -> (document: Document, link: HTMLNode)? {
        var candidate: HTMLNode?
        for a in links(in: titleParagraph) where a.hasAttribute("href") {
            if a.hasClass("mgAiTitleLnk") { candidate = a; break }
            if candidate == nil { candidate = a }
        }
        guard let a = candidate, let link = a.documentLink(page: pageURL), DocumentLink.isDocument(link.url) else { return nil }
        return (Document(title: linkText.title(a), url: link.url.string, size: linkText.size(a), external: link.external), a)
    }

    private func listDocuments(_ list: HTMLNode, linkText: DocumentLinkText) -> [Document] {
        var result: [Document] = []
        for a in links(in: list) {
            guard let link = a.documentLink(page: pageURL) else { continue }
            result.append(Document(title: linkText.title(a), url: link.url.string, size: linkText.size(a), external: link.external))
        }
        return result
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

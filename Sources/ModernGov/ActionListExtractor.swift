import AgendaCore
import AgendaModel

/// The documents of a meeting's action list (`ul.mgActionList`): frontsheet, reports pack,
/// supplements, printed minutes and decisions. Links that are not documents ("Attendance
/// details", webcasts, timetables) are left out. On a page that uses the class nowhere, the
/// action list is every list outside the agenda items that links to one of the meeting's own
/// documents (`documents/g…`, `mgChooseDocPack.aspx`).
struct ActionListExtractor {
    let pageURL: WebURL
    let vocabulary: ClassVocabulary

    func extract(in content: HTMLNode, layout: ItemLocator.Layout) -> [ActionDocument] {
        let linkText = DocumentLinkText(vocabulary: vocabulary)
        var result: [ActionDocument] = []
        for list in lists(in: content, layout: layout) {
            for a in list.descendants where a.is("a") {
                guard let link = a.documentLink(page: pageURL), DocumentLink.isDocument(link.url) else { continue }
                let url = link.url
                let title = linkText.title(a)
                var size = linkText.size(a)
                if size == nil, vocabulary.contains(.fileSize), let item = enclosingListItem(a) {
                    // Some templates put the size badge after the link, inside the <li>.
                    size = linkText.size(item)
                }
                result.append(ActionDocument(kind: Self.kind(title: title, url: url), title: title, url: url.string, size: size,
                                             external: link.external))
            }
        }
        return result
    }

    private func lists(in content: HTMLNode, layout: ItemLocator.Layout) -> [HTMLNode] {
        if vocabulary.contains(.actionList) { return content.all("ul", class: "mgActionList") }
        var lists: [HTMLNode] = []
        content.walk { node in
            guard node.isElement, !layout.itemAreas.contains(node.pointer) else { return false }
            guard node.is("ul") || node.is("ol") else { return true }
            if linksToMeetingDocument(node) { lists.append(node) }
            return false
        }
        return lists
    }

    private func linksToMeetingDocument(_ list: HTMLNode) -> Bool {
        for a in list.descendants where a.is("a") {
            if let url = a.link(base: pageURL), ModernGovLink(url) == .meetingDocument { return true }
        }
        return false
    }

    private func enclosingListItem(_ node: HTMLNode) -> HTMLNode? {
        var p = node.parent
        while let element = p {
            if element.is("li") { return element }
            if element.is("ul") { return nil }
            p = element.parent
        }
        return nil
    }

    static func kind(title: String, url: WebURL) -> ActionDocumentKind {
        let t = title.lowercased()
        let file = url.fileName
        let isPack = file == "mgchoosedocpack.aspx"
        let hasSupplementID = url.queryValue(["sid"]) != nil
        if t.hasPrefix("supplement") || (isPack && hasSupplementID) { return .supplement }
        if isPack { return .reportsPack }
        if t.containsIgnoringCase("frontsheet") || t.containsIgnoringCase("front sheet") { return .frontsheet }
        if t.containsIgnoringCase("reports pack") || t.containsIgnoringCase("document pack") || t.containsIgnoringCase("agenda pack") { return .reportsPack }
        if t.containsIgnoringCase("minutes") { return .printedMinutes }
        if t.containsIgnoringCase("decision") { return .printedDecisions }
        // Generated meeting documents carry their type: T=0 agenda, T=1 minutes, T=2 decisions.
        if url.path.containsIgnoringCase("/documents/g") {
            switch url.queryValue(["t"]) {
            case "0": return .frontsheet
            case "1": return .printedMinutes
            case "2": return .printedDecisions
            default: break
            }
        }
        return .other
    }
}

import AgendaModel

/// The documents of a meeting's action list (`ul.mgActionList`): frontsheet, reports pack,
/// supplements, printed minutes and decisions. Links that are not documents ("Attendance
/// details", webcasts, timetables) are left out.
struct ActionListExtractor {
    let document: HTMLDocument
    let pageURL: HTTPURL

    func extract(in content: Int) -> [ActionDocument] {
        var result: [ActionDocument] = []
        for list in document.all(.ul, class: "mgActionList", in: content) {
            for a in document.descendants(of: list) where document.tag(a) == .a {
                guard let url = document.link(a, base: pageURL), DocumentLink.isDocument(url) else { continue }
                let title = document.linkTitle(a)
                var size = document.fileSize(in: a)
                if size == nil, let item = enclosingListItem(a) {
                    // Some templates put the size badge after the link, inside the <li>.
                    size = document.fileSize(in: item)
                }
                result.append(ActionDocument(kind: Self.kind(title: title, url: url), title: title, url: url.string, size: size))
            }
        }
        return result
    }

    private func enclosingListItem(_ n: Int) -> Int? {
        var p = Int(document.nodes[n].parent)
        while p > 0 {
            if document.tag(p) == .li { return p }
            if document.tag(p) == .ul { return nil }
            p = Int(document.nodes[p].parent)
        }
        return nil
    }

    static func kind(title: String, url: HTTPURL) -> ActionDocumentKind {
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

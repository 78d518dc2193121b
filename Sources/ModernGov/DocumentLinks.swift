/// Reading document links: the link text without its size badge, the size text, and whether a
/// link points at a document at all.
extension HTMLNode {
    /// The link text without `span.mgFileSize` (and without `span.mgHide`, as all text).
    var linkTitle: String {
        text(singleLine: true, skip: { $0.is("span") && $0.hasClass("mgFileSize") })
    }

    /// The `span.mgFileSize` text inside this node ("PDF 198 KB"), nil when there is none or it is empty.
    var fileSize: String? {
        guard let span = first("span", class: "mgFileSize") else { return nil }
        let size = span.text(singleLine: true)
        return size.isEmpty ? nil : size
    }

    /// The resolved, canonical href of this link; nil when absent or not http(s).
    func link(base: HTTPURL) -> HTTPURL? {
        guard let href = attribute("href"), !href.isEmpty else { return nil }
        return base.resolve(href)
    }
}

enum DocumentLink {
    private static let extensions = [".pdf", ".doc", ".docx", ".rtf", ".odt", ".xls", ".xlsx", ".ods", ".ppt", ".pptx",
                                     ".odp", ".zip", ".csv", ".txt", ".htm", ".html"]

    /// A published document: `documents/…` files, document packs and other office files.
    static func isDocument(_ url: HTTPURL) -> Bool {
        if url.path.containsIgnoringCase("/documents/") { return true }
        let file = url.fileName
        if file == "mgchoosedocpack.aspx" || file == "mgconvert2pdf.aspx" { return true }
        return extensions.contains { file.hasSuffix($0) && file != "default.htm" }
    }
}

/// Reading document links: the link text without its size badge, the size text, and whether a
/// link points at a document at all.
extension HTMLDocument {
    /// The link text without `span.mgFileSize` (and without `span.mgHide`, as all text).
    func linkTitle(_ a: Int) -> String {
        text(of: a, singleLine: true, skip: { self.nodes[$0].tag == .span && self.hasClass($0, "mgFileSize") })
    }

    /// The `span.mgFileSize` text inside `n` ("PDF 198 KB"), nil when there is none or it is empty.
    func fileSize(in n: Int) -> String? {
        guard let span = first(.span, class: "mgFileSize", in: n) else { return nil }
        let size = text(of: span, singleLine: true)
        return size.isEmpty ? nil : size
    }

    /// The resolved, canonical href of `a`; nil when absent or not http(s).
    func link(_ a: Int, base: HTTPURL) -> HTTPURL? {
        guard let href = attribute(a, .href), !href.isEmpty else { return nil }
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

import AgendaCore
import CLibXML2

/// Reading document links: where a link points, and whether it points at a document at all.
extension HTMLNode {
    /// The resolved, canonical href of this link; nil when absent or not http(s). Resolved once per
    /// element and base (see `ResolvedLinks`).
    func link(base: WebURL) -> WebURL? {
        if let links = ResolvedLinks.of(self) { return links.link(of: self, base: base) }
        return resolvedLink(base: base)
    }

    /// A link resolved once against `base`: the general algorithm, without splitting the base for a
    /// `WebURL.Resolver` that would serve a single reference.
    fileprivate func resolvedLink(base: WebURL) -> WebURL? {
        guard let href = attribute("href"), !href.isEmpty else { return nil }
        return base.resolve(href)
    }

    fileprivate func resolvedLink(by resolver: WebURL.Resolver) -> WebURL? {
        withAttribute("href") { href in href.isEmpty ? nil : resolver.resolve(href) } ?? nil
    }

    /// The link as a document of the meeting page `page`: its canonical URL and whether it leads
    /// to another site (see ``DocumentLink/site(of:page:)``); nil when absent, not http(s), or
    /// dropped.
    func documentLink(page: WebURL) -> (url: WebURL, external: Bool)? {
        guard let url = link(base: page), let site = DocumentLink.site(of: url, page: page) else { return nil }
        return (url, site == .external)
    }
}

enum DocumentLink {
    enum Site { case council, external }

    /// Whether `url` is on the council's site — the meeting page's, or its http/https twin — or
    /// on another one. Nil when it is on another site whose host is a loopback, private or
    /// otherwise non-public address (or `localhost`): such a link can only be a trap for whoever
    /// follows it from a notice, so it is dropped. (A council on a private address, such as a
    /// test server on 127.0.0.1, keeps its own links.)
    static func site(of url: WebURL, page: WebURL) -> Site? {
        if url.origin.isSameSite(as: page.origin) { return .council }
        return HostClass.nonPublicRange(of: url.host) == nil ? .external : nil
    }

    private static let extensions = [".pdf", ".doc", ".docx", ".rtf", ".odt", ".xls", ".xlsx", ".ods", ".ppt", ".pptx",
                                     ".odp", ".zip", ".csv", ".txt", ".htm", ".html"]

    /// A published document: `documents/…` files, document packs and other office files.
    static func isDocument(_ url: WebURL) -> Bool {
        if url.path.containsIgnoringCase("/documents/") { return true }
        let file = url.fileName
        if file == "mgchoosedocpack.aspx" || file == "mgconvert2pdf.aspx" { return true }
        return extensions.contains { file.hasSuffix($0) && file != "default.htm" }
    }
}

/// The links of one `HTMLDocument` resolved so far, by element, against the base the readers of a
/// page share (the page URL), split once (`WebURL.Resolver`). A meeting page's reading asks for
/// most links more than once (its evidence, its items, its action list, its ids), and resolving a
/// URL into canonical form was the largest single cost of the reading outside libxml2. A link
/// asked for against another base is resolved afresh. The document points at its cache from
/// `xmlDoc._private` (application data libxml2 never touches), so any node can find it; one reader
/// at a time, like the tree itself.
final class ResolvedLinks {
    private var resolver: WebURL.Resolver?
    private var resolved: [xmlNodePtr: WebURL?] = [:]

    static func of(_ node: HTMLNode) -> ResolvedLinks? {
        guard let document = node.pointer.pointee.doc, let cache = document.pointee._private else { return nil }
        return Unmanaged<ResolvedLinks>.fromOpaque(cache).takeUnretainedValue()
    }

    fileprivate func link(of element: HTMLNode, base: WebURL) -> WebURL? {
        if resolver == nil { resolver = WebURL.Resolver(base: base) }
        guard let resolver, resolver.base == base else { return element.resolvedLink(base: base) }
        if let known = resolved[element.pointer] { return known }
        let url = element.resolvedLink(by: resolver)
        resolved[element.pointer] = url
        return url
    }
}

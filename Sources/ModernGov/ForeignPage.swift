import AgendaCore

/// What a page without ModernGov content is instead, told from its first 64 KB by byte searches
/// (no parsing: it may be anything): the sync log's reason for a page that is not ModernGov, and
/// what `committees` and `check-source` tell an admin a URL leads to.
public struct ForeignPage: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A bot-protection challenge in place of the page ("Just a moment...", a CAPTCHA);
        /// `vendor` when its markup names one ("Cloudflare", "Imperva", "AWS WAF").
        case botChallenge(vendor: String?)
        /// A page of CMIS, the other committee system UK councils use, which agenda-sync does not read.
        case cmis
        /// An error page served in place of the page: IIS's and ASP.NET's, SharePoint's, "Page not
        /// found", "Service unavailable", a maintenance notice.
        case errorPage
        /// A small script that sends the browser elsewhere (e.g. an http → https stub).
        case scriptRedirect
        /// Not text: binary data.
        case binary
        /// Any other page, e.g. a council's main web site.
        case otherPage
    }

    public var kind: Kind
    /// The page's `<title>`, whitespace collapsed, at most 80 characters; nil when it has none.
    public var title: String?
    /// The product a page names itself by, where that says more than its kind ("SharePoint").
    public var product: String?
    public var byteCount: Int
    /// The page has no `<html>` or `<body>` element.
    public var lacksHTMLElement: Bool

    /// - Parameter url: where the page came from; a CMIS install is often recognisable by its address alone.
    public init(_ body: [UInt8], url: String? = nil) {
        let sample = Array(body.prefix(65_536))
        byteCount = body.count
        let head = sample.prefix(512)
        let printable = head.filter { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x20 }.count
        title = Self.title(sample)
        product = ByteText.find("SharePoint", in: sample) != nil ? "SharePoint" : nil
        lacksHTMLElement = ByteText.lastIndexCaseInsensitive("<html", in: sample) == nil
            && ByteText.lastIndexCaseInsensitive("<body", in: sample) == nil
        if printable < head.count * 9 / 10 {
            kind = .binary
        } else if let challenge = Self.challenge(sample, byteCount: body.count) {
            kind = challenge
        } else if Self.isCMIS(sample, title: title, url: url) {
            kind = .cmis
        } else if Self.isErrorPage(sample, title: title) {
            kind = .errorPage
        } else if body.count <= 8_192, ByteText.find("window.location", in: sample) != nil || ByteText.find("location.href", in: sample) != nil {
            kind = .scriptRedirect
        } else {
            kind = .otherPage
        }
    }

    /// A short account for the sync log, e.g. `no ModernGov #modgov content (6957 bytes); title "Error", a SharePoint error page`.
    public var description: String {
        if kind == .binary { return "binary data (\(byteCount) bytes)" }
        var hints: [String] = []
        if let title { hints.append("title \"\(title)\"") }
        switch kind {
        case .botChallenge(let vendor): hints.append("a bot challenge" + (vendor.map { " (\($0))" } ?? ""))
        case .cmis: hints.append("a CMIS page")
        case .errorPage: hints.append(product.map { "a \($0) error page" } ?? "an error page")
        case .scriptRedirect: hints.append("a JavaScript redirect/challenge stub")
        case .otherPage: if let product { hints.append("a \(product) page") }
        case .binary: break
        }
        if lacksHTMLElement { hints.append("no <html> element") }
        return "no ModernGov #modgov content (\(byteCount) bytes)" + (hints.isEmpty ? "" : "; " + hints.joined(separator: ", "))
    }

    private static func title(_ sample: [UInt8]) -> String? {
        guard let open = ByteText.firstIndexCaseInsensitive("<title", in: sample),
              let close = ByteText.firstIndexCaseInsensitive("</title", in: sample, from: open), close > open,
              let gt = sample[open ..< close].firstIndex(of: 0x3E) else { return nil }
        let title = TextNormalizer.line(String(decoding: sample[(gt + 1) ..< close], as: UTF8.self))
        return title.isEmpty ? nil : String(title.prefix(80))
    }

    /// Markers of bot-protection challenges, vendor's own first. Only a challenge page carries a
    /// strong one; a weak one (a CAPTCHA widget, a script path the service also injects into normal
    /// pages) counts only on a small page, since a council's main page may carry it too.
    private static let challengeMarkers: [(marker: StaticString, vendor: String?, strong: Bool)] = [
        ("_cf_chl_opt", "Cloudflare", true), ("cf-browser-verification", "Cloudflare", true),
        ("attention required! | cloudflare", "Cloudflare", true), ("/cdn-cgi/challenge-platform/", "Cloudflare", false),
        ("incapsula incident id", "Imperva", true), ("_incapsula_resource", "Imperva", false),
        ("awswafintegration", "AWS WAF", false), ("aws-waf-token", "AWS WAF", false),
        ("checking your browser", nil, false), ("checking if the site connection is secure", nil, false),
        ("enable javascript and cookies to continue", nil, false), ("g-recaptcha", nil, false), ("h-captcha", nil, false),
        ("ddos protection by", nil, false),
    ]

    /// The largest page a weak challenge marker counts on.
    private static let smallPage = 48 * 1024

    private static func challenge(_ sample: [UInt8], byteCount: Int) -> Kind? {
        for (marker, vendor, strong) in challengeMarkers where strong || byteCount <= smallPage {
            if ByteText.firstIndexCaseInsensitive(marker, in: sample) != nil { return .botChallenge(vendor: vendor) }
        }
        return nil
    }

    private static func isCMIS(_ sample: [UInt8], title: String?, url: String?) -> Bool {
        if let url = url.flatMap(WebURL.init) {
            let host = url.host
            if host.hasSuffix(".cmis.uk.com") || host.hasSuffix(".cmis-ni.org") || url.path.lowercased().contains("/cmis") { return true }
        }
        if ByteText.firstIndexCaseInsensitive("cmis5", in: sample) != nil || ByteText.find("ViewCMIS", in: sample) != nil { return true }
        return title?.containsIgnoringCase("cmis") ?? false
    }

    private static let errorTitles: [StaticString] = [
        "error", "not found", "404", "500", "502", "503", "unavailable", "maintenance", "access denied", "forbidden",
        "bad request",
    ]
    private static let errorMarkers: [StaticString] = [
        "server error in '/' application", "runtime error", "sharepointerror", "the resource cannot be found",
        "service unavailable", "http error 404",
    ]

    private static func isErrorPage(_ sample: [UInt8], title: String?) -> Bool {
        if let title, errorTitles.contains(where: { title.containsIgnoringCase($0) }) { return true }
        return errorMarkers.contains { ByteText.firstIndexCaseInsensitive($0, in: sample) != nil }
    }
}

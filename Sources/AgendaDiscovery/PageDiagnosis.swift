import AgendaCore
import AgendaFetch
import AgendaStore
import ModernGov

/// Why a page a probe fetched cannot be used: from the fetch (a redirect off the site, no answer,
/// robots.txt, an HTTP error) or from its body (a challenge, an error page, CMIS, another site —
/// ModernGov's `ForeignPage` — or a ModernGov page the parser did not recognise).
enum PageDiagnosis {
    /// The problem with `page`; `parseError` is the parser's error for its body, if it had one.
    /// `robots` is the host's robots.txt request: when it got no answer, the page was refused for
    /// that (RFC 9309), and the host is what is unreachable.
    static func problem(_ page: ProbedPage, site: ModernGovSite, parseError: ModernGovPageError? = nil,
                        robots: FetchLogEntry? = nil) -> SiteProblem {
        if let error = page.error {
            if case .redirectRefused(let target, _) = error, let newBase = site.movedBase(page: page.url, redirectsTo: target) {
                return .moved(url: page.url, target: target, newBase: newBase)
            }
            return .unreachable(url: page.url, error: error.message)
        }
        switch page.entry.outcome {
        case .robotsDisallowed:
            if let robots, robots.outcome == .transportError {
                return .unreachable(url: robots.url, error: robots.error ?? "no answer")
            }
            return .robotsDisallowed(message: page.entry.error ?? "not requested")
        case .paused: return .paused(url: page.url, message: page.entry.error ?? "the host asked us to wait")
        default: break
        }
        if let status = page.entry.status, !(200 ..< 300).contains(status) {
            return .httpStatus(url: page.url, status: status)
        }
        guard let body = page.body else {
            return .unreachable(url: page.url, error: page.entry.error ?? "no answer")
        }
        if case .notModernGov? = parseError {
            return foreign(ForeignPage(body, url: page.url), url: page.url)
        }
        return .unrecognised(url: page.url, reason: parseError.map { "\($0)" } ?? "no usable content")
    }

    /// What a page without ModernGov content means for the admin.
    static func foreign(_ page: ForeignPage, url: String) -> SiteProblem {
        switch page.kind {
        case .botChallenge(let vendor): .botChallenge(url: url, vendor: vendor)
        case .errorPage: .errorPage(url: url, title: page.title)
        case .cmis: .cmis(url: url, suggestion: CouncilSuggestion(url: url, title: page.title))
        case .scriptRedirect, .binary, .otherPage:
            .notModernGov(url: url, title: page.title, suggestion: CouncilSuggestion(url: url, title: page.title))
        }
    }
}

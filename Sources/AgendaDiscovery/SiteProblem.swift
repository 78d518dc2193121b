import AgendaCore
import CouncilRegistry
import ModernGov

/// Why a council's pages cannot be read at the address given, in the words an admin needs:
/// what the address answered and what to do about it.
public enum SiteProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// robots.txt disallows the pages (or could not be read, which counts as disallowing them).
    case robotsDisallowed(message: String)
    /// The address redirects to another site (the fetch layer never follows that): the council
    /// probably moved its install. `newBase` is the base URL to use instead.
    case moved(url: String, target: String, newBase: String)
    /// No answer: the host did not resolve, refused the connection, timed out…
    case unreachable(url: String, error: String)
    /// An HTTP error status where a page was expected.
    case httpStatus(url: String, status: Int)
    /// A bot-protection challenge served in place of the page.
    case botChallenge(url: String, vendor: String?)
    /// An error page served with 200 in place of the page.
    case errorPage(url: String, title: String?)
    /// A CMIS site, the other committee system: agenda-sync reads ModernGov only.
    case cmis(url: String, suggestion: CouncilSuggestion)
    /// Some other web site (a council's main site, a wrong address).
    case notModernGov(url: String, title: String?, suggestion: CouncilSuggestion)
    /// A ModernGov page, but not one the probe could use; `reason` is the parser's.
    case unrecognised(url: String, reason: String)
    /// The committee list pages list no committees.
    case noCommittees(url: String)
    /// The host asked us to wait (429/503) or failed several times in a row.
    case paused(url: String, message: String)
    /// `mgWebService.asmx` does not answer; `state` says how ("switched off (HTTP 404)").
    case webServiceOff(url: String, state: String)

    public var description: String {
        switch self {
        case .robotsDisallowed(let message):
            return "robots.txt forbids it: \(message)"
        case .moved(let url, let target, let newBase):
            return "the site has moved: \(url) redirects to \(target), on another site, which agenda-sync does not "
                + "follow; use base_url = \"\(newBase)\" (`agenda-sync check-source \(newBase)`)"
        case .unreachable(let url, let error):
            return "\(url) could not be fetched: \(error)"
        case .httpStatus(let url, let status):
            return "\(url) answered HTTP \(status)"
        case .botChallenge(let url, let vendor):
            return "the site answers a bot challenge\(vendor.map { " (\($0))" } ?? "") instead of its pages (\(url)): "
                + "agenda-sync cannot pass one; ask the council's web team to let its User-Agent through"
        case .errorPage(let url, let title):
            return "the site answers an error page with HTTP 200\(title.map { " (\"\($0)\")" } ?? "") instead of its pages (\(url))"
        case .cmis(let url, let suggestion):
            return "\(url) is a CMIS site, not ModernGov: agenda-sync reads ModernGov sites only; \(suggestion)"
        case .notModernGov(let url, let title, let suggestion):
            return "\(url) is not a ModernGov site\(title.map { " (a page titled \"\($0)\")" } ?? ""); \(suggestion)"
        case .unrecognised(let url, let reason):
            return "\(url) could not be read: \(reason)"
        case .noCommittees(let url):
            return "\(url) lists no committees"
        case .paused(let url, let message):
            return "\(url) was not requested: \(message)"
        case .webServiceOff(let url, let state):
            return "\(url): web service \(state); use via = \"html\""
        }
    }
}

/// Where to look for a council's ModernGov install: the registry's councils on the same
/// organisation's domain, and the `councils` search to run.
public struct CouncilSuggestion: Sendable, Hashable, CustomStringConvertible {
    /// Councils whose install is under the same organisation label of the host (`leics`).
    public var councils: [Council]
    /// What to search the registry for: the host's organisation label, else a distinctive word
    /// of the page title, else nil.
    public var term: String?

    public init(url: String, title: String?) {
        let label = WebURL(url).flatMap { HostLabel.organisation(of: $0.host) }
        councils = label.map(CouncilRegistry.councils(withHostLabel:)) ?? []
        term = label ?? title.flatMap(Self.distinctiveWord)
    }

    public var description: String {
        var text = ""
        if !councils.isEmpty {
            text = "the registry lists " + councils.map { "\($0.name) at \($0.baseURL)" }.joined(separator: ", ") + "; "
        }
        return text + "find the council's ModernGov address with `agenda-sync councils \(term ?? "NAME")`"
    }

    /// Words of council names and page titles that name no council.
    private static let generic: Set<String> = [
        "the", "of", "and", "home", "welcome", "to", "council", "councils", "borough", "county", "city", "district",
        "metropolitan", "royal", "london", "page", "website", "site", "official", "web", "cyngor", "sir", "bwrdeistref",
    ]

    /// The first word of `title` that is not a generic word of council names ("Sampleton" in
    /// "Home | Sampleton Borough Council"), lower case.
    static func distinctiveWord(_ title: String) -> String? {
        title.split { !$0.isLetter }.map { $0.lowercased() }.first { $0.count > 2 && !generic.contains($0) }
    }
}

import AgendaCore
import ModernGov

/// An install's committees as its committee list page shows them.
public struct CommitteeList: Sendable {
    /// The page they were read from.
    public var url: String
    public var entries: [CommitteeListEntry]
}

/// Reads a council's committee list: `mgListCommittees.aspx`, else `mgCommitteeStructure.aspx`.
/// When neither can be used, says why — the address redirects elsewhere, is not ModernGov (then,
/// if both pages are missing, its home page is read once to say what it is instead), answers a
/// challenge or an error page, or robots.txt forbids the pages.
public enum CommitteeDiscovery {
    public static func committees(of target: ProbeTarget, probe: CouncilProbe) async throws(SiteProblem) -> CommitteeList {
        let site = target.site
        var problems: [SiteProblem] = []
        for url in [site.committeeListURL, site.committeeStructureURL] {
            let page = await probe.fetch(url)
            var parseError: ModernGovPageError?
            if let body = page.body {
                do {
                    let entries = try CommitteeListParser().entries(body, url: url, contentType: page.contentType)
                    if !entries.isEmpty { return CommitteeList(url: url, entries: entries) }
                    problems.append(.noCommittees(url: url))
                    continue
                } catch {
                    parseError = error
                }
            }
            let problem = PageDiagnosis.problem(page, site: site, parseError: parseError, robots: await probe.robotsRequest)
            switch problem {
            case .moved, .unreachable, .botChallenge: throw problem   // the other page would say the same
            default: problems.append(problem)
            }
        }
        throw await explanation(problems, site: site, probe: probe)
    }

    /// The most telling of the two pages' problems. Two error statuses (a 404 on a site that is
    /// not ModernGov, typically) are explained by what the base URL itself serves.
    private static func explanation(_ problems: [SiteProblem], site: ModernGovSite, probe: CouncilProbe) async -> SiteProblem {
        if let telling = problems.first(where: \.saysWhatTheSiteIs) { return telling }
        if problems.allSatisfy(\.isHTTPError) {
            let home = await probe.fetch(site.baseURL)
            if let body = home.body, (try? CommitteeListParser().entries(body, url: site.baseURL, contentType: home.contentType)) == nil {
                let problem = PageDiagnosis.foreign(ForeignPage(body, url: home.url), url: home.url)
                if problem.saysWhatTheSiteIs { return problem }
            }
            if let error = home.error, case .redirectRefused = error {
                return PageDiagnosis.problem(home, site: site)
            }
        }
        return problems.first ?? .noCommittees(url: site.committeeListURL)
    }
}

extension SiteProblem {
    /// Names what the site is (another product, another site, a challenge, an error page) or where it went.
    var saysWhatTheSiteIs: Bool {
        switch self {
        case .moved, .botChallenge, .errorPage, .cmis, .notModernGov: true
        default: false
        }
    }

    var isHTTPError: Bool {
        if case .httpStatus = self { return true }
        return false
    }
}

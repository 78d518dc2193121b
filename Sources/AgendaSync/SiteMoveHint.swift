import AgendaCore
import AgendaFetch
import AgendaStore
import ModernGov

/// A council that moved its install often redirects the old address to the new one. The fetch
/// layer never follows a redirect to another site (see README "On the council's site"), so the
/// source fails with "refused to follow the redirect to URL: …"; this reads that failure as the
/// move it probably is, so `status` can tell the admin what `base_url` to set.
public enum SiteMoveHint {
    /// The base URL the source's pages redirect to, when `failure` is a redirect off the site of
    /// `baseURL`: the target with the page's path under the base taken off (a redirect from
    /// `http://old/mgCommitteeStructure.aspx` to `https://new/moderngov/mgCommitteeStructure.aspx`
    /// gives `https://new/moderngov/`), else the target's folder. nil for any other failure.
    public static func newBase(baseURL: String, failure: SourceFailure) -> String? {
        guard let target = FetchError.redirectTarget(inMessage: failure.message),
              let targetOrigin = WebURL.Origin(url: target), let baseOrigin = WebURL.Origin(url: baseURL),
              !targetOrigin.isSameSite(as: baseOrigin) else { return nil }
        var base = target
        if let url = failure.url, url.hasPrefix(baseURL) {
            let page = url.dropFirst(baseURL.count)
            if !page.isEmpty, target.lowercased().hasSuffix(page.lowercased()) { base = String(target.dropLast(page.count)) }
        }
        return ModernGovSite(baseURL: base)?.baseURL
    }
}

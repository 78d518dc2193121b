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
    /// `baseURL` (see `ModernGovSite.movedBase`); nil for any other failure.
    public static func newBase(baseURL: String, failure: SourceFailure) -> String? {
        guard let target = FetchError.redirectTarget(inMessage: failure.message),
              let targetOrigin = WebURL.Origin(url: target), let baseOrigin = WebURL.Origin(url: baseURL),
              !targetOrigin.isSameSite(as: baseOrigin), let site = ModernGovSite(baseURL: baseURL) else { return nil }
        return site.movedBase(page: failure.url, redirectsTo: target)
    }
}

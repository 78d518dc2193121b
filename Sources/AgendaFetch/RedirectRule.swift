import AgendaCore
import CCurl

/// Which redirects a request follows: the rule ``HTTPClient/fetch(_:)`` applies before each hop.
///
/// - Only within the request's site: the same scheme, host and port, or its https upgrade
///   (``AgendaCore/WebURL/Origin/allowsRedirect(to:)``); only http and https; at most
///   ``FetchLimits/maxRedirects`` hops.
/// - Never to a loopback or private address when the request itself went to a public one: the
///   hops then connect under ``ConnectPolicy/publicOnly`` (the connect guard, the same classifier
///   as webhooks'). A site on a private address — a council on an intranet, a test server on
///   127.0.0.1 — may redirect within itself.
struct RedirectRule {
    /// The origin of the request's own URL.
    let origin: WebURL.Origin
    let maxRedirects: Int

    /// Throws unless the `target` of a redirect is followed, after `followed` redirects so far.
    func check(_ target: String, followed: Int) throws(FetchError) {
        guard followed < maxRedirects else {
            throw .tooManyRedirects(CurlDiagnostic(code: Int(CURLE_TOO_MANY_REDIRECTS.rawValue),
                                                   message: "Maximum (\(maxRedirects)) redirects followed"))
        }
        let scheme = WebURL.scheme(of: target)
        guard scheme == "http" || scheme == "https" else {
            throw .unsupportedProtocol(CurlDiagnostic(
                code: Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue),
                message: "redirect to \(String(reflecting: target)) refused: only http and https are allowed"))
        }
        guard let next = WebURL(target)?.origin else {
            throw .redirectRefused(target: target, reason: "it is not an absolute http(s) URL with a host")
        }
        guard origin.allowsRedirect(to: next) else {
            throw .redirectRefused(target: target,
                                   reason: "it leaves \(origin) (redirects are followed only on the same site, or to its https upgrade)")
        }
    }

    /// The connect policy of every hop, from the request's own and the address the request went
    /// to (unknown counts as public).
    static func hopPolicy(request: ConnectPolicy, requestAddress: IPAddress?) -> ConnectPolicy {
        guard request == .any, let address = requestAddress, !address.isPublic else { return .publicOnly }
        return .any
    }

    /// The error for a hop the connect guard refused.
    func refusedHop(_ target: String, address: String, range: String) -> FetchError {
        .redirectRefused(target: target, reason: "it leads to \(address) (\(range)), and \(origin) is on a public address")
    }

    static let statuses: Set<Int> = [301, 302, 303, 307, 308]
}

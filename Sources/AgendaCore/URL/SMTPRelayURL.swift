/// The address of an SMTP relay, `smtp://host[:port][/]` or `smtps://host[:port][/]`: the rules
/// check-config and the relay itself apply, on ``WebURL/parse(_:)``. No user info (credentials
/// live in a file), path, query or fragment; the host a name of letters, digits, `-` and `.`, or
/// an IPv4 or bracketed IPv6 address.
public struct SMTPRelayURL: Sendable, Hashable {
    /// `smtp` or `smtps`.
    public let scheme: String
    /// Lower case; an IPv6 address without brackets.
    public let host: String
    /// As written, else 25 for `smtp` and 465 for `smtps`.
    public let port: Int

    public enum Problem: Error, Sendable, Hashable {
        /// Not an absolute URL with a host (which part is wrong is in the parse error).
        case notAURL(WebURL.ParseError)
        /// A scheme other than smtp or smtps.
        case scheme(String)
        /// A user name or password in the URL.
        case userInfo
        /// A path other than "/", a query or a fragment.
        case pathQueryOrFragment
        /// A host name with `_` (which SMTP names may not hold).
        case hostCharacters
    }

    public init(_ text: String) throws(Problem) {
        let url: WebURL
        switch WebURL.parse(text) {
        case .success(let parsed): url = parsed
        case .failure(let error):
            if text.contains("://"), let scheme = WebURL.scheme(of: text), scheme != "smtp", scheme != "smtps" {
                throw .scheme(scheme)
            }
            throw .notAURL(error)
        }
        guard url.scheme == "smtp" || url.scheme == "smtps" else { throw .scheme(url.scheme) }
        guard (url.path.isEmpty || url.path == "/"), url.query == nil, url.fragment == nil else { throw .pathQueryOrFragment }
        guard url.userInfo == nil else { throw .userInfo }
        guard url.host.hasPrefix("[") || !url.host.contains("_") else { throw .hostCharacters }
        scheme = url.scheme
        host = url.bareHost
        port = url.effectivePort ?? 25
    }

    /// True when the relay is on this machine: a loopback address or a `localhost` name (the
    /// same classifier as every other address check).
    public var isLoopback: Bool { HostClass.isLoopback(host) }
}

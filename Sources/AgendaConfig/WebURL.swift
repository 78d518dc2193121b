import AgendaCore
import Foundation

/// Checks for the URLs a config holds: base URLs, webhook targets, proxies, unsubscribe links.
enum WebURL {
    /// Nil when `text` is an absolute http or https URL with a host; else why not.
    /// Messages start "must be an http or https URL" so the rule is plain in every error line.
    static func httpProblem(_ text: String) -> String? {
        let rule = "must be an http or https URL"
        if text.isEmpty { return "\(rule), not empty" }
        if PlainText.hasControlCharacters(text) || text.contains(" ") {
            return "\(rule) without spaces or control characters"
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            if !text.contains("://") {
                return "\(rule): \"\(text)\" has no scheme; write \"https://\(text)\""
            }
            return "\(rule); \"\(text)\" is not a URL"
        }
        guard scheme == "http" || scheme == "https" else {
            return "\(rule); \"\(text)\" is \(scheme)"
        }
        guard let host = components.host, !host.isEmpty else {
            return "\(rule) with a host name; \"\(text)\" has none"
        }
        return nil
    }

    /// A ModernGov base URL, normalised: lower-case scheme and host, path ending in "/", no
    /// query or fragment, and not a page (`….aspx`). Returns the URL or why it is not one.
    static func normalisedBase(_ text: String) -> Result<String, Problem> {
        if let problem = httpProblem(text) { return .failure(Problem(problem)) }
        guard var components = URLComponents(string: text) else { return .failure(Problem("is not a URL")) }
        if components.query != nil || components.fragment != nil {
            return .failure(Problem("must be the site's base URL without a query or fragment, e.g. \"https://democracy.leics.gov.uk/\""))
        }
        if components.user != nil || components.password != nil {
            return .failure(Problem("must not contain a user name or password"))
        }
        let lastSegment = components.percentEncodedPath.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if lastSegment.hasSuffix(".aspx") || lastSegment.hasSuffix(".asmx") || lastSegment.hasSuffix(".htm")
            || lastSegment.hasSuffix(".html") {
            return .failure(Problem("must be the site's base URL (e.g. \"https://democracy.leics.gov.uk/\"), not a page"))
        }
        components.scheme = components.scheme?.lowercased()
        components.percentEncodedHost = components.percentEncodedHost?.lowercased()
        if !components.percentEncodedPath.hasSuffix("/") { components.percentEncodedPath += "/" }
        guard let normalised = components.string else { return .failure(Problem("is not a URL")) }
        return .success(normalised)
    }

    static let proxySchemes = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]

    /// Nil when `text` is a proxy URL libcurl accepts; else why not.
    static func proxyProblem(_ text: String) -> String? {
        let rule = "must be a proxy URL such as \"http://proxy.example:3128\" or \"socks5h://127.0.0.1:1080\""
        guard !PlainText.hasControlCharacters(text), !text.contains(" "),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { return rule }
        guard proxySchemes.contains(scheme) else {
            return "\(rule); scheme \"\(scheme)\" is not one of \(proxySchemes.joined(separator: ", "))"
        }
        return nil
    }

    /// Nil when `text` is an http(s) or mailto URL (for List-Unsubscribe) that the email channel
    /// can put in a header; else why not.
    static func unsubscribeProblem(_ text: String) -> String? {
        if text.lowercased().hasPrefix("mailto:") {
            let address = String(text.dropFirst("mailto:".count)).split(separator: "?").first.map(String.init) ?? ""
            guard EmailAddress.isAddrSpec(address), !PlainText.hasControlCharacters(text) else {
                return "must be an http(s) URL or a mailto: address, e.g. \"mailto:unsubscribe@example.org\""
            }
        } else if httpProblem(text) != nil {
            return "must be an http(s) URL or a mailto: address"
        }
        return ListUnsubscribeURL.problem(text).map { "cannot go into a List-Unsubscribe header: \($0)" }
    }

    /// Nil when `text` is an `smtp://` or `smtps://` URL with a host and no path; else why not.
    static func smtpProblem(_ text: String) -> String? {
        let rule = "must be an SMTP relay URL such as \"smtp://mail.example.org:587\" or \"smtps://mail.example.org\""
        guard !PlainText.hasControlCharacters(text), !text.contains(" "),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { return rule }
        guard scheme == "smtp" || scheme == "smtps" else { return "\(rule); scheme \"\(scheme)\" is not smtp or smtps" }
        if components.user != nil || components.password != nil {
            return "must not contain a user name or password; put them in smtp_auth_file"
        }
        if !(components.path.isEmpty || components.path == "/") || components.query != nil {
            return "\(rule), without a path or query"
        }
        return nil
    }

    /// The host of an http(s) URL, lower-cased, without IPv6 brackets.
    static func host(of text: String) -> String? {
        guard let host = URLComponents(string: text)?.host?.lowercased() else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host
    }
}

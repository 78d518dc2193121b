import AgendaCore

/// The config's URL checks — base URLs, webhook targets, proxies, SMTP relays, unsubscribe links —
/// worded for error lines. The reading itself is AgendaCore's (``WebURL/parse(_:)``, the canonical
/// ``WebURL/init(_:)``, ``SMTPRelayURL``, ``HostClass``), the same the pipeline uses at run time.
enum URLSetting {
    /// Nil when `text` is an absolute http or https URL with a host; else why not.
    /// Messages start "must be an http or https URL" so the rule is plain in every error line.
    static func httpProblem(_ text: String) -> String? {
        let rule = "must be an http or https URL"
        if text.isEmpty { return "\(rule), not empty" }
        if PlainText.hasControlCharacters(text) || text.contains(" ") {
            return "\(rule) without spaces or control characters"
        }
        guard let scheme = WebURL.scheme(of: text) else {
            if !text.contains("://") {
                return "\(rule): \"\(text)\" has no scheme; write \"https://\(text)\""
            }
            return "\(rule); \"\(text)\" is not a URL"
        }
        guard scheme == "http" || scheme == "https" else {
            return "\(rule); \"\(text)\" is \(scheme)"
        }
        switch WebURL.parse(text) {
        case .success: return nil
        case .failure(.noAuthority), .failure(.emptyHost): return "\(rule) with a host name; \"\(text)\" has none"
        case .failure: return "\(rule); \"\(text)\" is not a URL"
        }
    }

    /// A ModernGov base URL in canonical form (the form every page URL of the site is built
    /// from), its path ending in "/"; it must have no query, fragment or user info and not be a
    /// page (`….aspx`). Returns the URL or why it is not one.
    static func normalisedBase(_ text: String) -> Result<String, Problem> {
        if let problem = httpProblem(text) ?? addressSpellingProblem(text) { return .failure(Problem(problem)) }
        guard case .success(let written) = WebURL.parse(text), var base = WebURL(text) else {
            return .failure(Problem("is not a URL"))
        }
        if written.query != nil || written.fragment != nil {
            return .failure(Problem("must be the site's base URL without a query or fragment, e.g. \"https://democracy.leics.gov.uk/\""))
        }
        if written.userInfo != nil {
            return .failure(Problem("must not contain a user name or password"))
        }
        let lastSegment = written.path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if lastSegment.hasSuffix(".aspx") || lastSegment.hasSuffix(".asmx") || lastSegment.hasSuffix(".htm")
            || lastSegment.hasSuffix(".html") {
            return .failure(Problem("must be the site's base URL (e.g. \"https://democracy.leics.gov.uk/\"), not a page"))
        }
        if !base.path.hasSuffix("/") { base.path += "/" }
        return .success(base.string)
    }

    /// Why the host of a webhook URL may not be used without `allow_private = true`: it is a
    /// loopback, private or otherwise non-public address, in any spelling libcurl would connect to
    /// it by (`127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1`, `[::ffff:7f00:1]`), or `localhost`.
    /// The same classifier as the connect guard's, which checks the resolved address at delivery.
    static func privateHostProblem(_ text: String) -> String? {
        guard case .success(let url) = WebURL.parse(text), HostClass.nonPublicRange(of: url.host) != nil else { return nil }
        var host = url.bareHost
        if let address = IPAddress(urlHost: url.host), address.description != host { host += ", which is \(address)" }
        return "points at a loopback or private address (\(host)); set allow_private = true if that is intended"
    }

    /// Why a URL's host must be written another way: an IPv4 address in a spelling other than
    /// the dotted quad (`127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1`), which libcurl reads as
    /// that address but a person reading the config may not.
    static func addressSpellingProblem(_ text: String) -> String? {
        guard case .success(let url) = WebURL.parse(text), let address = IPAddress(urlHost: url.host), address.isIPv4,
              IPAddress(url.host) == nil else { return nil }
        return "writes the IP address \(address) as \"\(url.host)\"; write it as \(address)"
    }

    static let proxySchemes = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]

    /// Nil when `text` is a proxy URL libcurl accepts; else why not.
    static func proxyProblem(_ text: String) -> String? {
        let rule = "must be a proxy URL such as \"http://proxy.example:3128\" or \"socks5h://127.0.0.1:1080\""
        guard !PlainText.hasControlCharacters(text), !text.contains(" "), case .success(let url) = WebURL.parse(text)
        else { return rule }
        guard proxySchemes.contains(url.scheme) else {
            return "\(rule); scheme \"\(url.scheme)\" is not one of \(proxySchemes.joined(separator: ", "))"
        }
        return nil
    }

    /// Nil when `text` is an http(s) or mailto URL (for List-Unsubscribe) that the email channel
    /// can put in a header; else why not.
    static func unsubscribeProblem(_ text: String) -> String? {
        if WebURL.scheme(of: text) == "mailto" {
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
        do {
            _ = try SMTPRelayURL(text)
            return nil
        } catch {
            switch error {
            case .scheme(let scheme): return "\(rule); scheme \"\(scheme)\" is not smtp or smtps"
            case .userInfo: return "must not contain a user name or password; put them in smtp_auth_file"
            case .pathQueryOrFragment: return "\(rule), without a path or query"
            case .notAURL, .hostCharacters: return rule
            }
        }
    }
}

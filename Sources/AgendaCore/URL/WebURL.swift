/// An absolute URL with an authority, `scheme://[user@]host[:port][/path][?query][#fragment]`:
/// the one URL type of agenda-sync. Two ways in:
///
/// - ``init(_:)`` and ``resolve(_:)``: an http(s) URL in the canonical form agenda-sync stores,
///   so that the same document always has the same string (see `WebURL+Canonical.swift`). Every
///   URL the pipeline fetches, stores, keys politeness by or admits a connection for comes from here.
/// - ``parse(_:)``: any scheme, exactly as written, or why it is not a URL (see
///   `WebURL+Parsing.swift`): for settings (base URLs, webhooks, proxies, SMTP relays,
///   unsubscribe links), which are checked as written and rejected with a reason.
public struct WebURL: Hashable, Sendable, CustomStringConvertible {
    /// Lower case.
    public internal(set) var scheme: String
    /// The user info before `@`, as written; nil when there is none (always, in the canonical form).
    public internal(set) var userInfo: String?
    /// Lower case; an IPv6 literal keeps its brackets (`[::1]`).
    public internal(set) var host: String
    /// The port written in the URL; nil when none was (in the canonical form: when it is the
    /// scheme's default, which is dropped).
    public internal(set) var port: Int?
    /// As written for ``parse(_:)`` (may be empty); never empty in the canonical form ("/").
    public var path: String
    /// Without the `?`; nil when there is none.
    public var query: String?
    /// Without the `#`; nil when there is none (always, in the canonical form).
    public internal(set) var fragment: String?

    init(scheme: String, userInfo: String? = nil, host: String, port: Int?, path: String, query: String?,
         fragment: String? = nil) {
        self.scheme = scheme
        self.userInfo = userInfo
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// Host, with ":port" when a port is kept.
    public var authority: String {
        guard let port else { return host }
        return host + ":" + String(port)
    }

    /// `scheme://[userInfo@]authority path[?query][#fragment]`, written into one buffer: every
    /// link of every page read is asked for its string, and the chain of `+` made a string per part.
    public var string: String {
        let portText = port.map { String($0) }
        var length = scheme.utf8.count + 3 + host.utf8.count + path.utf8.count
        length += (userInfo.map { $0.utf8.count + 1 } ?? 0) + (portText.map { $0.utf8.count + 1 } ?? 0)
        length += (query.map { $0.utf8.count + 1 } ?? 0) + (fragment.map { $0.utf8.count + 1 } ?? 0)
        return String(unsafeUninitializedCapacity: length, initializingUTF8With: { out in
            var k = 0
            func write(_ text: String) {
                var text = text
                k = text.withUTF8 { out[k...].initialize(fromContentsOf: $0) }
            }
            func write(_ byte: UInt8) {
                out[k] = byte
                k += 1
            }
            write(scheme)
            write("://")
            if let userInfo {
                write(userInfo)
                write(0x40) // "@"
            }
            write(host)
            if let portText {
                write(0x3A) // ":"
                write(portText)
            }
            write(path)
            if let query {
                write(0x3F) // "?"
                write(query)
            }
            if let fragment {
                write(0x23) // "#"
                write(fragment)
            }
            return k
        })
    }

    public var description: String { string }

    /// The host without IPv6 brackets (`::1` for `[::1]`).
    public var bareHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The path and query, as an HTTP request line and robots.txt rules see them ("/" for an empty path).
    public var pathAndQuery: String {
        (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "")
    }

    /// The directory of the path, without query ("/moderngov/" for "/moderngov/ieListDocuments.aspx").
    public var directory: WebURL {
        var copy = self
        if let slash = path.utf8.lastIndex(of: 0x2F) {
            copy.path = String(path[...slash])
        } else {
            copy.path = "/"
        }
        copy.query = nil
        return copy
    }

    /// The last path segment ("ieListDocuments.aspx").
    public var lastPathSegment: Substring {
        path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    }

    /// The value of the first query parameter whose name matches one of `names` (ASCII
    /// lower case; compared case-insensitively).
    public func queryValue(_ names: [String]) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if names.contains(parts[0].lowercased()) { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    /// The scheme's well-known port, for the schemes agenda-sync speaks.
    public static func defaultPort(of scheme: String) -> Int? {
        switch scheme {
        case "http": 80
        case "https": 443
        case "smtp": 25
        case "smtps": 465
        default: nil
        }
    }

    /// The port a connection goes to: the written one, else the scheme's default.
    public var effectivePort: Int? { port ?? Self.defaultPort(of: scheme) }
}

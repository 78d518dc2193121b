#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WebURL {
    /// Why a text is not an absolute URL with an authority (see ``parse(_:)``).
    public enum ParseError: Error, Hashable, Sendable {
        case empty
        /// No `scheme:` at the start.
        case noScheme
        /// `scheme:` not followed by `//` (e.g. `https:example.org`, `mailto:x`).
        case noAuthority
        /// A space, tab, line break or other control character somewhere.
        case whitespaceOrControl
        /// A byte RFC 3986 does not allow where it stands (non-ASCII, `<`, `"`, `{` …), or a `%`
        /// that does not start an escape.
        case invalidCharacter
        /// Nothing between `//` and the path (or the port).
        case emptyHost
        /// `[` without its `]`.
        case unclosedBracket
        /// What stands in brackets is not an IPv6 address.
        case notIPv6(String)
        /// Something other than `:port` after `]`.
        case textAfterIPv6
        /// A host name with characters other than letters, digits, `-`, `.` and `_`.
        case invalidHost(String)
        /// Not a number from 1 to 65535.
        case invalidPort(String)
    }

    /// Splits `text` as written — any scheme, user info, port, path, query and fragment kept —
    /// checking it is an absolute URL with an authority: `scheme://host…`, printable ASCII with
    /// valid escapes, a host that is a name of letters, digits, `-`, `.`, `_` or a bracketed IPv6
    /// address, a port from 1 to 65535. Scheme and host are lower-cased; nothing else changes.
    public static func parse(_ text: String) -> Result<WebURL, ParseError> {
        guard !text.isEmpty else { return .failure(.empty) }
        let bytes = Array(text.utf8)[...]
        guard let scheme = schemePrefix(bytes) else { return .failure(.noScheme) }
        var rest = bytes[(bytes.startIndex + scheme.utf8.count + 1)...]
        guard rest.starts(with: [0x2F, 0x2F]) else { return .failure(.noAuthority) }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return .failure(.whitespaceOrControl) }
        guard bytes.allSatisfy({ $0 < 0x80 }), PercentEncoding.hasOnlyValidEscapes(bytes) else {
            return .failure(.invalidCharacter)
        }
        rest = rest.dropFirst(2)

        let authorityEnd = rest.firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) ?? rest.endIndex
        var hostPort = rest[rest.startIndex ..< authorityEnd]
        var afterAuthority = rest[authorityEnd...]

        var userInfo: String?
        if let at = hostPort.lastIndex(of: 0x40) {
            let info = hostPort[hostPort.startIndex ..< at]
            guard info.allSatisfy({ PercentEncoding.isUnreserved($0) || PercentEncoding.isSubDelimiter($0) || $0 == 0x3A || $0 == 0x25 })
            else { return .failure(.invalidCharacter) }
            userInfo = String(decoding: info, as: UTF8.self)
            hostPort = hostPort[(at + 1)...]
        }

        var host: String
        var portText: ArraySlice<UInt8>?
        if hostPort.first == 0x5B {
            guard let close = hostPort.firstIndex(of: 0x5D) else { return .failure(.unclosedBracket) }
            let literal = String(decoding: hostPort[(hostPort.startIndex + 1) ..< close], as: UTF8.self)
            var address = in6_addr()
            guard inet_pton(AF_INET6, literal, &address) == 1 else { return .failure(.notIPv6(literal)) }
            host = "[" + literal.lowercased() + "]"
            let tail = hostPort[(close + 1)...]
            if !tail.isEmpty {
                guard tail.first == 0x3A else { return .failure(.textAfterIPv6) }
                portText = tail.dropFirst()
            }
        } else {
            var name = hostPort
            if let colon = hostPort.firstIndex(of: 0x3A) {
                name = hostPort[hostPort.startIndex ..< colon]
                portText = hostPort[(colon + 1)...]
            }
            guard !name.isEmpty else { return .failure(.emptyHost) }
            host = String(decoding: name.map(ASCII.lower), as: UTF8.self)
            guard name.allSatisfy(isHostByte) else { return .failure(.invalidHost(host)) }
        }

        var port: Int?
        if let portText {
            let written = String(decoding: portText, as: UTF8.self)
            guard (1 ... 5).contains(portText.count), portText.allSatisfy(ASCII.isDigit), let number = Int(written),
                  (1 ... 65535).contains(number) else { return .failure(.invalidPort(written)) }
            port = number
        }

        var fragment: String?
        if let hash = afterAuthority.firstIndex(of: 0x23) {
            fragment = String(decoding: afterAuthority[(hash + 1)...], as: UTF8.self)
            afterAuthority = afterAuthority[afterAuthority.startIndex ..< hash]
        }
        var query: String?
        if let mark = afterAuthority.firstIndex(of: 0x3F) {
            query = String(decoding: afterAuthority[(mark + 1)...], as: UTF8.self)
            afterAuthority = afterAuthority[afterAuthority.startIndex ..< mark]
        }
        let allowedInPath: (UInt8) -> Bool = {
            PercentEncoding.isUnreserved($0) || PercentEncoding.isSubDelimiter($0) || $0 == 0x3A || $0 == 0x40 || $0 == 0x2F
                || $0 == 0x25
        }
        guard afterAuthority.allSatisfy(allowedInPath),
              (query.map { Array($0.utf8) } ?? []).allSatisfy({ allowedInPath($0) || $0 == 0x3F }),
              (fragment.map { Array($0.utf8) } ?? []).allSatisfy({ allowedInPath($0) || $0 == 0x3F })
        else { return .failure(.invalidCharacter) }

        return .success(WebURL(scheme: scheme, userInfo: userInfo, host: host, port: port,
                               path: String(decoding: afterAuthority, as: UTF8.self), query: query, fragment: fragment))
    }

    /// The scheme `text` starts with (lower-cased), or nil when it starts with none.
    public static func scheme(of text: String) -> String? {
        schemePrefix(Array(text.utf8)[...])
    }
}

/// The canonical form of an http(s) URL, so that the same document always has the same string:
/// - scheme and host lower-cased, default port, user info and fragment dropped, empty path → "/",
///   a trailing dot of the host dropped;
/// - ASP.NET cookieless session segments such as `/(S(abc123))/` removed from the path;
/// - dot segments removed (RFC 3986 §5.2.4);
/// - percent-encoding normalised: bytes outside the allowed set encoded (space → `%20`, never `+`),
///   escapes of unreserved characters decoded, hex digits upper-case;
/// - query parameters that only vary between views of the same page dropped: `Ver` (template
///   version on meeting links, e.g. `ieListDocuments.aspx?…&Ver=4`), `bcr` (breadcrumb flag),
///   `LLL` (display-language flag) and `_` (jQuery's cache-busting timestamp).
///
/// Stored URLs (meeting pages, documents, notices) are in this form: changing any rule here
/// changes stored strings and content hashes, so every rule is pinned by a test.
extension WebURL {
    /// Parses an absolute http(s) URL into canonical form; nil for anything else.
    public init?(_ string: String) {
        guard let url = WebURL.resolve(string, against: nil) else { return nil }
        self = url
    }

    /// Resolves `reference` (an href as written, HTML references already decoded) against this
    /// URL, into canonical form; nil unless the result is an http(s) URL.
    public func resolve(_ reference: String) -> WebURL? { WebURL.resolve(reference, against: self) }

    /// Query parameter names (lower case) dropped from canonical URLs.
    public static let noiseParameters: Set<String> = ["ver", "bcr", "lll", "_"]

    // MARK: resolution (RFC 3986 §5.2 with WHATWG input clean-up)

    static func resolve(_ reference: String, against base: WebURL?) -> WebURL? {
        // Leading/trailing controls and spaces go; tabs and newlines inside are removed; "\" is "/".
        var ref: [UInt8] = []
        ref.reserveCapacity(reference.utf8.count)
        for b in reference.utf8 where b != 0x09 && b != 0x0A && b != 0x0D {
            ref.append(b == 0x5C ? 0x2F : b)
        }
        while let first = ref.first, first <= 0x20 { ref.removeFirst() }
        while let last = ref.last, last <= 0x20 { ref.removeLast() }
        if let hash = ref.firstIndex(of: 0x23) { ref.removeSubrange(hash...) }

        var rest = ref[...]
        let scheme = schemePrefix(rest)
        if let scheme {
            rest = rest[(rest.startIndex + scheme.utf8.count + 1)...]
            if scheme != "http", scheme != "https" { return nil }
        }

        var authority: (host: String, port: Int?)?
        if rest.starts(with: [0x2F, 0x2F]) {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let authorityEnd = rest[afterSlashes...].firstIndex(where: { $0 == 0x2F || $0 == 0x3F }) ?? rest.endIndex
            guard let normalized = canonicalAuthority(rest[afterSlashes ..< authorityEnd], scheme: scheme ?? base?.scheme ?? "https")
            else { return nil }
            authority = normalized
            rest = rest[authorityEnd...]
        } else if scheme != nil, base == nil || scheme != base?.scheme {
            return nil // "http:foo" without a base of the same scheme
        }

        let queryStart = rest.firstIndex(of: 0x3F)
        let rawPath = rest[rest.startIndex ..< (queryStart ?? rest.endIndex)]
        let rawQuery = queryStart.map { rest[($0 + 1)...] }

        let finalScheme: String
        let finalAuthority: (host: String, port: Int?)
        var path: [UInt8]
        var query: ArraySlice<UInt8>?
        if let authority {
            finalScheme = scheme ?? base?.scheme ?? "https"
            finalAuthority = authority
            path = Array(rawPath)
            query = rawQuery
        } else {
            guard let base else { return nil }
            finalScheme = base.scheme
            finalAuthority = (base.host, base.port)
            if rawPath.isEmpty {
                path = Array(base.path.utf8)
                query = rawQuery ?? base.query.map { Array($0.utf8)[...] }
            } else if rawPath.first == 0x2F {
                path = Array(rawPath)
                query = rawQuery
            } else {
                var basePath = Array(base.path.utf8)
                if let slash = basePath.lastIndex(of: 0x2F) { basePath.removeSubrange((slash + 1)...) } else { basePath = [0x2F] }
                path = basePath + rawPath
                query = rawQuery
            }
        }
        let cleanPath = String(decoding: PercentEncoding.normalise(removeSessionSegments(removeDotSegments(path)),
                                                                   encode: { !isAllowed($0, query: false) }),
                               as: UTF8.self)
        let cleanQuery = query.flatMap { canonicalQuery($0) }
        return WebURL(scheme: finalScheme, host: finalAuthority.host, port: finalAuthority.port,
                      path: cleanPath.isEmpty ? "/" : cleanPath, query: cleanQuery)
    }

    /// The scheme of `bytes` (lower-cased) when they start with `ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":"`.
    static func schemePrefix(_ bytes: ArraySlice<UInt8>) -> String? {
        guard let colon = bytes.firstIndex(of: 0x3A), colon > bytes.startIndex, ASCII.isAlpha(bytes[bytes.startIndex]),
              bytes[bytes.startIndex ..< colon].allSatisfy({ ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E })
        else { return nil }
        return String(decoding: bytes[bytes.startIndex ..< colon].map(ASCII.lower), as: UTF8.self)
    }

    /// Host (lower case, trailing dot dropped) and port (nil when absent or the scheme's default)
    /// of an authority; user info is dropped. Nil when the host is empty or holds characters
    /// other than letters, digits, `-`, `.`, `_` (and `[`, `]`, `:` of an IPv6 literal), or the
    /// port is not a number up to 65535.
    private static func canonicalAuthority(_ raw: ArraySlice<UInt8>, scheme: String) -> (host: String, port: Int?)? {
        var hostPort = raw
        if let at = hostPort.lastIndex(of: 0x40) { hostPort = hostPort[(at + 1)...] } // user info
        var host = hostPort
        var port: ArraySlice<UInt8>?
        if let colon = hostPort.lastIndex(of: 0x3A), !hostPort[colon...].contains(0x5D) {
            host = hostPort[hostPort.startIndex ..< colon]
            port = hostPort[(colon + 1)...]
        }
        guard !host.isEmpty, host.allSatisfy({ isHostByte($0) || $0 == 0x5B || $0 == 0x5D || $0 == 0x3A }) else { return nil }
        var result = String(decoding: host.map(ASCII.lower), as: UTF8.self)
        if result.hasSuffix(".") { result.removeLast() }
        guard let port, !port.isEmpty else { return (result, nil) }
        guard port.count <= 5, port.allSatisfy(ASCII.isDigit), let number = Int(String(decoding: port, as: UTF8.self)),
              number <= 65535 else { return nil }
        return (result, number == defaultPort(of: scheme) ? nil : number)
    }

    /// A byte of a host name: letter, digit, `-`, `.` or `_`.
    static func isHostByte(_ b: UInt8) -> Bool {
        ASCII.isAlpha(b) || ASCII.isDigit(b) || b == 0x2D || b == 0x2E || b == 0x5F
    }

    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard hasDotSegment(path) else { return path }
        var output: [ArraySlice<UInt8>] = []
        let segments = path.split(separator: 0x2F, omittingEmptySubsequences: false)
        for (k, segment) in segments.enumerated() {
            let isLast = k == segments.count - 1
            if segment.elementsEqual([0x2E]) || segment.elementsEqual([0x25, 0x32, 0x65]) || segment.elementsEqual([0x25, 0x32, 0x45]) {
                if isLast { output.append([]) }
            } else if segment.elementsEqual([0x2E, 0x2E]) {
                if output.count > 1 { output.removeLast() }
                if isLast { output.append([]) }
            } else {
                output.append(segment)
            }
        }
        return Array(output.joined(separator: [0x2F]))
    }

    static func hasDotSegment(_ path: [UInt8]) -> Bool {
        var segmentStart = 0
        for k in 0 ... path.count {
            guard k == path.count || path[k] == 0x2F else { continue }
            let length = k - segmentStart
            if length == 1, path[segmentStart] == 0x2E { return true }
            if length == 2, path[segmentStart] == 0x2E, path[segmentStart + 1] == 0x2E { return true }
            if length == 3, path[segmentStart] == 0x25 { return true } // "%2e"
            segmentStart = k + 1
        }
        return false
    }

    /// Drops ASP.NET cookieless-session segments: "(S(abc))", "(X(1)S(abc))", "(A(…)F(…))".
    static func removeSessionSegments(_ path: [UInt8]) -> [UInt8] {
        guard path.contains(0x28) else { return path }
        let segments = path.split(separator: 0x2F, omittingEmptySubsequences: false)
        let kept = segments.filter { !isSessionSegment($0) }
        guard kept.count != segments.count else { return path }
        return Array(kept.joined(separator: [0x2F]))
    }

    /// True for an ASP.NET cookieless-session path segment, also percent-encoded (`%28S%28abc%29%29`).
    public static func isSessionSegment<Segment: RandomAccessCollection<UInt8>>(_ segment: Segment) -> Bool where Segment.Index == Int {
        let s = segment
        if s.first == 0x25 { // percent-encoded parentheses: %28S%28abc%29%29
            var decoded: [UInt8] = []
            var i = s.startIndex
            while i < s.endIndex {
                if s[i] == 0x25, i + 2 < s.endIndex, s[i + 1] == 0x32, s[i + 2] == 0x38 || s[i + 2] == 0x39 {
                    decoded.append(s[i + 2] == 0x38 ? 0x28 : 0x29)
                    i += 3
                } else {
                    decoded.append(s[i])
                    i += 1
                }
            }
            return isSessionGroups(decoded[...])
        }
        return isSessionGroups(s)
    }

    /// True for `(` one or more groups of a letter and a parenthesised value `)`: "(S(abc))", "(X(1)S(abc))".
    private static func isSessionGroups<Segment: RandomAccessCollection<UInt8>>(_ s: Segment) -> Bool where Segment.Index == Int {
        guard s.count >= 5, s.first == 0x28, s.last == 0x29 else { return false }
        var i = s.startIndex + 1
        let end = s.endIndex - 1
        var groups = 0
        while i < end {
            guard ASCII.isAlpha(s[i]), i + 1 < end, s[i + 1] == 0x28 else { return false }
            i += 2
            while i < end, s[i] != 0x29 {
                guard s[i] != 0x28 else { return false }
                i += 1
            }
            guard i < end else { return false }
            i += 1
            groups += 1
        }
        return groups > 0
    }

    private static func canonicalQuery(_ raw: ArraySlice<UInt8>) -> String? {
        var kept: [ArraySlice<UInt8>] = []
        for pair in raw.split(separator: 0x26) {
            let name = pair.prefix(while: { $0 != 0x3D })
            let lowered = String(decoding: name.map(ASCII.lower), as: UTF8.self)
            if noiseParameters.contains(lowered) { continue }
            kept.append(pair)
        }
        guard !kept.isEmpty else { return nil }
        return String(decoding: PercentEncoding.normalise(Array(kept.joined(separator: [0x26])), encode: { !isAllowed($0, query: true) }),
                      as: UTF8.self)
    }

    /// What may stand unescaped in a canonical path (query: also `?`): unreserved, sub-delims, `:` `@` `/`.
    static func isAllowed(_ b: UInt8, query: Bool) -> Bool {
        if PercentEncoding.isUnreserved(b) || PercentEncoding.isSubDelimiter(b) { return true }
        switch b {
        case 0x3A, 0x40, 0x2F: return true
        case 0x3F: return query
        default: return false
        }
    }
}

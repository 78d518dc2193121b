/// An absolute http(s) URL in the canonical form agenda-sync stores, so that the same document
/// always has the same string:
/// - scheme and host lower-cased, default port, user info and fragment dropped, empty path → "/";
/// - ASP.NET cookieless session segments such as `/(S(abc123))/` removed from the path;
/// - percent-encoding normalised: bytes outside the allowed set encoded (space → `%20`, never `+`),
///   escapes of unreserved characters decoded, hex digits upper-case;
/// - query parameters that only vary between views of the same page dropped: `Ver` (template
///   version on meeting links, e.g. `ieListDocuments.aspx?…&Ver=4`), `bcr` (breadcrumb flag),
///   `LLL` (display-language flag) and `_` (jQuery's cache-busting timestamp).
struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    var scheme: String
    /// Host, with ":port" when it is not the scheme's default.
    var authority: String
    var path: String
    var query: String?

    var description: String { string }
    var string: String { scheme + "://" + authority + path + (query.map { "?" + $0 } ?? "") }

    /// The directory of the path ("/moderngov/" for "/moderngov/ieListDocuments.aspx").
    var directory: HTTPURL {
        var copy = self
        if let slash = path.utf8.lastIndex(of: 0x2F) {
            copy.path = String(path[...slash])
        } else {
            copy.path = "/"
        }
        copy.query = nil
        return copy
    }

    static let noiseParameters: Set<String> = ["ver", "bcr", "lll", "_"]

    /// Parses an absolute http(s) URL.
    init?(_ string: String) {
        guard let url = HTTPURL.resolve(string, against: nil) else { return nil }
        self = url
    }

    private init(scheme: String, authority: String, path: String, query: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
    }

    /// Resolves `reference` (an href as written, references already decoded) against this URL.
    func resolve(_ reference: String) -> HTTPURL? { HTTPURL.resolve(reference, against: self) }

    /// The value of the first query parameter whose name matches one of `names` (ASCII, case-insensitive).
    func queryValue(_ names: [String]) -> String? {
        guard let query else { return nil }
        return HTTPURL.queryValue(in: query, names)
    }

    static func queryValue(in query: some StringProtocol, _ names: [String]) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].lowercased()
            if names.contains(key) { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    /// The last path segment ("ieListDocuments.aspx"), lower-cased.
    var fileName: String {
        let segment = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        return segment.lowercased()
    }

    /// True when the last path segment is `name` (ASCII lower case), ignoring case.
    func fileNameIs(_ name: StaticString) -> Bool {
        var path = path
        return path.withUTF8 { p in
            name.withUTF8Buffer { n in
                guard p.count >= n.count + 1, p[p.count - n.count - 1] == 0x2F else { return false }
                let start = p.count - n.count
                for k in 0 ..< n.count where ByteText.lower(p[start + k]) != n[k] { return false }
                return true
            }
        }
    }

    // MARK: resolution (RFC 3986 §5.2 with WHATWG input clean-up)

    private static func resolve(_ reference: String, against base: HTTPURL?) -> HTTPURL? {
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
        var scheme: String?
        if let colon = rest.firstIndex(of: 0x3A), colon > rest.startIndex,
           ByteText.isAlpha(rest[rest.startIndex]),
           rest[rest.startIndex ..< colon].allSatisfy({ ByteText.isAlpha($0) || ByteText.isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) {
            scheme = String(decoding: rest[rest.startIndex ..< colon].map(ByteText.lower), as: UTF8.self)
            rest = rest[(colon + 1)...]
        }
        if let scheme, scheme != "http", scheme != "https" { return nil }

        var authority: String?
        if rest.starts(with: [0x2F, 0x2F]) {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let authorityEnd = rest[afterSlashes...].firstIndex(where: { $0 == 0x2F || $0 == 0x3F }) ?? rest.endIndex
            guard let normalized = normalizeAuthority(rest[afterSlashes ..< authorityEnd], scheme: scheme ?? base?.scheme ?? "https") else { return nil }
            authority = normalized
            rest = rest[authorityEnd...]
        } else if scheme != nil, base == nil || scheme != base?.scheme {
            return nil // "http:foo" without a base of the same scheme
        }

        let queryStart = rest.firstIndex(of: 0x3F)
        let rawPath = rest[rest.startIndex ..< (queryStart ?? rest.endIndex)]
        let rawQuery = queryStart.map { rest[($0 + 1)...] }

        let finalScheme: String
        let finalAuthority: String
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
            finalAuthority = base.authority
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
        let cleanPath = percentNormalize(removeSessionSegments(removeDotSegments(path)), query: false)
        let cleanQuery = query.flatMap { normalizeQuery($0) }
        return HTTPURL(scheme: finalScheme, authority: finalAuthority, path: cleanPath.isEmpty ? "/" : cleanPath, query: cleanQuery)
    }

    private static func normalizeAuthority(_ raw: ArraySlice<UInt8>, scheme: String) -> String? {
        var hostPort = raw
        if let at = hostPort.lastIndex(of: 0x40) { hostPort = hostPort[(at + 1)...] } // user info
        var host = hostPort
        var port: ArraySlice<UInt8>?
        if let colon = hostPort.lastIndex(of: 0x3A), !hostPort[colon...].contains(0x5D) {
            host = hostPort[hostPort.startIndex ..< colon]
            port = hostPort[(colon + 1)...]
        }
        guard !host.isEmpty else { return nil }
        let allowed = host.allSatisfy { ByteText.isAlpha($0) || ByteText.isDigit($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5B || $0 == 0x5D || $0 == 0x3A || $0 == 0x5F }
        guard allowed else { return nil }
        var result = String(decoding: host.map(ByteText.lower), as: UTF8.self)
        if result.hasSuffix(".") { result.removeLast() }
        if let port, !port.isEmpty {
            guard port.count <= 5, port.allSatisfy(ByteText.isDigit), let number = Int(String(decoding: port, as: UTF8.self)),
                  number <= 65535 else { return nil }
            if !(scheme == "http" && number == 80) && !(scheme == "https" && number == 443) {
                result += ":\(number)"
            }
        }
        return result
    }

    private static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
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

    private static func hasDotSegment(_ path: [UInt8]) -> Bool {
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
    private static func removeSessionSegments(_ path: [UInt8]) -> [UInt8] {
        guard path.contains(0x28) else { return path }
        let segments = path.split(separator: 0x2F, omittingEmptySubsequences: false)
        let kept = segments.filter { !isSessionSegment($0) }
        guard kept.count != segments.count else { return path }
        return Array(kept.joined(separator: [0x2F]))
    }

    static func isSessionSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        var s = segment
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
            s = decoded[...]
        }
        guard s.count >= 5, s.first == 0x28, s.last == 0x29 else { return false }
        var i = s.startIndex + 1
        let end = s.endIndex - 1
        var groups = 0
        while i < end {
            guard ByteText.isAlpha(s[i]), i + 1 < end, s[i + 1] == 0x28 else { return false }
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

    private static func normalizeQuery(_ raw: ArraySlice<UInt8>) -> String? {
        var kept: [ArraySlice<UInt8>] = []
        for pair in raw.split(separator: 0x26) {
            let name = pair.prefix(while: { $0 != 0x3D })
            let lowered = String(decoding: name.map(ByteText.lower), as: UTF8.self)
            if noiseParameters.contains(lowered) { continue }
            kept.append(pair)
        }
        guard !kept.isEmpty else { return nil }
        return percentNormalize(Array(kept.joined(separator: [0x26])), query: true)
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        ByteText.isAlpha(b) || ByteText.isDigit(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    private static func isAllowed(_ b: UInt8, query: Bool) -> Bool {
        if isUnreserved(b) { return true }
        switch b {
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x3A, 0x40, 0x2F: return true // sub-delims : @ /
        case 0x3F: return query
        default: return false
        }
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func percentNormalize(_ bytes: [UInt8], query: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25, i + 2 < bytes.count, let hi = hexDigit(bytes[i + 1]), let lo = hexDigit(bytes[i + 2]) {
                let value = hi << 4 | lo
                if isUnreserved(value) {
                    out.append(value)
                } else {
                    out.append(0x25); out.append(hex[Int(hi)]); out.append(hex[Int(lo)])
                }
                i += 3
                continue
            }
            if b != 0x25, isAllowed(b, query: query) {
                out.append(b)
            } else {
                out.append(0x25); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0x0F)])
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30 ... 0x39: b - 0x30
        case 0x41 ... 0x46: b - 0x41 + 10
        case 0x61 ... 0x66: b - 0x61 + 10
        default: nil
        }
    }
}

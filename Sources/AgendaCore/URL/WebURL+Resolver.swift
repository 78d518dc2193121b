extension WebURL {
    /// Resolves many references against one base — a page's links against the page URL — into
    /// canonical form, with the same result as `base.resolve(reference)` for every reference.
    ///
    /// The base is split once. A reference of the form nearly every ModernGov link has — a path of
    /// plain bytes (unreserved, sub-delims, `@`, `/`: nothing to escape, no escape, no scheme) with
    /// no `.` or `..` segment, optionally a query of plain bytes and a fragment
    /// (`mgConvert2PDF.aspx?ID=7`, `documents/s1234/Report.pdf`, `/(S(token))/ieIssueDetails.aspx?IId=2`,
    /// `?CId=1`, `#top`) — is joined to the base's bytes directly, its session segments dropped:
    /// for such bytes the general algorithm's clean-up of whitespace, its dot-segment removal and
    /// its percent-encoding normalisation change nothing, so they are skipped. Every other
    /// reference takes the general algorithm (`WebURL+Canonical.swift`). Resolving a meeting
    /// page's links was 8% of a baseline cycle's instructions; the two paths are held to the same
    /// output by `URLResolverDifferentialTests`.
    public final class Resolver: Sendable {
        public let base: WebURL
        /// The base's path through its last `/`, when joining a plain relative path to it gives a
        /// canonical path as it stands (no dot segment, session segment or escape to normalise in
        /// it); nil otherwise, and relative paths take the general algorithm.
        private let directory: [UInt8]?
        /// What a reference without a path resolves to (`""`, `#top`): the base, canonical.
        private let samePage: WebURL?

        public init(base: WebURL) {
            self.base = base
            samePage = WebURL.resolve("", against: base)
            var path = Array(base.path.utf8)
            if let slash = path.lastIndex(of: 0x2F) { path.removeSubrange((slash + 1)...) } else { path = [0x2F] }
            let isCanonical = !WebURL.hasDotSegment(path) && WebURL.removeSessionSegments(path) == path
                && PercentEncoding.normalise(path, encode: { !WebURL.isAllowed($0, query: false) }) == path
            directory = isCanonical ? path : nil
        }

        /// `base.resolve(reference)`: the reference's canonical URL against the base; nil unless http(s).
        public func resolve(_ reference: String) -> WebURL? {
            var reference = reference
            return reference.withUTF8(resolve)
        }

        /// `base.resolve(reference)` for the UTF-8 bytes of a reference (an attribute's value as
        /// stored, HTML references already decoded).
        public func resolve(_ reference: UnsafeBufferPointer<UInt8>) -> WebURL? {
            if let plain = plainResolution(reference) { return plain }
            return WebURL.resolve(String(decoding: reference, as: UTF8.self), against: base)
        }

        /// The resolution of a plain reference (see the type's comment); nil when `reference` is
        /// not one, or needs what the general algorithm does (a relative path against a base
        /// whose directory is not canonical).
        package func plainResolution(_ reference: UnsafeBufferPointer<UInt8>) -> WebURL? {
            // Spaces are escaped (as the general algorithm does), except at either end, where it drops them.
            guard let first = reference.first, let last = reference.last, first != 0x20, last != 0x20 else {
                return reference.isEmpty ? samePage : nil
            }
            var end = reference.count
            var queryStart: Int?
            var segmentStart = 0
            var session: Range<Int>?
            var hasSpace = false
            for i in reference.indices {
                let b = reference[i]
                if b == 0x23 { // '#': the fragment is dropped, whatever it holds
                    end = i
                    break
                }
                if queryStart != nil {
                    guard WebURL.isAllowed(b, query: true) || b == 0x20 else { return nil }
                } else if b == 0x2F || b == 0x3F { // '/' or '?' ends a segment
                    guard Self.isPlainSegment(reference, segmentStart ..< i, session: &session) else { return nil }
                    segmentStart = i + 1
                    if b == 0x3F { queryStart = i }
                } else {
                    // ':' could end a scheme.
                    guard WebURL.isAllowed(b, query: false) || b == 0x20, b != 0x3A else { return nil }
                    hasSpace = hasSpace || b == 0x20
                }
            }
            if queryStart == nil, !Self.isPlainSegment(reference, segmentStart ..< end, session: &session) { return nil }
            let pathEnd = queryStart ?? end
            let query = queryStart.flatMap { Self.canonicalQuery(UnsafeBufferPointer(rebasing: reference[($0 + 1) ..< end])) }

            let path: String
            if pathEnd == 0 {
                guard let samePage else { return nil }
                if queryStart == nil { return samePage }
                path = samePage.path
            } else if reference[0] == 0x2F {
                if pathEnd > 1, reference[1] == 0x2F { return nil } // "//host": an authority
                path = Self.joined(UnsafeBufferPointer(start: nil, count: 0), UnsafeBufferPointer(rebasing: reference[0 ..< pathEnd]),
                                   without: session, hasSpace: hasSpace)
            } else {
                guard let directory else { return nil }
                path = directory.withUnsafeBufferPointer {
                    Self.joined($0, UnsafeBufferPointer(rebasing: reference[0 ..< pathEnd]), without: session, hasSpace: hasSpace)
                }
            }
            return WebURL(scheme: base.scheme, host: base.host, port: base.port, path: path, query: query)
        }

        /// True when the path segment `bytes[range]` leaves the reference plain: not `.` or `..`
        /// (left to the general algorithm), and not a second ASP.NET session segment (the first is
        /// noted in `session`, to be dropped as the canonical form drops it).
        private static func isPlainSegment(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, session: inout Range<Int>?) -> Bool {
            switch range.count {
            case 0: return true
            case 1: return bytes[range.lowerBound] != 0x2E
            case 2: return bytes[range.lowerBound] != 0x2E || bytes[range.lowerBound + 1] != 0x2E
            default:
                guard bytes[range.lowerBound] == 0x28, WebURL.isSessionSegment(bytes[range]) else { return true } // '('
                guard session == nil else { return false }
                session = range
                return true
            }
        }

        /// `directory` (empty, or ending in `/`) followed by `path` with spaces escaped, without the
        /// segment `session` of `path`: what the general algorithm's segment-wise removal gives
        /// (the segment and the `/` after it, or before it when it is the last), "/" when nothing is left.
        private static func joined(_ directory: UnsafeBufferPointer<UInt8>, _ path: UnsafeBufferPointer<UInt8>,
                                   without session: Range<Int>?, hasSpace: Bool) -> String {
            var directory = directory
            var cut = path.endIndex ..< path.endIndex
            if let session {
                if session.upperBound < path.endIndex {
                    cut = session.lowerBound ..< session.upperBound + 1
                } else if session.lowerBound > 0 {
                    cut = session.lowerBound - 1 ..< session.upperBound
                } else {
                    cut = session
                    directory = UnsafeBufferPointer(rebasing: directory.dropLast())
                }
            }
            let head = path[..<cut.lowerBound], tail = path[cut.upperBound...]
            let spaces = hasSpace ? head.count(where: { $0 == 0x20 }) + tail.count(where: { $0 == 0x20 }) : 0
            let length = directory.count + head.count + tail.count + 2 * spaces
            guard length > 0 else { return "/" }
            return String(unsafeUninitializedCapacity: length, initializingUTF8With: { out in
                var k = out.initialize(fromContentsOf: directory)
                if spaces == 0 {
                    k = out[k...].initialize(fromContentsOf: head)
                    return out[k...].initialize(fromContentsOf: tail)
                }
                for b in head { k = appendEscapingSpace(b, to: out, at: k) }
                for b in tail { k = appendEscapingSpace(b, to: out, at: k) }
                return k
            })
        }

        /// Writes `b` at `out[k]`, a space as `%20`; returns the index after it.
        private static func appendEscapingSpace(_ b: UInt8, to out: UnsafeMutableBufferPointer<UInt8>, at k: Int) -> Int {
            guard b == 0x20 else {
                out[k] = b
                return k + 1
            }
            out[k] = 0x25
            out[k + 1] = 0x32
            out[k + 2] = 0x30
            return k + 3
        }

        /// The canonical query of plain query bytes (nothing to normalise but spaces): the pairs
        /// between `&`, without empty ones and noise parameters (``WebURL/noiseParameters``),
        /// spaces escaped; nil when none is left.
        private static func canonicalQuery(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count + 8)
            var pairStart = 0
            for i in 0 ... bytes.count where i == bytes.count || bytes[i] == 0x26 { // '&'
                let pair = UnsafeBufferPointer(rebasing: bytes[pairStart ..< i])
                pairStart = i + 1
                if pair.isEmpty || isNoiseParameter(pair) { continue }
                if !kept.isEmpty { kept.append(0x26) }
                for b in pair {
                    if b == 0x20 { kept.append(contentsOf: [0x25, 0x32, 0x30]) } else { kept.append(b) } // "%20"
                }
            }
            return kept.isEmpty ? nil : String(decoding: kept, as: UTF8.self)
        }

        /// True when the name of `pair` (before its `=`) is a noise parameter, in any case.
        private static func isNoiseParameter(_ pair: UnsafeBufferPointer<UInt8>) -> Bool {
            let name = pair.prefix { $0 != 0x3D }
            return noiseParameterNames.contains { $0.elementsEqual(name.lazy.map(ASCII.lower)) }
        }

        private static let noiseParameterNames = WebURL.noiseParameters.map { Array($0.utf8) }
    }
}

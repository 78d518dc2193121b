import AgendaCore

/// A parsed robots.txt and its matcher, per RFC 9309 (the Robots Exclusion Protocol).
///
/// - Groups start with one or more `user-agent` lines; the group(s) whose product token equals the
///   crawler's (case-insensitively) apply, all of them combined; if none does, the `*` group(s);
///   if there is no `*` group either, everything is allowed.
/// - `allow` / `disallow` patterns match from the start of the path *and query*; `*` matches any
///   run of octets and a final `$` anchors the end. The longest pattern (in octets) wins; on a tie
///   `allow` wins. An empty pattern matches nothing.
/// - Percent-encoding is normalised on both sides before comparing: non-ASCII octets are encoded,
///   escapes of unreserved characters are decoded, other escapes are upper-cased, and a literal
///   `*` or `$` in a URL compares equal to `%2A` / `%24` in a pattern.
/// - `/robots.txt` itself is always allowed. Lines other than `user-agent`, `allow` and `disallow`
///   (sitemap, crawl-delay, junk) are ignored and do not end a group.
public struct RobotsTxt: Sendable, Hashable {
    public enum Verb: String, Sendable, Hashable {
        case allow, disallow
    }

    /// One `allow` / `disallow` line, as written (after trimming).
    public struct Rule: Sendable, Hashable, CustomStringConvertible {
        public var verb: Verb
        public var pattern: String
        fileprivate var compiled: Pattern

        public var description: String { "\(verb == .allow ? "Allow" : "Disallow"): \(pattern)" }
    }

    struct Group: Sendable, Hashable {
        /// Lower-cased product tokens, or "*".
        var agents: [String]
        var rules: [Rule]
    }

    let groups: [Group]

    /// Parses a robots.txt body (UTF-8; invalid bytes are replaced, a BOM is skipped).
    public init(_ body: [UInt8]) {
        self.init(String(decoding: body, as: UTF8.self))
    }

    public init(_ text: String) {
        var groups: [Group] = []
        var collectingAgents = false
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            if line.first == "\u{FEFF}" { line = line.dropFirst() }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces().lowercased()
            let value = String(line[line.index(after: colon)...].trimmingSpaces())
            switch key {
            case "user-agent":
                let agent = Self.productToken(value).lowercased()
                if collectingAgents, !groups.isEmpty {
                    groups[groups.count - 1].agents.append(agent)
                } else {
                    groups.append(Group(agents: [agent], rules: []))
                }
                collectingAgents = true
            case "allow", "disallow":
                // Rules before the first user-agent line belong to no group.
                guard !groups.isEmpty else { continue }
                collectingAgents = false
                let verb: Verb = key == "allow" ? .allow : .disallow
                groups[groups.count - 1].rules.append(Rule(verb: verb, pattern: value, compiled: Pattern(value)))
            default:
                continue
            }
        }
        self.groups = groups
    }

    /// The product token of a `User-Agent` header or a robots.txt `user-agent` value: its leading
    /// run of letters, `-` and `_` ("agenda-sync/1.0 (+mailto:…)" → "agenda-sync"), or "*".
    public static func productToken(_ userAgent: String) -> String {
        let trimmed = userAgent.trimmingSpaces()
        if trimmed.hasPrefix("*") { return "*" }
        return String(trimmed.prefix { $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") })
    }

    /// The rules that apply to `productToken` (matching groups combined, else the `*` groups).
    public func rules(for productToken: String) -> [Rule] {
        let token = productToken.lowercased()
        let own = groups.filter { $0.agents.contains(token) }
        let chosen = own.isEmpty ? groups.filter { $0.agents.contains("*") } : own
        return chosen.flatMap(\.rules)
    }

    /// The rule that decides `pathAndQuery` for the crawler, or nil when none matches (allowed).
    public func decidingRule(for pathAndQuery: String, productToken: String) -> Rule? {
        let target = Self.normalisedTarget(pathAndQuery)
        var best: Rule?
        for rule in rules(for: productToken) where rule.compiled.matches(target) {
            guard let current = best else { best = rule; continue }
            let length = rule.compiled.specificity, currentLength = current.compiled.specificity
            if length > currentLength || (length == currentLength && rule.verb == .allow) { best = rule }
        }
        return best
    }

    /// Whether the crawler may fetch `pathAndQuery` (e.g. "/ieListDocuments.aspx?CId=1&MId=2").
    public func allows(_ pathAndQuery: String, productToken: String) -> Bool {
        if pathAndQuery == "/robots.txt" { return true }
        return decidingRule(for: pathAndQuery, productToken: productToken)?.verb != .disallow
    }

    // MARK: Normalisation

    /// A URL's path and query, normalised for comparison; `*` and `$` become escapes so that they
    /// match only a pattern's `%2A` / `%24`, never act as syntax.
    static func normalisedTarget(_ text: String) -> [UInt8] {
        normalise(Array(text.utf8), literal: [UInt8(ascii: "*"), UInt8(ascii: "$")])
    }

    /// Encodes non-ASCII octets (and `literal` ones), decodes escapes of unreserved characters and
    /// upper-cases the hex of the others. A `%` not followed by two hex digits stays as it is.
    static func normalise(_ bytes: [UInt8], literal: Set<UInt8> = []) -> [UInt8] {
        PercentEncoding.normalise(bytes, encode: { $0 >= 0x80 || literal.contains($0) })
    }
}

/// A compiled `allow` / `disallow` pattern: normalised octets and `*` wildcards, optionally anchored
/// at the end by a final `$` (a `$` anywhere else is a literal).
struct Pattern: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case octet(UInt8)
        case wildcard
    }

    let tokens: [Token]
    let anchored: Bool
    /// The length of the normalised pattern in octets, `*` and `$` included: longer is more specific.
    let specificity: Int

    init(_ text: String) {
        var bytes = Array(text.utf8)
        let anchored = bytes.last == UInt8(ascii: "$")
        if anchored { bytes.removeLast() }
        // Wildcards are syntax; normalise the literal runs between them.
        var tokens: [Token] = []
        var length = anchored ? 1 : 0
        for (index, run) in bytes.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).enumerated() {
            if index > 0 {
                tokens.append(.wildcard)
                length += 1
            }
            let normalised = RobotsTxt.normalise(Array(run), literal: [UInt8(ascii: "$")])
            tokens += normalised.map(Token.octet)
            length += normalised.count
        }
        self.tokens = tokens
        self.anchored = anchored
        specificity = length
    }

    /// Whether the pattern matches a prefix of `target` (all of it when anchored). An empty pattern
    /// matches nothing. Linear in pattern × target, with no backtracking.
    func matches(_ target: [UInt8]) -> Bool {
        guard !tokens.isEmpty || anchored else { return false }
        // positions[i]: the pattern so far can end just before target[i].
        var positions = [Bool](repeating: false, count: target.count + 1)
        positions[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: target.count + 1)
            switch token {
            case .wildcard:
                guard let first = positions.firstIndex(of: true) else { return false }
                for index in first...target.count { next[index] = true }
            case .octet(let byte):
                var any = false
                for index in 0..<target.count where positions[index] && target[index] == byte {
                    next[index + 1] = true
                    any = true
                }
                if !any { return false }
            }
            positions = next
        }
        return anchored ? positions[target.count] : positions.contains(true)
    }
}

private extension StringProtocol {
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let text = Substring(self)
        let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
        let end = text.lastIndex { !isSpace($0) }.map { text.index(after: $0) } ?? text.endIndex
        return start < end ? text[start..<end] : ""
    }
}

/// The least time between the starts of two requests to one council host, written like a
/// duration but with milliseconds allowed: `"1s"`, `"500ms"`, `"1s500ms"`, `"1m"`.
///
/// In a config it must be at least 1 ms and at most ``maximum`` (requests wait for their turn, and
/// that wait must stay bounded). `description` prints the canonical form (`1500` ms → `"1s500ms"`).
public struct RequestSpacing: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let `default` = RequestSpacing(milliseconds: 1_000)
    public static let maximum = RequestSpacing(milliseconds: 60_000)

    public let milliseconds: Int

    /// Any non-negative value (negative becomes 0); the config itself never gives 0.
    public init(milliseconds: Int) {
        self.milliseconds = max(0, milliseconds)
    }

    public var duration: Duration { .milliseconds(milliseconds) }

    public static func < (lhs: RequestSpacing, rhs: RequestSpacing) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public var description: String {
        guard milliseconds > 0 else { return "0ms" }
        let units: [(String, Int)] = [("m", 60_000), ("s", 1_000), ("ms", 1)]
        var rest = milliseconds
        var text = ""
        for (unit, size) in units where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// Parses `"500ms"`, `"2s"`, `"1s500ms"`, `"1m"`; reports zero, fractions, bare numbers and
    /// values over ``maximum``.
    public init(parsing text: String) throws(ConfigDuration.ParseError) {
        let example = "write e.g. \"1s\", \"500ms\" or \"2s500ms\""
        let quoted = "\"\(text)\""
        func fail(_ reason: String) -> ConfigDuration.ParseError { ConfigDuration.ParseError(description: reason) }

        guard !text.isEmpty else { throw fail("empty duration; \(example)") }
        if text.hasPrefix("-") { throw fail("\(quoted) is negative; \(example)") }
        if text.contains(".") || text.contains(",") {
            throw fail("\(quoted): fractions are not allowed; use ms, e.g. \"1s500ms\" instead of \"1.5s\"")
        }
        let units: [(String, Int)] = [("ms", 1), ("m", 60_000), ("s", 1_000)]   // "ms" before "m"
        var rest = Substring(text)
        var total = 0
        var previousSize = Int.max
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { throw fail("\(quoted) is not a duration; \(example)") }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else {
                if rest.isEmpty { throw fail("\(quoted) has no unit; write \"\(digits)s\" or \"\(digits)ms\"") }
                throw fail("\(quoted): unknown unit; use m, s or ms (\(example))")
            }
            guard unit.1 < previousSize else { throw fail("\(quoted): put larger units first and each unit once") }
            guard let count = Int(digits), count <= Self.maximum.milliseconds / unit.1 + 1 else {
                throw fail("\(quoted) is longer than \(Self.maximum)")
            }
            total += count * unit.1
            previousSize = unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        guard total > 0 else {
            throw fail("\(quoted) is zero; agenda-sync always leaves some time between requests to a council, at least \"1ms\"")
        }
        guard total <= Self.maximum.milliseconds else {
            throw fail("\(quoted) is longer than \(Self.maximum); requests wait for their turn and the wait must stay short")
        }
        milliseconds = total
    }
}

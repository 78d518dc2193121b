/// A positive length of time, written in the config as `"90s"`, `"15m"`, `"1h"`, `"2d"` or a
/// combination with the larger units first, such as `"1h30m"` or `"1d12h"`; where a key allows it
/// (`request_spacing`), milliseconds too: `"500ms"`, `"1s500ms"`. The one duration type and parser
/// of the config (and of the CLI's `--since`).
///
/// Zero, negative, fractional and unit-less values are rejected with a message that says how to
/// write the value instead, and so is a value over the key's maximum (every duration key has one,
/// so no configured wait can overflow the daemon's time arithmetic). `description` prints the
/// canonical form (`5400` seconds → `"1h30m"`).
public struct ConfigDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Always at least 1.
    public let milliseconds: Int

    /// Nil unless `milliseconds` is positive.
    public init?(milliseconds: Int) {
        guard milliseconds > 0 else { return nil }
        self.milliseconds = milliseconds
    }

    /// Nil unless `seconds` is positive (and fits in milliseconds).
    public init?(seconds: Int) {
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return nil }
        self.init(milliseconds: milliseconds)
    }

    /// Whole seconds, rounded down (every key but `request_spacing` is whole seconds).
    public var seconds: Int { milliseconds / 1000 }

    public var timeInterval: Double { Double(milliseconds) / 1000 }

    public var duration: Duration { .milliseconds(milliseconds) }

    public static func < (lhs: ConfigDuration, rhs: ConfigDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public var description: String {
        var rest = milliseconds
        var text = ""
        for unit in Unit.allCases where rest >= unit.milliseconds {
            text += "\(rest / unit.milliseconds)\(unit.rawValue)"
            rest %= unit.milliseconds
        }
        return text
    }

    /// The units, largest first.
    enum Unit: String, CaseIterable {
        case day = "d", hour = "h", minute = "m", second = "s", millisecond = "ms"

        var milliseconds: Int {
            switch self {
            case .day: 86_400_000
            case .hour: 3_600_000
            case .minute: 60_000
            case .second: 1_000
            case .millisecond: 1
            }
        }
    }

    /// Why a text is not a duration; `description` is a complete sentence fragment for an error line.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Parses `"90s"`, `"15m"`, `"1h"`, `"2d"`, `"1h30m"` (and `"500ms"`, `"1s500ms"` with
    /// `allowingMilliseconds`); a value longer than `maximum` is an error that gives the maximum
    /// and `reason`.
    public init(parsing text: String, allowingMilliseconds: Bool = false, maximum: ConfigDuration? = nil,
                reason: String? = nil) throws(ParseError) {
        let example = allowingMilliseconds ? "write e.g. \"1s\", \"500ms\" or \"2s500ms\""
            : "write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\""
        let unitList = allowingMilliseconds ? "d, h, m, s or ms" : "s, m, h or d"
        let units = allowingMilliseconds ? Unit.allCases : Unit.allCases.filter { $0 != .millisecond }
        let quoted = "\"\(text)\""
        func fail(_ reason: String) -> ParseError { ParseError(description: reason) }
        let tooLong = fail(maximum.map { "\(quoted) is longer than the maximum, \"\($0)\"" + (reason.map { "; \($0)" } ?? "") }
                           ?? "\(quoted) is too long")

        guard !text.isEmpty else { throw fail("empty duration; \(example)") }
        if text.hasPrefix("-") { throw fail("\(quoted) is negative; a duration must be positive") }
        if text.contains(".") || text.contains(",") {
            let hint = allowingMilliseconds ? "\"1s500ms\" instead of \"1.5s\"" : "\"1h30m\" instead of \"1.5h\""
            throw fail("\(quoted): fractions are not allowed; use a smaller unit, e.g. \(hint)")
        }

        var rest = Substring(text)
        var total = 0
        var previous: Unit?
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { throw fail("\(quoted) is not a duration; \(example)") }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.rawValue == letters }) else {
                if rest.isEmpty {
                    if previous != nil { throw fail("\(quoted) ends without a unit; \(example)") }
                    let spelled = (allowingMilliseconds ? ["s", "ms"] : ["s", "m", "h", "d"]).map { "\"\(digits)\($0)\"" }
                    throw fail("\(quoted) has no unit; write " + spelled.dropLast().joined(separator: ", ") + " or " + spelled.last!)
                }
                if !letters.isEmpty { throw fail("\(quoted): unknown unit \"\(letters)\"; use \(unitList) (\(example))") }
                throw fail("\(quoted) is not a duration; \(example)")
            }
            if let previous, unit.milliseconds >= previous.milliseconds {
                throw fail("\(quoted): put larger units first and each unit once, e.g. \"1h30m\"")
            }
            guard let count = Int(digits) else { throw tooLong }
            let (part, overflowA) = count.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflowB) = total.addingReportingOverflow(part)
            guard !overflowA, !overflowB else { throw tooLong }
            total = sum
            previous = unit
            rest = rest.dropFirst(letters.count)
        }
        guard total > 0 else { throw fail("\(quoted) is zero; a duration must be positive") }
        if let maximum, total > maximum.milliseconds { throw tooLong }
        milliseconds = total
    }
}

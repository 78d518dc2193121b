/// A positive whole number of seconds, written in the config as `"90s"`, `"15m"`, `"1h"`, `"2d"`
/// or a combination with the larger units first, such as `"1h30m"` or `"1d12h"`.
///
/// Zero, negative, fractional and unit-less values are rejected with a message that says how to
/// write the value instead. `description` prints the canonical form (`5400` seconds → `"1h30m"`).
/// The CLI can reuse the parser for options such as `log --since 1h`.
public struct ConfigDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Always at least 1.
    public let seconds: Int

    /// Nil unless `seconds` is positive.
    public init?(seconds: Int) {
        guard seconds > 0 else { return nil }
        self.seconds = seconds
    }

    public var duration: Duration { .seconds(seconds) }

    public static func < (lhs: ConfigDuration, rhs: ConfigDuration) -> Bool { lhs.seconds < rhs.seconds }

    public var description: String {
        var rest = seconds
        var text = ""
        for unit in Unit.allCases {
            let count = rest / unit.seconds
            if count > 0 {
                text += "\(count)\(unit.rawValue)"
                rest -= count * unit.seconds
            }
        }
        return text
    }

    /// The units, largest first.
    enum Unit: Character, CaseIterable {
        case day = "d", hour = "h", minute = "m", second = "s"

        var seconds: Int {
            switch self {
            case .day: 86_400
            case .hour: 3_600
            case .minute: 60
            case .second: 1
            }
        }
    }

    /// Why a text is not a duration; `description` is a complete sentence fragment for an error line.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Parses `"90s"`, `"15m"`, `"1h"`, `"2d"`, `"1h30m"`.
    public init(parsing text: String) throws(ParseError) {
        let example = "write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\""
        func fail(_ reason: String) -> ParseError { ParseError(description: reason) }
        let quoted = "\"\(text)\""

        guard !text.isEmpty else { throw fail("empty duration; \(example)") }
        if text.hasPrefix("-") { throw fail("\(quoted) is negative; a duration must be positive") }
        if text.contains(".") || text.contains(",") {
            throw fail("\(quoted): fractions are not allowed; use a smaller unit, e.g. \"1h30m\" instead of \"1.5h\"")
        }

        var total = 0
        var number = ""
        var previous: Unit?
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let unit = Unit(rawValue: character) else {
                if character.isLetter, !number.isEmpty {
                    throw fail("\(quoted): unknown unit \"\(character)\"; use s, m, h or d (\(example))")
                }
                throw fail("\(quoted) is not a duration; \(example)")
            }
            guard !number.isEmpty else { throw fail("\(quoted) is not a duration; \(example)") }
            if let previous, unit.seconds >= previous.seconds {
                throw fail("\(quoted): put larger units first and each unit once, e.g. \"1h30m\"")
            }
            guard let count = Int(number) else { throw fail("\(quoted) is too long") }
            let (part, overflowA) = count.multipliedReportingOverflow(by: unit.seconds)
            let (sum, overflowB) = total.addingReportingOverflow(part)
            guard !overflowA, !overflowB else { throw fail("\(quoted) is too long") }
            total = sum
            previous = unit
            sawUnit = true
            number = ""
        }
        if !number.isEmpty {
            if !sawUnit {
                throw fail("\(quoted) has no unit; write \"\(number)s\", \"\(number)m\", \"\(number)h\" or \"\(number)d\"")
            }
            throw fail("\(quoted) ends without a unit; \(example)")
        }
        guard total > 0 else { throw fail("\(quoted) is zero; a duration must be positive") }
        self.seconds = total
    }
}

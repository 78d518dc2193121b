import AgendaCore
import Foundation

/// Writes iCalendar (RFC 5545) content lines: `NAME;PARAM=VALUE:VALUE`, each ending in CRLF and
/// folded so no line exceeds 75 octets (a continuation line starts with one space, and a fold never
/// falls inside a UTF-8 sequence); TEXT values escaped (`\\`, `\;`, `\,`, `\n`).
///
/// Written by hand rather than with libical (Debian's `libical-dev`, the one C library for the
/// format): tried on these calendars, libical 3.0 leaves `;` and `,` unescaped in X- properties
/// such as `X-WR-CALNAME` and passes control characters through into TEXT values, so its output
/// would need correcting before and after; and what we need of it — escaping, folding, CRLF — is
/// this type. Every file it writes is checked by an independent parser (Python's `icalendar`) in
/// the tests.
struct ICalendarWriter {
    static let maxLineOctets = 75

    private(set) var bytes: [UInt8] = []

    mutating func begin(_ component: String) { line("BEGIN:" + component) }
    mutating func end(_ component: String) { line("END:" + component) }

    /// A property whose value is already in its RFC 5545 form (a date-time, an integer, a URI,
    /// an enumerated value). Control characters in it become spaces.
    mutating func property(_ name: String, _ parameters: KeyValuePairs<String, String> = [:], raw value: String) {
        var text = name
        for (key, parameter) in parameters {
            text += ";" + key + "=" + Self.parameterValue(parameter)
        }
        line(text + ":" + MailText.sanitised(value))
    }

    /// A TEXT property: `value` escaped; its line breaks kept as `\n`, other control characters made spaces.
    mutating func text(_ name: String, _ value: String) {
        property(name, raw: Self.escapedText(value))
    }

    /// A DATE-TIME in UTC: `20261129T070000Z`.
    mutating func utc(_ name: String, _ instant: Date) {
        let (date, time) = CivilDate.utc(instant)
        property(name, raw: Self.basic(date) + "T" + Self.basic(time) + "Z")
    }

    /// A start or end on London's clock: `DTSTART;TZID=Europe/London:20250902T140000`, or a DATE
    /// (`DTSTART;VALUE=DATE:20250902`) when `allDay` or there is no time.
    mutating func london(_ name: String, _ value: LondonDateTime, tzid: String) {
        if let time = value.time {
            property(name, ["TZID": tzid], raw: Self.basic(value.date) + "T" + Self.basic(time))
        } else {
            property(name, ["VALUE": "DATE"], raw: Self.basic(value.date))
        }
    }

    /// `20250902`.
    static func basic(_ date: CivilDate) -> String {
        CivilDate.digits(date.year, 4) + CivilDate.digits(date.month, 2) + CivilDate.digits(date.day, 2)
    }

    /// `140000`.
    static func basic(_ time: WallClockTime) -> String {
        CivilDate.digits(time.hour, 2) + CivilDate.digits(time.minute, 2) + CivilDate.digits(time.second, 2)
    }

    /// `+0100`, `-0030`.
    static func utcOffset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + CivilDate.digits(minutes / 60, 2) + CivilDate.digits(minutes % 60, 2)
    }

    static func escapedText(_ value: String) -> String {
        value.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var out = ""
            for character in MailText.sanitised(String(line)) {
                switch character {
                case "\\": out += "\\\\"
                case ";": out += "\\;"
                case ",": out += "\\,"
                default: out.append(character)
                }
            }
            return out
        }.joined(separator: "\\n")
    }

    /// A parameter value, in double quotes when it holds `:`, `;` or `,` (RFC 5545 §3.2); a
    /// double quote cannot be written at all and becomes an apostrophe.
    static func parameterValue(_ value: String) -> String {
        let clean = MailText.sanitised(value).replacingOccurrences(of: "\"", with: "'")
        return clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"\(clean)\"" : clean
    }

    /// Appends one content line, folded (RFC 5545 §3.1).
    private mutating func line(_ text: String) {
        let utf8 = Array(text.utf8)
        var start = 0
        var limit = Self.maxLineOctets
        while utf8.count - start > limit {
            var cut = start + limit
            // Never between the bytes of one character: step back to the start of a UTF-8 sequence.
            while cut > start, utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes += utf8[start..<cut]
            bytes += [13, 10, 32]
            start = cut
            limit = Self.maxLineOctets - 1
        }
        bytes += utf8[start...]
        bytes += [13, 10]
    }
}

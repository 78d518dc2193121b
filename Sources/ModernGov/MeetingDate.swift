import Foundation

/// A wall-clock date and time as ModernGov prints it, read in the Europe/London zone.
/// Accepts "Thursday 15 January 2026 7:30 pm", "Tuesday, 2 September 2025 2.00 pm",
/// "15 Jan 2026 7:30 pm", "10.30 am", "12 noon", "14:00" and the like.
struct MeetingDate: Hashable, Sendable {
    var year: Int, month: Int, day: Int
    /// Minutes after midnight; nil when the text gives no time.
    var minutes: Int?

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the first date (and the time after it) found in `text`.
    init?(_ text: String) {
        let tokens = MeetingDate.tokens(text)
        var day: Int?, month: Int?, year: Int?
        var k = 0
        // day month year
        while k < tokens.count {
            if let d = MeetingDate.dayNumber(tokens[k]), k + 2 < tokens.count,
               let m = MeetingDate.monthNumber(tokens[k + 1]), let y = MeetingDate.year(tokens[k + 2]) {
                day = d; month = m; year = y
                k += 3
                break
            }
            // month day year ("January 15 2026")
            if let m = MeetingDate.monthNumber(tokens[k]), k + 2 < tokens.count,
               let d = MeetingDate.dayNumber(tokens[k + 1]), let y = MeetingDate.year(tokens[k + 2]) {
                day = d; month = m; year = y
                k += 3
                break
            }
            k += 1
        }
        guard let day, let month, let year, day <= MeetingDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.minutes = MeetingDate.time(Array(tokens[k...]))
    }

    /// ISO-8601 with the Europe/London offset of that instant ("2025-09-02T14:00:00+01:00"); a
    /// date without a time gives the date alone ("2025-09-02").
    var iso8601: String {
        let date = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        guard let minutes else { return date }
        let offset = Self.londonOffset(year: year, month: month, day: day, minutes: minutes)
        let sign = offset < 0 ? "-" : "+"
        let absOffset = abs(offset) / 60
        return date + "T\(Self.pad(minutes / 60, 2)):\(Self.pad(minutes % 60, 2)):00"
            + "\(sign)\(Self.pad(absOffset / 60, 2)):\(Self.pad(absOffset % 60, 2))"
    }

    // MARK: pieces

    private static func tokens(_ text: String) -> [Substring] {
        let lowered = text.lowercased()
        return lowered.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\u{A0}" || $0 == "\n" || $0 == "\t" || $0 == "/" })
    }

    private static func dayNumber(_ token: Substring) -> Int? {
        var digits = token
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) {
            digits = digits.dropLast(2)
            break
        }
        guard digits.count <= 2, let d = Int(digits), (1 ... 31).contains(d) else { return nil }
        return d
    }

    private static func monthNumber(_ token: Substring) -> Int? {
        let word = token.hasSuffix(".") ? token.dropLast() : token
        guard word.count >= 3, word.allSatisfy(\.isLetter) else { return nil }
        let fullNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"]
        for (index, prefix) in months.enumerated() where word.hasPrefix(prefix) {
            if word.count == 3 || fullNames[index].hasPrefix(word) || word == "sept" { return index + 1 }
        }
        return nil
    }

    private static func year(_ token: Substring) -> Int? {
        guard token.count == 4, let y = Int(token), (1900 ... 2200).contains(y) else { return nil }
        return y
    }

    /// Reads "7:30 pm", "2.00pm", "10.30 a.m.", "7 pm", "12 noon", "midday", "14:00".
    private static func time(_ tokens: [Substring]) -> Int? {
        var k = 0
        while k < tokens.count {
            let token = tokens[k]
            if token == "noon" || token == "midday" { return 12 * 60 }
            var body = token
            var meridiem: Substring?
            for suffix in ["a.m.", "p.m.", "am", "pm"] where body.hasSuffix(suffix) && body.count > suffix.count {
                meridiem = body.suffix(suffix.count)
                body = body.dropLast(suffix.count)
                break
            }
            if meridiem == nil, k + 1 < tokens.count, ["am", "pm", "a.m.", "p.m.", "noon"].contains(tokens[k + 1]) {
                meridiem = tokens[k + 1]
            }
            let parts = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "." })
            if parts.count <= 2, let h = Int(parts[0]), parts[0].count <= 2,
               parts.count == 1 || (parts[1].count == 2 && Int(parts[1]) != nil) {
                let m = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
                guard (0 ..< 60).contains(m) else { k += 1; continue }
                if let meridiem {
                    guard (1 ... 12).contains(h) else { k += 1; continue }
                    if meridiem == "noon" { return 12 * 60 + m }
                    let pm = meridiem.hasPrefix("p")
                    return ((h % 12) + (pm ? 12 : 0)) * 60 + m
                }
                if parts.count == 2, (0 ..< 24).contains(h) { return h * 60 + m } // 24-hour clock
            }
            k += 1
        }
        return nil
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static let london = TimeZone(identifier: "Europe/London")

    /// Seconds east of UTC in London at that local wall-clock time.
    static func londonOffset(year: Int, month: Int, day: Int, minutes: Int) -> Int {
        let localAsUTC = Double(daysFromCivil(year, month, day) * 86_400 + minutes * 60)
        guard let zone = london else { return ukRuleOffset(localAsUTC) }
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: localAsUTC))
        let second = zone.secondsFromGMT(for: Date(timeIntervalSince1970: localAsUTC - Double(first)))
        return second
    }

    /// Fallback when tzdata is missing: BST from 01:00 UTC on the last Sunday of March to 01:00
    /// UTC on the last Sunday of October (the rule since 1996).
    private static func ukRuleOffset(_ localAsUTC: Double) -> Int {
        let days = Int((localAsUTC / 86_400).rounded(.down))
        let (year, _, _) = civilFromDays(days)
        func lastSunday(_ month: Int) -> Int {
            let last = daysFromCivil(year, month, 31)
            let weekday = (last + 4) % 7 // 0 = Sunday; 1970-01-01 was a Thursday
            return last - (weekday < 0 ? weekday + 7 : weekday)
        }
        let start = Double(lastSunday(3) * 86_400 + 3_600)
        let end = Double(lastSunday(10) * 86_400 + 3_600)
        let utcIfBST = localAsUTC - 3_600
        return utcIfBST >= start && utcIfBST < end ? 3_600 : 0
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

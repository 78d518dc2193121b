import AgendaCore

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
        guard let day, let month, let year, CivilDate(year: year, month: month, day: day) != nil else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.minutes = MeetingDate.time(Array(tokens[k...]))
    }

    /// The web service's form: `date` "21/11/2025" (dd/mm/yyyy) and `time` "12.30 pm" (or empty);
    /// nil when the date is not such a day.
    init?(dayMonthYear date: String, time: String) {
        let parts = date.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
              CivilDate(year: year, month: month, day: day) != nil else { return nil }
        self.year = year
        self.month = month
        self.day = day
        minutes = MeetingDate.time(MeetingDate.tokens(time))
    }

    /// The meeting's start on London's clock, with the offset Europe/London has then
    /// ("2025-09-02T14:00:00+01:00"), or the date alone when the text gives no time.
    var start: LondonDateTime {
        // `init?` checked the day exists and `time` gives 0..<24*60.
        LondonDateTime(date: CivilDate(year: year, month: month, day: day)!,
                       time: minutes.flatMap { WallClockTime(hour: $0 / 60, minute: $0 % 60) })
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
}

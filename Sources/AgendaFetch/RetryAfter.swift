import Foundation

/// A `Retry-After` value (RFC 9110 §10.2.3): delta-seconds ("120") or an HTTP-date in any of the
/// three forms a recipient must accept — IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the
/// obsolete RFC 850 form ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
public enum RetryAfter {
    /// Seconds to wait from `now`, never negative (a date in the past means "now"); nil when the
    /// value is neither form.
    public static func delay(_ value: String, now: Date) -> TimeInterval? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Absurdly long numbers are still "a long time", not an error.
            return TimeInterval(trimmed) ?? .greatestFiniteMagnitude
        }
        guard let date = httpDate(trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// Parses an HTTP-date (any of the three forms), interpreted as UTC.
    public static func httpDate(_ text: String) -> Date? {
        let separators: Set<Character> = [" ", ",", "-", ":"]
        var tokens = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        guard let first = tokens.first, first.allSatisfy(\.isLetter), weekdays.contains(first.prefix(3).lowercased()) else {
            return nil
        }
        tokens.removeFirst()
        var components = DateComponents()
        if let month = tokens.first.flatMap(month(_:)) {
            // asctime: month day hh mm ss yyyy
            guard tokens.count == 6 else { return nil }
            components.month = month
            components.day = Int(tokens[1])
            components.hour = Int(tokens[2]); components.minute = Int(tokens[3]); components.second = Int(tokens[4])
            components.year = Int(tokens[5])
        } else {
            // IMF-fixdate / RFC 850: day month year hh mm ss GMT
            guard tokens.count == 7, tokens[6] == "GMT", let month = month(tokens[1]) else { return nil }
            components.day = Int(tokens[0])
            components.month = month
            components.year = Int(tokens[2]).map { year in
                guard tokens[2].count == 2 else { return year }
                return year < 70 ? 2000 + year : 1900 + year
            }
            components.hour = Int(tokens[3]); components.minute = Int(tokens[4]); components.second = Int(tokens[5])
        }
        guard let day = components.day, (1...31).contains(day), let hour = components.hour, (0...23).contains(hour),
              let minute = components.minute, (0...59).contains(minute), let second = components.second,
              (0...60).contains(second), let year = components.year, year >= 1900 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        components.timeZone = calendar.timeZone
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }   // rejects 31 Feb
        return date
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func month(_ token: String) -> Int? {
        guard token.count == 3 else { return nil }
        return months.firstIndex(of: token.lowercased()).map { $0 + 1 }
    }
}

import Foundation

/// HTTP-date (RFC 9110 §5.6.7), always UTC: written as IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT");
/// read in any of the three forms a recipient must accept — IMF-fixdate, the obsolete RFC 850 form
/// ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
public enum HTTPDate {
    public static func format(_ date: Date) -> String {
        let (day, time) = CivilDate.utc(date)
        return "\(day.weekdayName.prefix(3)), \(CivilDate.digits(day.day, 2)) \(day.monthName.prefix(3)) "
            + "\(CivilDate.digits(day.year, 4)) \(time) GMT"
    }

    /// Nil unless `text` is an HTTP-date of a real day (1900 or later).
    public static func parse(_ text: String) -> Date? {
        let separators: Set<Character> = [" ", ",", "-", ":"]
        var tokens = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { separators.contains($0) }).map(String.init)
        guard let first = tokens.first, first.allSatisfy(\.isLetter), weekdays.contains(first.prefix(3).lowercased()) else {
            return nil
        }
        tokens.removeFirst()
        let (day, month, year, clock): (Int?, Int?, Int?, ArraySlice<String>)
        if let asctimeMonth = tokens.first.flatMap(Self.month) {
            // asctime: month day hh mm ss yyyy
            guard tokens.count == 6 else { return nil }
            (day, month, year, clock) = (Int(tokens[1]), asctimeMonth, Int(tokens[5]), tokens[2...4])
        } else {
            // IMF-fixdate / RFC 850: day month year hh mm ss GMT
            guard tokens.count == 7, tokens[6] == "GMT" else { return nil }
            let twoDigitYear = tokens[2].count == 2
            (day, month, year, clock) = (Int(tokens[0]), Self.month(tokens[1]),
                                         Int(tokens[2]).map { twoDigitYear ? ($0 < 70 ? 2000 + $0 : 1900 + $0) : $0 },
                                         tokens[3...5])
        }
        let numbers = clock.compactMap { Int($0) }
        guard let day, let month, let year, year >= 1900, let date = CivilDate(year: year, month: month, day: day),
              numbers.count == 3, (0...23).contains(numbers[0]), (0...59).contains(numbers[1]),
              (0...60).contains(numbers[2])   // 60: a leap second
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch * 86_400
                                                        + numbers[0] * 3600 + numbers[1] * 60 + numbers[2]))
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static func month(_ token: String) -> Int? {
        guard token.count == 3 else { return nil }
        return CivilDate.monthNames.firstIndex { $0.prefix(3).lowercased() == token.lowercased() }.map { $0 + 1 }
    }
}

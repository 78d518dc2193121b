import AgendaCore
import Foundation

/// Dates as a mail shows them, computed by proleptic-Gregorian arithmetic (no locale, no time
/// zone database): the `Date` header in UTC, and meeting times as the council wrote them.
enum MailCalendar {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    struct CivilDate: Equatable {
        var year: Int
        var month: Int
        var day: Int

        /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
        var daysSinceEpoch: Int {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// civil_from_days.
        init(daysSinceEpoch days: Int) {
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let mp = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * mp + 2) / 5 + 1
            month = mp < 10 ? mp + 3 : mp - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }

        /// 0 = Sunday.
        var weekday: Int {
            ((daysSinceEpoch % 7) + 7 + 4) % 7
        }

        /// "Thu 3 Dec 2026".
        var display: String {
            "\(MailCalendar.weekdays[weekday]) \(day) \(MailCalendar.months[month - 1]) \(year)"
        }
    }

    /// RFC 5322 date-time in UTC with `+0000` (never `-0000`, which means "zone unknown"),
    /// e.g. `Sun, 29 Nov 2026 06:54:08 +0000`.
    static func headerDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        let clock = "\(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60))"
        return "\(weekdays[civil.weekday]), \(civil.day) \(months[civil.month - 1]) \(civil.year) \(clock) +0000"
    }

    /// The UTC calendar day of `date`, e.g. "29 Nov 2026"; with `hour`, "29 Nov 2026 06:00 UTC".
    static func utcDay(_ date: Date, withHour: Bool = false) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        let day = "\(civil.day) \(months[civil.month - 1]) \(civil.year)"
        return withHour ? "\(day) \(twoDigits(secondOfDay / 3600)):00 UTC" : day
    }

    /// The date of an ISO-8601 meeting start as written ("2026-12-03T10:00:00+00:00" → 2026-12-03); nil if it is not one.
    static func meetingDate(_ iso: String) -> CivilDate? {
        let characters = Array(iso)
        guard characters.count >= 10, characters[4] == "-", characters[7] == "-",
              let year = Int(String(characters[0..<4])), let month = Int(String(characters[5..<7])),
              let day = Int(String(characters[8..<10])), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// "2026-12-03T10:00:00+00:00" → "Thu 3 Dec 2026, 10:00" (the council's local time as written);
    /// text that is not such a timestamp is returned on one line as it is.
    static func meetingTime(_ iso: String) -> String {
        let characters = Array(iso)
        guard let date = meetingDate(iso) else { return MailText.oneLine(iso) }
        guard characters.count >= 16, characters[10] == "T", characters[13] == ":",
              characters[11...12].allSatisfy(\.isASCIIDigit), characters[14...15].allSatisfy(\.isASCIIDigit)
        else { return date.display }
        return "\(date.display), \(String(characters[11..<16]))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

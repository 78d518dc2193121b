import Foundation

/// A day of the proleptic Gregorian calendar, with no time and no zone: "2026-12-03".
///
/// The calendar arithmetic (days since 1970-01-01 and back) is Howard Hinnant's
/// `days_from_civil` / `civil_from_days`, written out here rather than taken from Foundation's
/// `Calendar`: it is exact for every date, needs no time zone, cannot fail, and so gives the same
/// answer on every machine (page rendering and mail headers depend on that).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1…12.
    public let month: Int
    /// 1…the length of the month.
    public let day: Int

    /// Nil unless `month` and `day` name a real day of `year`.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `days` after 1970-01-01 (before it when negative).
    public init(daysSinceEpoch days: Int) {
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

    /// Parses exactly "YYYY-MM-DD"; nil for anything else or a day that does not exist.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]),
              let day = Self.number(bytes[8..<10]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let remainder = (daysSinceEpoch + 4) % 7   // 1970-01-01 was a Thursday
        return remainder < 0 ? remainder + 7 : remainder
    }

    /// "Thursday".
    public var weekdayName: String { Self.weekdayNames[weekday] }
    /// "December".
    public var monthName: String { Self.monthNames[month - 1] }

    /// "2026-12-03".
    public var iso8601: String { "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))" }

    public var description: String { iso8601 }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                    "September", "October", "November", "December"]

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `value` in decimal, zero-padded to `width` digits.
    public static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        return value < 0 ? "-" + padded : padded
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }
}

/// A time of day on a wall clock, to the second: "14:00:00".
public struct WallClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0…23.
    public let hour: Int
    /// 0…59.
    public let minute: Int
    /// 0…59.
    public let second: Int

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The time `seconds` after midnight, modulo a day.
    public init(secondsSinceMidnight seconds: Int) {
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        hour = inDay / 3600
        minute = inDay / 60 % 60
        second = inDay % 60
    }

    public var secondsSinceMidnight: Int { hour * 3600 + minute * 60 + second }

    /// "14:00:00".
    public var description: String {
        "\(CivilDate.digits(hour, 2)):\(CivilDate.digits(minute, 2)):\(CivilDate.digits(second, 2))"
    }

    /// "14:00".
    public var hourAndMinute: String { "\(CivilDate.digits(hour, 2)):\(CivilDate.digits(minute, 2))" }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool {
        lhs.secondsSinceMidnight < rhs.secondsSinceMidnight
    }
}

extension CivilDate {
    /// The UTC day and time of day of `instant` (seconds rounded down).
    public static func utc(_ instant: Date) -> (date: CivilDate, time: WallClockTime) {
        let seconds = Int(clamping: Int64(clamping: instant.timeIntervalSince1970.rounded(.down)))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (CivilDate(daysSinceEpoch: days), WallClockTime(secondsSinceMidnight: seconds - days * 86_400))
    }
}

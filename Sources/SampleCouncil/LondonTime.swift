import Foundation

/// A wall-clock time in the UK (Europe/London), with the civil-calendar arithmetic the
/// sample pages need. BST is computed from the rule (last Sunday of March to last Sunday
/// of October, changing at 01:00 UTC) rather than from the system's time-zone database,
/// so pages render identically on a machine without tzdata.
public struct LondonTime: Hashable, Sendable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// The London wall time of an instant.
    public init(_ date: Date) {
        let utc = Int(date.timeIntervalSince1970.rounded(.down))
        let local = utc + LondonTime.offset(utc: utc)
        let days = local.floorDiv(86_400)
        let (y, m, d) = LondonTime.civil(fromDays: days)
        let seconds = local - days * 86_400
        self.init(year: y, month: m, day: d, hour: seconds / 3600, minute: seconds % 3600 / 60)
    }

    /// Parses the wall time of an ISO-8601 string such as "2025-09-02T14:00:00+01:00" (the offset is ignored).
    public init?(iso: String) {
        let digits = iso.split(whereSeparator: { "-T:+ ".contains($0) }).prefix(5).compactMap { Int($0) }
        guard digits.count == 5 else { return nil }
        self.init(year: digits[0], month: digits[1], day: digits[2], hour: digits[3], minute: digits[4])
    }

    /// Seconds east of UTC on this wall time: 3600 in British Summer Time, else 0.
    public var offsetSeconds: Int {
        let asGMT = LondonTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
        return LondonTime.offset(utc: asGMT - 3600) == 3600 ? 3600 : 0
    }

    public var date: Date {
        let local = LondonTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
        return Date(timeIntervalSince1970: TimeInterval(local - offsetSeconds))
    }

    /// "2026-01-15T19:30:00+00:00", the form `Meeting.start` uses.
    public var iso8601: String {
        let offset = offsetSeconds == 0 ? "+00:00" : "+01:00"
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):00\(offset)"
    }

    /// The same wall time `days` later (or earlier).
    public func adding(days: Int) -> LondonTime {
        let (y, m, d) = LondonTime.civil(fromDays: LondonTime.days(year: year, month: month, day: day) + days)
        return LondonTime(year: y, month: m, day: d, hour: hour, minute: minute)
    }

    /// The nearest weekday: a Saturday moves back to Friday, a Sunday on to Monday (councils do not meet at weekends).
    public func movedOffWeekend() -> LondonTime {
        switch weekday {
        case 6: adding(days: -1)
        case 0: adding(days: 1)
        default: self
        }
    }

    public func at(hour: Int, minute: Int) -> LondonTime {
        LondonTime(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    /// 0 = Sunday.
    public var weekday: Int {
        (LondonTime.days(year: year, month: month, day: day) + 4).floorMod(7)
    }

    public var weekdayName: String { LondonTime.weekdayNames[weekday] }
    public var monthName: String { LondonTime.monthNames[month - 1] }
    public var monthAbbreviation: String { String(monthName.prefix(3)) }

    /// "7:30 pm", "10:00 am", as ModernGov prints times.
    public var timeText: String {
        let h12 = hour % 12 == 0 ? 12 : hour % 12
        return "\(h12):\(pad(minute)) \(hour < 12 ? "am" : "pm")"
    }

    /// "Thursday 15 January 2026".
    public var longDate: String { "\(weekdayName) \(day) \(monthName) \(year)" }
    /// "15 Jan 2026".
    public var shortDate: String { "\(day) \(monthAbbreviation) \(year)" }
    /// "2026-01-15".
    public var dayStamp: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    public static func < (lhs: LondonTime, rhs: LondonTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute)
    }

    package static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    package static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    // MARK: calendar arithmetic (proleptic Gregorian; days since 1970-01-01)

    package static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    package static func lastSunday(year: Int, month: Int) -> Int {
        let last = days(year: year, month: month, day: 31)
        return last - (last + 4).floorMod(7)
    }

    /// The London offset in force at a UTC instant (seconds since 1970).
    package static func offset(utc: Int) -> Int {
        let (year, _, _) = civil(fromDays: utc.floorDiv(86_400))
        let start = lastSunday(year: year, month: 3) * 86_400 + 3600
        let end = lastSunday(year: year, month: 10) * 86_400 + 3600
        return utc >= start && utc < end ? 3600 : 0
    }
}

package func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension Int {
    package func floorDiv(_ divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }

    package func floorMod(_ divisor: Int) -> Int {
        self - floorDiv(divisor) * divisor
    }
}

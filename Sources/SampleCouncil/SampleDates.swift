import AgendaCore
import Foundation

// How the sample pages print dates and times: ModernGov's forms ("Thursday 15 January 2026",
// "7:30 pm") of the one London wall-clock type, `LondonDateTime`. The sample's meetings always
// have a time; a date alone prints as midnight.

extension LondonDateTime {
    /// The time, or midnight for a date alone.
    var clock: WallClockTime { time ?? WallClockTime(secondsSinceMidnight: 0) }

    /// The same day at `hour`:`minute`.
    func at(hour: Int, minute: Int) -> LondonDateTime {
        at(WallClockTime(hour: hour, minute: minute))
    }

    /// The nearest weekday: a Saturday moves back to Friday, a Sunday on to Monday (councils do not meet at weekends).
    func movedOffWeekend() -> LondonDateTime {
        switch date.weekday {
        case 6: adding(days: -1)
        case 0: adding(days: 1)
        default: self
        }
    }

    /// "7:30 pm", "10:00 am", as ModernGov prints times.
    var timeText: String {
        let hour = clock.hour % 12 == 0 ? 12 : clock.hour % 12
        return "\(hour):\(pad(clock.minute)) \(clock.hour < 12 ? "am" : "pm")"
    }

    /// "Thursday 15 January 2026".
    var longDate: String { "\(date.weekdayName) \(date.day) \(date.monthName) \(date.year)" }
    /// "15 Jan 2026".
    var shortDate: String { "\(date.day) \(monthAbbreviation) \(date.year)" }
    var monthAbbreviation: String { String(date.monthName.prefix(3)) }
}

/// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for Last-Modified / If-Modified-Since.
enum HTTPDate {
    static func format(_ date: Date) -> String {
        let (day, time) = CivilDate.utc(date)
        return "\(day.weekdayName.prefix(3)), \(pad(day.day)) \(day.monthName.prefix(3)) \(pad(day.year, 4)) \(time) GMT"
    }

    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let dayNumber = Int(parts[1]), let year = Int(parts[3]),
              let month = CivilDate.monthNames.firstIndex(where: { $0.hasPrefix(parts[2]) }),
              let day = CivilDate(year: year, month: month + 1, day: dayNumber) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, let time = WallClockTime(hour: clock[0], minute: clock[1], second: clock[2]) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + time.secondsSinceMidnight))
    }
}

/// `value` zero-padded to `width` digits.
func pad(_ value: Int, _ width: Int = 2) -> String {
    CivilDate.digits(value, width)
}

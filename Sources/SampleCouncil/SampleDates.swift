import AgendaCore
import Foundation

// How the sample pages print dates and times: ModernGov's forms ("Thursday 15 January 2026",
// "7:30 pm") of the one London wall-clock type, `LondonDateTime`. The sample's meetings always
// have a time; a date alone prints as midnight.

extension LondonDateTime {
    /// The time, or midnight for a date alone.
    package var clock: WallClockTime { time ?? WallClockTime(secondsSinceMidnight: 0) }

    /// The same day at `hour`:`minute`.
    package func at(hour: Int, minute: Int) -> LondonDateTime {
        at(WallClockTime(hour: hour, minute: minute))
    }

    /// The nearest weekday: a Saturday moves back to Friday, a Sunday on to Monday (councils do not meet at weekends).
    package func movedOffWeekend() -> LondonDateTime {
        switch date.weekday {
        case 6: adding(days: -1)
        case 0: adding(days: 1)
        default: self
        }
    }

    /// "7:30 pm", "10:00 am", as ModernGov prints times.
    package var timeText: String { clock.twelveHourText }

    /// "15 Jan 2026".
    package var shortDate: String { "\(date.day) \(monthAbbreviation) \(date.year)" }
    package var monthAbbreviation: String { String(date.monthName.prefix(3)) }
}

/// `value` zero-padded to `width` digits.
package func pad(_ value: Int, _ width: Int = 2) -> String {
    CivilDate.digits(value, width)
}

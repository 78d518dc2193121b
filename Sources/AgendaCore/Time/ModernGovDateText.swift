// How ModernGov prints a meeting's date and time in its titles ("Cabinet - Thursday 15 January
// 2026 7:30 pm"): the HTML pages' sub-titles, and the title the web service path gives a meeting
// so that both paths name it alike.

extension WallClockTime {
    /// "7:30 pm", "10:00 am", "12:00 pm", on the 12-hour clock.
    public var twelveHourText: String {
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return "\(twelve):\(CivilDate.digits(minute, 2)) \(hour < 12 ? "am" : "pm")"
    }
}

extension LondonDateTime {
    /// "Thursday 15 January 2026".
    public var longDate: String { "\(date.weekdayName) \(date.day) \(date.monthName) \(date.year)" }

    /// "Thursday 15 January 2026 7:30 pm", or the date alone when no time is known.
    public var longDateAndTime: String { time.map { "\(longDate) \($0.twelveHourText)" } ?? longDate }
}

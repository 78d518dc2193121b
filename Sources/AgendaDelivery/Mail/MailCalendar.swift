import AgendaCore
import Foundation

/// Dates as a mail shows them: the `Date` header in UTC, and meeting times on London's clock as
/// the council wrote them. The calendar arithmetic is `CivilDate`'s.
enum MailCalendar {
    /// RFC 5322 date-time in UTC with `+0000` (never `-0000`, which means "zone unknown"),
    /// e.g. `Sun, 29 Nov 2026 06:54:08 +0000`.
    static func headerDate(_ date: Date) -> String {
        let (day, time) = CivilDate.utc(date)
        return "\(weekday(day)), \(day.day) \(month(day)) \(day.year) \(time) +0000"
    }

    /// The UTC calendar day of `date`, e.g. "29 Nov 2026"; with `hour`, "29 Nov 2026 06:00 UTC".
    static func utcDay(_ date: Date, withHour: Bool = false) -> String {
        let (day, time) = CivilDate.utc(date)
        let text = "\(day.day) \(month(day)) \(day.year)"
        return withHour ? "\(text) \(CivilDate.digits(time.hour, 2)):00 UTC" : text
    }

    /// "Thu 3 Dec 2026".
    static func display(_ day: CivilDate) -> String {
        "\(weekday(day)) \(day.day) \(month(day)) \(day.year)"
    }

    /// "Thu 3 Dec 2026, 10:00" (London time, as the council wrote it), or the day alone.
    static func meetingTime(_ start: LondonDateTime) -> String {
        guard let time = start.time else { return display(start.date) }
        return "\(display(start.date)), \(time.hourAndMinute)"
    }

    /// A change's before/after text: a meeting time when it is one, else the text on one line.
    static func meetingTime(_ text: String) -> String {
        LondonDateTime(iso8601: text).map(meetingTime) ?? MailText.oneLine(text)
    }

    private static func weekday(_ day: CivilDate) -> String { String(day.weekdayName.prefix(3)) }
    private static func month(_ day: CivilDate) -> String { String(day.monthName.prefix(3)) }
}

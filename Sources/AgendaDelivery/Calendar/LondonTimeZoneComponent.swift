import AgendaCore
import Foundation

/// The `VTIMEZONE` for `TZID=Europe/London`, generated from the system's time-zone database through
/// `LondonTime` — never a rule of our own — for the years a calendar's events span.
///
/// Each kind of change (into summer time, back to GMT) becomes one observance. When every change
/// of that kind in those years falls on the same weekday of the same month at the same wall-clock
/// time (the UK rule since 1996: the last Sunday of March at 01:00 GMT, of October at 02:00 BST), it is
/// written as a yearly `RRULE`, the form every calendar app understands; otherwise (the database
/// changed the rule within the span) each change is listed with `RDATE`. The observances start in
/// the year before the first event, so the offset in force at every event is defined.
struct LondonTimeZoneComponent {
    static let tzid = LondonTime.zoneIdentifier

    let london: LondonTime

    /// Writes the component covering `years` (calendar years of the events, London time).
    func write(covering years: ClosedRange<Int>, into writer: inout ICalendarWriter) {
        let start = london.instant(on: CivilDate(year: years.lowerBound - 1, month: 1, day: 1)!,
                                   at: WallClockTime(secondsSinceMidnight: 0))
        let end = london.instant(on: CivilDate(year: years.upperBound + 1, month: 12, day: 31)!,
                                 at: WallClockTime(secondsSinceMidnight: 0))
        let changes = london.clockChanges(from: start, to: end)
        writer.begin("VTIMEZONE")
        writer.property("TZID", raw: Self.tzid)
        if changes.isEmpty {
            // No clock changes in the span: one observance with the offset in force throughout.
            let offset = london.offset(at: start)
            let (date, time) = CivilDate.utc(start.addingTimeInterval(TimeInterval(offset)))
            writeObservance(kind: "STANDARD", first: (date, time), offsetFrom: offset, offsetTo: offset,
                            name: nil, recurrence: nil, into: &writer)
        }
        for summer in [true, false] {
            let group = changes.filter { $0.startsSummerTime == summer }
            guard let first = group.first else { continue }
            let kind = summer ? "DAYLIGHT" : "STANDARD"
            if let rule = Self.yearlyRule(group) {
                let local = localStart(first)
                writeObservance(kind: kind, first: local, offsetFrom: first.offsetBefore, offsetTo: first.offsetAfter,
                                name: first.abbreviation, recurrence: .rule(rule), into: &writer)
            } else {
                // One observance per distinct pair of offsets, each listing its changes.
                var pairs: [(from: Int, to: Int)] = []
                for change in group where !pairs.contains(where: { $0 == (change.offsetBefore, change.offsetAfter) }) {
                    pairs.append((change.offsetBefore, change.offsetAfter))
                }
                for pair in pairs {
                    let matching = group.filter { ($0.offsetBefore, $0.offsetAfter) == pair }
                    writeObservance(kind: kind, first: localStart(matching[0]), offsetFrom: pair.from, offsetTo: pair.to,
                                    name: matching[0].abbreviation,
                                    recurrence: .dates(matching.dropFirst().map(localStart)), into: &writer)
                }
            }
        }
        writer.end("VTIMEZONE")
    }

    private enum Recurrence {
        case rule(String)
        case dates([(CivilDate, WallClockTime)])
    }

    private func writeObservance(kind: String, first: (CivilDate, WallClockTime), offsetFrom: Int, offsetTo: Int,
                                 name: String?, recurrence: Recurrence?, into writer: inout ICalendarWriter) {
        writer.begin(kind)
        writer.property("DTSTART", raw: Self.local(first))
        writer.property("TZOFFSETFROM", raw: ICalendarWriter.utcOffset(offsetFrom))
        writer.property("TZOFFSETTO", raw: ICalendarWriter.utcOffset(offsetTo))
        if let name { writer.text("TZNAME", name) }
        switch recurrence {
        case .rule(let rule)?: writer.property("RRULE", raw: rule)
        case .dates(let dates)?: for date in dates { writer.property("RDATE", raw: Self.local(date)) }
        case nil: break
        }
        writer.end(kind)
    }

    /// The wall-clock time at which a change happens, on the clock in force before it (RFC 5545 §3.6.5).
    private func localStart(_ change: ClockChange) -> (CivilDate, WallClockTime) {
        CivilDate.utc(change.instant.addingTimeInterval(TimeInterval(change.offsetBefore)))
    }

    private static func local(_ value: (CivilDate, WallClockTime)) -> String {
        ICalendarWriter.basic(value.0) + "T" + ICalendarWriter.basic(value.1)
    }

    /// `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` when the changes, one a year in consecutive years, all fall on
    /// the same (last, or n-th) weekday of the same month at the same wall-clock time with the same offsets.
    static func yearlyRule(_ changes: [ClockChange]) -> String? {
        guard let first = changes.first else { return nil }
        func describe(_ change: ClockChange) -> (year: Int, month: Int, weekday: Int, time: WallClockTime, last: Bool, ordinal: Int) {
            let (date, time) = CivilDate.utc(change.instant.addingTimeInterval(TimeInterval(change.offsetBefore)))
            let last = date.day + 7 > CivilDate.daysIn(month: date.month, year: date.year)
            return (date.year, date.month, date.weekday, time, last, (date.day - 1) / 7 + 1)
        }
        let described = changes.map(describe)
        let reference = described[0]
        let allLast = described.allSatisfy(\.last)
        for (index, (this, change)) in zip(described, changes).enumerated() {
            guard this.year == reference.year + index, this.month == reference.month, this.weekday == reference.weekday,
                  this.time == reference.time, change.offsetBefore == first.offsetBefore,
                  change.offsetAfter == first.offsetAfter, change.abbreviation == first.abbreviation,
                  allLast || this.ordinal == reference.ordinal else { return nil }
        }
        let day = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][reference.weekday]
        let position = allLast ? "-1" : "\(reference.ordinal)"
        return "FREQ=YEARLY;BYMONTH=\(reference.month);BYDAY=\(position)\(day)"
    }
}

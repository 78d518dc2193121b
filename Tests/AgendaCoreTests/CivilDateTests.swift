import AgendaCore
import Foundation
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test func daysSinceEpochBothWays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CivilDate(year: 2026, month: 1, day: 15)!.daysSinceEpoch == 20_468)
        #expect(CivilDate(daysSinceEpoch: 20_468) == CivilDate(year: 2026, month: 1, day: 15))
        #expect(CivilDate(daysSinceEpoch: -1) == CivilDate(year: 1969, month: 12, day: 31))
        // Every day of four centuries, through the 1900 and 2100 non-leap years and 2000's leap day.
        var expected = CivilDate(year: 1850, month: 1, day: 1)!
        var wrong: [Int] = []
        for days in expected.daysSinceEpoch...CivilDate(year: 2250, month: 12, day: 31)!.daysSinceEpoch {
            let date = CivilDate(daysSinceEpoch: days)
            if date != expected || date.daysSinceEpoch != days { wrong.append(days) }
            let next = CivilDate(year: date.year, month: date.month, day: date.day + 1)
                ?? CivilDate(year: date.year, month: date.month + 1, day: 1)
                ?? CivilDate(year: date.year + 1, month: 1, day: 1)!
            expected = next
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func agreesWithFoundationInUTC() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        for days in stride(from: -40_000, through: 80_000, by: 97) {
            let instant = Date(timeIntervalSince1970: Double(days) * 86_400 + 45_296)
            let components: Set<Calendar.Component> = [.year, .month, .day, .weekday]
            let parts = calendar.dateComponents(components, from: instant)
            let (date, time) = CivilDate.utc(instant)
            let expected = [parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, (parts.weekday ?? 0) - 1]
            #expect([date.year, date.month, date.day, date.weekday] == expected)
            #expect(time == WallClockTime(hour: 12, minute: 34, second: 56))
        }
    }

    @Test func validatesAndReadsISO() {
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(iso: "2026-12-03") == CivilDate(year: 2026, month: 12, day: 3))
        for bad in ["2026-12-3", "2026/12/03", "2026-02-30", "20261203", "2026-12-03T", "", "abcd-ef-gh"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
        #expect(CivilDate(year: 2026, month: 12, day: 3)!.iso8601 == "2026-12-03")
        #expect(CivilDate(year: 2026, month: 12, day: 3)!.weekdayName == "Thursday")
    }
}

import AgendaCore
import Foundation
import Testing

@Suite("UK time")
struct LondonTimeTests {
    let london = LondonTime.shared

    func utc(_ text: String) -> Date { Timestamp.date(text)! }
    func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }
    func clock(_ h: Int, _ m: Int) -> WallClockTime { WallClockTime(hour: h, minute: m)! }

    @Test func summerTimeComesFromTheZoneDatabase() {
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        #expect(london.offset(at: utc("2026-03-29T00:59:59Z")) == 0)
        #expect(london.offset(at: utc("2026-03-29T01:00:00Z")) == 3600)
        #expect(london.offset(at: utc("2026-10-25T00:59:59Z")) == 3600)
        #expect(london.offset(at: utc("2026-10-25T01:00:00Z")) == 0)
        // Outside the rule of recent years: British Standard Time kept summer time all winter (1968-71).
        #expect(london.offset(at: utc("1970-01-15T12:00:00Z")) == 3600)
    }

    @Test func wallClockTimesAroundTheChanges() {
        #expect(london.offset(on: day(2026, 3, 28), at: clock(19, 0)) == 0)
        #expect(london.offset(on: day(2026, 3, 30), at: clock(19, 0)) == 3600)
        #expect(london.offset(on: day(2026, 10, 25), at: clock(0, 30)) == 3600)
        // The repeated hour reads as GMT; a skipped one too.
        #expect(london.offset(on: day(2026, 10, 25), at: clock(1, 30)) == 0)
        #expect(london.offset(on: day(2026, 3, 29), at: clock(1, 30)) == 0)
        #expect(london.instant(on: day(2025, 9, 2), at: clock(14, 0)) == utc("2025-09-02T13:00:00Z"))
        let (date, time) = london.wallClock(at: utc("2026-07-01T23:30:15Z"))
        #expect(date == day(2026, 7, 2))
        #expect(time == WallClockTime(hour: 0, minute: 30, second: 15))
    }

    @Test func aZoneTheDatabaseLacksIsAStartUpErrorThatSaysWhatToInstall() {
        // Foundation (Swift 6) reads zones from the ICU data inside the runtime, so Europe/London cannot
        // go missing on this machine; this asks the same lookup for a zone that is not there.
        #expect(throws: LondonTimeUnavailable.self) { try LondonTime(zoneIdentifier: "Europe/Atlantis") }
        do {
            _ = try LondonTime(zoneIdentifier: "Europe/Atlantis")
        } catch {
            #expect(error.description.contains("Europe/Atlantis is not available"))
            #expect(error.description.contains("install Debian's tzdata package"))
        }
        #expect((try? LondonTime.load())?.zone.identifier == "Europe/London")
    }
}

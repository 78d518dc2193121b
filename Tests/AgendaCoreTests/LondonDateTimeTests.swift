import AgendaCore
import Foundation
import Testing

@Suite("London date-times")
struct LondonDateTimeTests {
    func utc(_ text: String) -> Date { Timestamp.date(text)! }

    @Test(arguments: ["2025-09-02T14:00:00+01:00", "2026-01-15T19:30:00+00:00", "2025-09-02", "2026-10-25T01:30:00+00:00"])
    func readsBackExactlyWhatItWrites(text: String) throws {
        let value = try #require(LondonDateTime(iso8601: text))
        #expect(value.iso8601 == text)
        let json = try JSONEncoder().encode([value])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(text)\"]")
        #expect(try JSONDecoder().decode([LondonDateTime].self, from: json) == [value])
    }

    @Test func knowsItsInstant() {
        #expect(LondonDateTime(iso8601: "2025-09-02T14:00:00+01:00")!.instant == utc("2025-09-02T13:00:00Z"))
        #expect(LondonDateTime(iso8601: "2026-01-15T19:30:00+00:00")!.instant == utc("2026-01-15T19:30:00Z"))
        // A date alone: the start of that day in London.
        #expect(LondonDateTime(iso8601: "2025-09-02")!.instant == utc("2025-09-01T23:00:00Z"))
        #expect(LondonDateTime(iso8601: "2025-09-02")! < LondonDateTime(iso8601: "2025-09-02T00:00:00+01:00")!)
        #expect(LondonDateTime(iso8601: "2025-09-02T14:00:00+01:00")! < LondonDateTime(iso8601: "2025-09-02T13:30:00+00:00")!)
    }

    @Test func madeFromAWallClockItTakesLondonsOffset() {
        let day = CivilDate(year: 2025, month: 9, day: 2)!
        #expect(LondonDateTime(date: day, time: WallClockTime(hour: 14, minute: 0)).iso8601 == "2025-09-02T14:00:00+01:00")
        #expect(LondonDateTime(date: day, time: nil).iso8601 == "2025-09-02")
        let summer = LondonDateTime(iso8601: "2026-10-24T19:00:00+01:00")!
        #expect(summer.adding(days: 2).iso8601 == "2026-10-26T19:00:00+00:00")
        #expect(LondonDateTime(utc("2026-07-01T06:00:00Z")).iso8601 == "2026-07-01T07:00:00+01:00")
    }

    @Test(arguments: ["2025-09-02T14:00+01:00", "2025-09-02T14:00:00Z", "2025-09-02T14:00:00", "2025-09-02 14:00:00+01:00",
                      "2025-09-02T24:00:00+01:00", "2025-09-31", "2025-09-02T14:00:00+1:00", "", "soon"])
    func refusesOtherText(text: String) {
        #expect(LondonDateTime(iso8601: text) == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LondonDateTime].self, from: Data("[\"\(text)\"]".utf8)) }
    }
}

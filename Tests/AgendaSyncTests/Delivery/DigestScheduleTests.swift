import AgendaConfig
import Foundation
import Testing
@testable import AgendaSync

@Suite("Digest schedule (UK time)")
struct DigestScheduleTests {
    /// An instant given as UTC wall time.
    func utc(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    @Test func dailyAtSevenLondonTimeInWinterAndSummer() {
        let daily = DigestSchedule(period: .daily, at: DigestTime(hour: 7, minute: 0)!)
        // November: London = UTC.
        #expect(daily.slot(atOrBefore: utc("2026-11-29T10:00:00Z")) == utc("2026-11-29T07:00:00Z"))
        #expect(daily.slot(atOrBefore: utc("2026-11-29T06:59:59Z")) == utc("2026-11-28T07:00:00Z"))
        #expect(daily.slot(after: utc("2026-11-29T07:00:00Z")) == utc("2026-11-30T07:00:00Z"))
        // July: London = UTC+1, so 07:00 London is 06:00 UTC.
        #expect(daily.slot(atOrBefore: utc("2026-07-01T06:30:00Z")) == utc("2026-07-01T06:00:00Z"))
        // Across the October clock change (25 Oct 2026): 07:00 BST on the 24th, 07:00 GMT on the 25th.
        #expect(daily.slot(after: utc("2026-10-24T06:00:00Z")) == utc("2026-10-25T07:00:00Z"))
    }

    @Test func hourlyAtItsMinute() {
        let hourly = DigestSchedule(period: .hourly, at: DigestTime(hour: 0, minute: 15)!)
        #expect(hourly.slot(atOrBefore: utc("2026-11-29T10:20:00Z")) == utc("2026-11-29T10:15:00Z"))
        #expect(hourly.slot(atOrBefore: utc("2026-11-29T10:10:00Z")) == utc("2026-11-29T09:15:00Z"))
        #expect(hourly.slot(after: utc("2026-11-29T10:15:00Z")) == utc("2026-11-29T11:15:00Z"))
    }

    @Test func dueOnceASlotHasPassedSinceTheLastDigest() {
        let daily = DigestSchedule(period: .daily, at: DigestTime(hour: 7, minute: 0)!)
        let last = utc("2026-11-29T07:00:05Z")
        #expect(!daily.isDue(lastDigest: last, now: utc("2026-11-29T23:00:00Z")))
        #expect(!daily.isDue(lastDigest: last, now: utc("2026-11-30T06:59:59Z")))
        #expect(daily.isDue(lastDigest: last, now: utc("2026-11-30T07:00:00Z")))
        #expect(daily.isDue(lastDigest: utc("2026-11-28T12:00:00Z"), now: utc("2026-11-29T08:00:00Z")))
    }
}

@testable import ModernGov
import Testing

@Suite struct MeetingDateTests {
    func iso(_ text: String) -> String? { MeetingDate(text)?.start.iso8601 }

    @Test func formsOfTheDate() {
        #expect(iso("Thursday 15 January 2026 7:30 pm") == "2026-01-15T19:30:00+00:00")
        #expect(iso("Tuesday, 2 September 2025 2.00 pm") == "2025-09-02T14:00:00+01:00")
        #expect(iso("15 Jan 2026\u{A0}7:30 pm") == "2026-01-15T19:30:00+00:00")
        #expect(iso("Monday, 6th October, 2025 10.30 am") == "2025-10-06T10:30:00+01:00")
        #expect(iso("Wednesday 12 March 2025 12 noon") == "2025-03-12T12:00:00+00:00")
        #expect(iso("Friday 4 Sept 2026 12.30 am") == "2026-09-04T00:30:00+01:00")
        #expect(iso("1 June 2026 14:00") == "2026-06-01T14:00:00+01:00")
        #expect(iso("3 Jul 2025 7pm") == "2025-07-03T19:00:00+01:00")
        #expect(iso("Tuesday 2 September 2025") == "2025-09-02")
        #expect(iso("no date here 7:30 pm") == nil)
        #expect(iso("31 February 2025 7 pm") == nil)
    }

    @Test func bstAndGMTAroundTheChanges() {
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        #expect(iso("Saturday 28 March 2026 7:00 pm") == "2026-03-28T19:00:00+00:00")
        #expect(iso("Monday 30 March 2026 7:00 pm") == "2026-03-30T19:00:00+01:00")
        #expect(iso("Saturday 24 October 2026 7:00 pm") == "2026-10-24T19:00:00+01:00")
        #expect(iso("Monday 26 October 2026 7:00 pm") == "2026-10-26T19:00:00+00:00")
        // The hour that repeats when the clocks go back reads as GMT, as it always has.
        #expect(iso("Sunday 25 October 2026 1:30 am") == "2026-10-25T01:30:00+00:00")
        #expect(iso("Sunday 25 October 2026 12:30 am") == "2026-10-25T00:30:00+01:00")
    }
}

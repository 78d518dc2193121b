import AgendaCore
import AgendaDelivery
import AgendaDiff
import AgendaModel
import Foundation
import Testing
import TestSupport

/// Calendar documents read back by an independent parser: Python's `icalendar` (Debian's
/// python3-icalendar), plus the RFC 5545 line rules it is lenient about (`check_calendar.py`).
@Suite("Meeting calendars, parsed by Python's icalendar")
struct MeetingCalendarTests {
    static let winter = LondonDateTime(iso8601: "2026-12-03T10:00:00+00:00")!
    static let summer = LondonDateTime(year: 2027, month: 6, day: 15, hour: 18, minute: 30)!
    static let hostileTitle = "Budget;\r\nBcc: x@example.com, \\ \"quoted\" 📅🏛️ 👩‍👩‍👧‍👦 – Pwyllgor ŵ ŷ"

    func meeting(_ number: Int, title: String = "Cabinet - Thursday, 3 December 2026 10.00 am",
                 start: LondonDateTime? = winter, status: MeetingStatus = .confirmed, items: [AgendaItem] = []) -> Meeting {
        var meeting = MailFixtures.meeting(number: number, title: title, start: start, status: status)
        meeting.items = items
        return meeting
    }

    func event(_ meeting: Meeting, version: Int = 1, plannedFinish: LondonDateTime? = nil) throws -> MeetingEvent {
        try #require(MeetingEvent(meeting: meeting, version: version, storedAt: MailFixtures.date,
                                  councilName: "Cyngor Sir Powys County Council", uidDomain: "example.org",
                                  duration: .seconds(7200), plannedFinish: plannedFinish))
    }

    /// `bytes` as a file, parsed.
    func parse(_ bytes: [UInt8]) async throws -> CheckedCalendar {
        try await MailFixtures.withFile(bytes, named: "meetings.ics") { try await DocumentCheck.calendar($0) }
    }

    static let items = [
        AgendaItem(id: "AI1", number: "5", title: "Revenue Budget; Quarter 2, 2026\\27", text: nil, documents: [
            Document(title: "Report", url: MailFixtures.documentURL(1), size: nil),
            Document(title: "Appendix A – Forecasts 📈", url: MailFixtures.documentURL(2), size: nil),
        ], minutes: nil, decision: nil),
        AgendaItem(id: "AI2", number: "6a", title: String(repeating: "Cynllun Datblygu Lleol ŵŷ ", count: 20), text: nil,
                   documents: [], minutes: nil, decision: nil),
    ]

    @Test func everyFieldOfEveryKindOfMeeting() async throws {
        let events = [
            try event(meeting(1, items: Self.items), version: 3),
            try event(meeting(2, title: "Planning - Tuesday, 15 June 2027 6.30 pm", start: Self.summer)),
            try event(meeting(3, title: "Audit - 4 December 2026", start: LondonDateTime(date: Self.winter.date, time: nil))),
            try event(meeting(4, status: .cancelled), version: 2),
            try event(meeting(5, title: Self.hostileTitle)),
        ]
        let calendar = try await parse(MeetingCalendar.document(name: "Powys; meetings, all", events: events))
        #expect(calendar.errors == [])
        #expect(calendar.version == "2.0")
        #expect(calendar.prodid == MeetingCalendar.productID)
        #expect(calendar.method == nil)
        #expect(calendar.calname == "Powys; meetings, all")
        #expect(calendar.lines.max_octets <= 75)
        #expect(calendar.events.map(\.uid) == (1...5).map { "meeting.powys.\($0)@example.org" })
        #expect(calendar.events.map(\.sequence) == [3, 1, 1, 2, 1])
        #expect(calendar.events.allSatisfy { $0.dtstamp == "2026-11-29T06:54:08+00:00" && $0.last_modified == $0.dtstamp })

        let winter = try #require(calendar.event("meeting.powys.1@example.org"))
        #expect(winter.start == .london("2026-12-03T10:00:00"))
        #expect(winter.end == .london("2026-12-03T12:00:00"))
        #expect(winter.start_utc_offset == 0 && winter.start_utc_offset_zoneinfo == 0)
        #expect(winter.summary == "Cabinet - Thursday, 3 December 2026 10.00 am")
        #expect(winter.location == "County Hall, Llandrindod Wells")
        #expect(winter.url == "https://powys.moderngov.co.uk/ieListDocuments.aspx?CId=130&MId=1")
        #expect(winter.status == "CONFIRMED")
        #expect(winter.description == """
            Cyngor Sir Powys County Council – Cabinet
            Venue: County Hall, Llandrindod Wells

            Agenda:
            5. Revenue Budget; Quarter 2, 2026\\27
              - Report: \(MailFixtures.documentURL(1))
              - Appendix A – Forecasts 📈: \(MailFixtures.documentURL(2))
            6a. \(NoticeSummary.shortened(String(repeating: "Cynllun Datblygu Lleol ŵŷ ", count: 20)
                                            .trimmingCharacters(in: .whitespaces), to: 300))

            Meeting page: https://powys.moderngov.co.uk/ieListDocuments.aspx?CId=130&MId=1
            """)

        let summer = try #require(calendar.event("meeting.powys.2@example.org"))
        #expect(summer.start == .london("2027-06-15T18:30:00"))
        #expect(summer.end == .london("2027-06-15T20:30:00"))
        #expect(summer.start_utc_offset == 3600 && summer.start_utc_offset_zoneinfo == 3600)
        #expect(summer.end_utc_offset == 3600)

        let allDay = try #require(calendar.event("meeting.powys.3@example.org"))
        #expect(allDay.start == .day("2026-12-03"))
        #expect(allDay.end == .day("2026-12-04"))

        let cancelled = try #require(calendar.event("meeting.powys.4@example.org"))
        #expect(cancelled.status == "CANCELLED")
        #expect(cancelled.summary == "CANCELLED: Cabinet - Thursday, 3 December 2026 10.00 am")
        #expect(cancelled.description?.contains("This meeting is CANCELLED.") == true)

        let hostile = try #require(calendar.event("meeting.powys.5@example.org"))
        #expect(hostile.summary == "Cabinet: Budget; Bcc: x@example.com, \\ \"quoted\" 📅🏛️ 👩‍👩‍👧‍👦 – Pwyllgor ŵ ŷ")

        // The zone, generated from tzdata: the UK rule, from the year before the first event.
        let zone = try #require(calendar.timezones.first)
        #expect(calendar.timezones.count == 1 && zone.tzid == "Europe/London")
        let daylight = try #require(zone.observances.first { $0.kind == "DAYLIGHT" })
        let standard = try #require(zone.observances.first { $0.kind == "STANDARD" })
        #expect((daylight.dtstart, daylight.offset_from, daylight.offset_to, daylight.name) == ("2025-03-30T01:00:00", 0, 3600, "BST"))
        #expect(daylight.rrule == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3")
        #expect((standard.dtstart, standard.offset_from, standard.offset_to, standard.name) == ("2025-10-26T02:00:00", 3600, 0, "GMT"))
        #expect(standard.rrule == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10")
    }

    @Test func theUIDStaysAndTheSequenceRisesAsAMeetingIsRescheduled() async throws {
        // Version 1 in winter; version 2 moved to summer (with the offset of summer time); version 3 back.
        let versions = [
            try event(meeting(7892), version: 1),
            try event(meeting(7892, start: Self.summer), version: 2),
            try event(meeting(7892, start: LondonDateTime(iso8601: "2027-11-02T14:00:00+00:00")!), version: 3),
        ]
        for (index, version) in versions.enumerated() {
            let calendar = try await parse(MeetingCalendar.publication(version))
            #expect(calendar.errors == [])
            #expect(calendar.method == "PUBLISH")
            let event = try #require(calendar.events.first)
            #expect(event.uid == "meeting.powys.7892@example.org")
            #expect(event.sequence == index + 1)
            #expect(event.start_utc_offset == [0, 3600, 0][index])
            #expect(event.start_utc_offset == event.start_utc_offset_zoneinfo)
        }
    }

    @Test func longLinesAreFoldedNeverInsideACharacter() async throws {
        // Titles of 4-byte and 2-byte characters, so 75-octet folds would land inside sequences.
        let titles = [String(repeating: "📅", count: 400), String(repeating: "ŵ", count: 700),
                      "x" + String(repeating: "👩‍👩‍👧‍👦", count: 90), String(repeating: "a", count: 5000)]
        let events = try titles.enumerated().map { try event(meeting($0.offset + 1, title: $0.element)) }
        let bytes = MeetingCalendar.document(name: String(repeating: "Cyngor ŵ ", count: 30), events: events)
        let calendar = try await parse(bytes)
        #expect(calendar.errors == [])
        #expect(calendar.lines.max_octets == 75)
        #expect(calendar.lines.continuation_lines > 40)
        // Unfolded, every summary is whole again: "Cabinet: " and the title, cut at 300 characters.
        for (index, title) in titles.enumerated() {
            let summary = try #require(calendar.events[index].summary)
            #expect(summary == NoticeSummary.shortened("Cabinet: " + title, to: 300), "\(index)")
        }
        #expect(calendar.calname == String(repeating: "Cyngor ŵ ", count: 30).trimmingCharacters(in: .whitespaces))
    }

    @Test func aPlannedFinishIsTheEnd() throws {
        let finish = LondonDateTime(iso8601: "2026-12-03T13:15:00+00:00")!
        #expect(try event(meeting(1), plannedFinish: finish).end == finish)
        // A finish before the start is not one: the duration applies.
        let early = LondonDateTime(iso8601: "2026-12-03T09:00:00+00:00")!
        #expect(try event(meeting(1), plannedFinish: early).end == LondonDateTime(iso8601: "2026-12-03T12:00:00+00:00")!)
    }

    @Test func aMeetingAcrossTheClockChangeEndsOnTheRightWallClock() async throws {
        // 00:30 on the night the clocks go forward (29 March 2026): two hours later it is 03:30 BST.
        let start = LondonDateTime(iso8601: "2026-03-29T00:30:00+00:00")!
        let calendar = try await parse(MeetingCalendar.publication(try event(meeting(1, start: start))))
        let event = try #require(calendar.events.first)
        #expect(event.end == .london("2026-03-29T03:30:00"))
        #expect(event.start_utc_offset == 0 && event.end_utc_offset == 3600)
    }

    /// The oracle has teeth: a file with an over-long line, a bare LF and a fold inside a character is reported.
    @Test func theCheckerReportsABrokenFile() async throws {
        var bytes = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-A:\(String(repeating: "a", count: 80))\r\nX-B:a\nb\r\n".utf8)
        bytes += Array("X-C:\(String(repeating: "a", count: 69))".utf8) + [0xC5, 13, 10, 32, 0xB5] + Array("\r\nEND:VCALENDAR\r\n".utf8)
        let calendar = try await parse(bytes)
        #expect(calendar.errors.contains { $0.hasPrefix("line 3 is 84 octets long") })
        #expect(calendar.errors.contains { $0.hasPrefix("line 4 has a bare CR or LF") })
        #expect(calendar.errors.contains { $0.hasPrefix("line 5 is not UTF-8 on its own") })
    }
}

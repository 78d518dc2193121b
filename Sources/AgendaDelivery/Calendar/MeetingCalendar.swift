import AgendaCore
import Foundation

/// iCalendar (RFC 5545) documents of meeting events: the calendar channel's file, and the
/// `text/calendar; method=PUBLISH` part of a notice email. Times are on London's clock
/// (`DTSTART;TZID=Europe/London`) with the zone's `VTIMEZONE`, or whole days when the council gave
/// no time; `DTSTAMP` and `LAST-MODIFIED` are when the version was stored, so the same versions
/// always give the same bytes.
public enum MeetingCalendar {
    public static let productID = "-//agenda-sync//agenda-sync 1.0//EN"

    /// The calendar file of a subscription: `name` (`X-WR-CALNAME`) and `events` in the order given.
    public static func document(name: String, events: [MeetingEvent], london: LondonTime = .shared) -> [UInt8] {
        var writer = ICalendarWriter()
        writer.begin("VCALENDAR")
        header(into: &writer)
        writer.text("X-WR-CALNAME", MailText.oneLine(name))
        writer.text("X-WR-TIMEZONE", LondonTimeZoneComponent.tzid)
        body(events, london: london, into: &writer)
        writer.end("VCALENDAR")
        return writer.bytes
    }

    /// One event published by email (`METHOD:PUBLISH`): a calendar app adds it, or updates the
    /// event with the same `UID` when its `SEQUENCE` is higher.
    public static func publication(_ event: MeetingEvent, london: LondonTime = .shared) -> [UInt8] {
        var writer = ICalendarWriter()
        writer.begin("VCALENDAR")
        header(into: &writer)
        writer.property("METHOD", raw: "PUBLISH")
        body([event], london: london, into: &writer)
        writer.end("VCALENDAR")
        return writer.bytes
    }

    private static func header(into writer: inout ICalendarWriter) {
        writer.property("VERSION", raw: "2.0")
        writer.text("PRODID", productID)
        writer.property("CALSCALE", raw: "GREGORIAN")
    }

    private static func body(_ events: [MeetingEvent], london: LondonTime, into writer: inout ICalendarWriter) {
        let timed = events.filter { $0.start.time != nil }
        if let first = timed.map(\.start.date.year).min(), let last = timed.map(\.end.date.year).max() {
            LondonTimeZoneComponent(london: london).write(covering: first...max(first, last), into: &writer)
        }
        for event in events { write(event, into: &writer) }
    }

    private static func write(_ event: MeetingEvent, into writer: inout ICalendarWriter) {
        let tzid = LondonTimeZoneComponent.tzid
        writer.begin("VEVENT")
        writer.text("UID", event.uid)
        writer.property("SEQUENCE", raw: String(event.sequence))
        writer.utc("DTSTAMP", event.stamp)
        writer.utc("LAST-MODIFIED", event.stamp)
        writer.london("DTSTART", event.start, tzid: tzid)
        writer.london("DTEND", event.end, tzid: tzid)
        writer.text("SUMMARY", event.summary)
        if let location = event.location { writer.text("LOCATION", location) }
        writer.property("URL", raw: event.url)
        writer.property("STATUS", raw: event.cancelled ? "CANCELLED" : "CONFIRMED")
        writer.text("DESCRIPTION", event.description)
        writer.property("TRANSP", raw: "OPAQUE")
        writer.end("VEVENT")
    }
}

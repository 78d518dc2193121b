import Foundation

/// An HTML document or fragment as `Scripts/html_check.py` (Python's html.parser) reads it.
public struct HTMLReport: Decodable, Sendable {
    public var tags: [String]
    public var hrefs: [String]
    /// All text content, whitespace collapsed.
    public var text: String
    /// Elements and attributes an email or feed entry must not carry (script, img, style, on…).
    public var forbidden: [String]
    /// `src`, `srcset`, `background`, `poster` values: remote content.
    public var remote: [String]
    public var styled_elements: Int
    /// End tags without their start, and elements never closed.
    public var unbalanced: [String]
}

/// An iCalendar file as `Scripts/check_calendar.py` (Python's icalendar, plus the RFC 5545 line rules) reads it.
public struct CheckedCalendar: Decodable, Sendable {
    public struct Lines: Decodable, Sendable {
        public var lines: Int
        public var continuation_lines: Int
        public var max_octets: Int
    }

    public struct Observance: Decodable, Sendable {
        public var kind: String
        public var dtstart: String
        public var offset_from: Int
        public var offset_to: Int
        public var name: String?
        public var rrule: String?
    }

    public struct TimeZone: Decodable, Sendable {
        public var tzid: String
        public var observances: [Observance]
    }

    public struct When: Decodable, Sendable, Equatable {
        /// "2026-12-03T10:00:00" (local, without offset) or "2026-12-03" for a date.
        public var value: String
        public var tzid: String?
        public var value_type: String?
        public var all_day: Bool

        /// A time on London's clock, `local` as "2026-12-03T10:00:00".
        public static func london(_ local: String) -> When {
            When(value: local, tzid: "Europe/London", value_type: nil, all_day: false)
        }

        /// A whole day, `day` as "2026-12-03".
        public static func day(_ day: String) -> When {
            When(value: day, tzid: nil, value_type: "DATE", all_day: true)
        }
    }

    public struct Event: Decodable, Sendable {
        public var uid: String?
        public var sequence: Int?
        public var dtstamp: String?
        public var last_modified: String?
        public var start: When?
        public var end: When?
        /// Seconds east of UTC at the start, by the file's own VTIMEZONE; nil for a date.
        public var start_utc_offset: Int?
        /// The same by Python's zoneinfo (the system's tzdata).
        public var start_utc_offset_zoneinfo: Int?
        public var end_utc_offset: Int?
        public var summary: String?
        public var location: String?
        public var url: String?
        public var status: String?
        public var description: String?
    }

    public var file: String
    /// Parse errors and broken line rules; empty for a good file.
    public var errors: [String]
    public var lines: Lines
    public var version: String?
    public var prodid: String?
    public var method: String?
    public var calname: String?
    public var timezones: [TimeZone]
    public var events: [Event]

    /// The event with `uid`.
    public func event(_ uid: String) -> Event? { events.first { $0.uid == uid } }
}

/// An Atom file as `Scripts/check_feed.py` (Python's feedparser and XML parser) reads it.
public struct CheckedFeed: Decodable, Sendable {
    public struct Entry: Decodable, Sendable {
        public var id: String?
        public var title: String?
        public var updated: String?
        public var link: String?
        public var author: String?
        public var categories: [String?]
        public var content_type: String?
        /// The entry's HTML, unescaped once (as a reader gets it).
        public var content_html: String?
        public var content: HTMLReport?
    }

    public var file: String
    public var errors: [String]
    public var version: String?
    public var id: String?
    public var title: String?
    public var updated: String?
    public var author: String?
    /// The `rel="self"` link.
    public var self_link: String?
    public var entries: [Entry]
}

/// The independent parsers of the calendar and Atom files.
public enum DocumentCheck {
    /// `check_calendar.py` over `files`, one report each, in order.
    public static func calendars(_ files: [String]) async throws -> [CheckedCalendar] {
        try await CheckScript.run("check_calendar.py", arguments: files, as: CheckedCalendar.self)
    }

    public static func calendar(_ file: String) async throws -> CheckedCalendar {
        try await calendars([file])[0]
    }

    /// `check_feed.py` over `files`, one report each, in order.
    public static func feeds(_ files: [String]) async throws -> [CheckedFeed] {
        try await CheckScript.run("check_feed.py", arguments: files, as: CheckedFeed.self)
    }

    public static func feed(_ file: String) async throws -> CheckedFeed {
        try await feeds([file])[0]
    }
}

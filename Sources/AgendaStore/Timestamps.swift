import Foundation

/// Timestamps are stored as RFC 3339 UTC text ("2026-11-29T07:00:00Z"): sortable, readable in sqlite3.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    public static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text)
    }
}

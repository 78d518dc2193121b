import Foundation

/// "2026-11-29T07:00:00Z": RFC 3339 in UTC, whole seconds (fractions are dropped, not rounded).
public enum RFC3339Timestamp {
    public static func string(from date: Date) -> String {
        Date.ISO8601FormatStyle(timeZone: .gmt).format(date)
    }
}

import Foundation

/// An instant as RFC 3339 text in UTC, whole seconds: "2026-11-29T07:00:00Z" (fractions are
/// dropped, not rounded). The form of notices' `occurred_at` and of every timestamp the store
/// keeps (sortable as text, readable in sqlite3).
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        Date.ISO8601FormatStyle(timeZone: .gmt).format(date.clampedToSupportedRange)
    }

    /// Nil unless `text` is such a timestamp.
    public static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }
}

extension JSONEncoder.DateEncodingStrategy {
    /// Every instant as ``Timestamp`` text, as the store keeps it: what `--json` output and the
    /// daemon's `/healthz` show.
    public static var timestamp: JSONEncoder.DateEncodingStrategy {
        .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
    }
}

import AgendaCore
import Foundation

/// A `Retry-After` value (RFC 9110 §10.2.3): delta-seconds ("120") or an HTTP-date (`HTTPDate`, any
/// of its three forms).
public enum RetryAfter {
    /// Seconds to wait from `now`, never negative (a date in the past means "now"); nil when the
    /// value is neither form.
    public static func delay(_ value: String, now: Date) -> TimeInterval? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Absurdly long numbers are still "a long time", not an error.
            return TimeInterval(trimmed) ?? .greatestFiniteMagnitude
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}

import Foundation

/// Meeting starts are ISO-8601 text with an offset ("2025-09-02T14:00:00+01:00").
enum StartTime {
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: false).parse(text)
    }
}

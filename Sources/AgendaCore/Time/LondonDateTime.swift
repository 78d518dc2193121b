import Foundation

/// A date on a London wall clock, with the time when one is known (a council may publish a
/// meeting's day before its hour), and the UTC offset in force at that time, so it knows its instant.
///
/// Its text — and its JSON, a string — is ISO 8601: "2025-09-02T14:00:00+01:00", or "2025-09-02"
/// for a date alone. `init?(iso8601:)` reads back exactly what `iso8601` writes, offset included
/// (the offset recorded when the page was read is kept, not recomputed), so a stored record
/// decodes and re-encodes to the same bytes and the same content hash.
public struct LondonDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let date: CivilDate
    public let time: WallClockTime?
    /// Seconds east of UTC at `time` (3600 in British Summer Time); nil for a date alone.
    public let utcOffset: Int?

    /// `date` at `time` in London, with the offset Europe/London has then.
    public init(date: CivilDate, time: WallClockTime?, london: LondonTime = .shared) {
        self.date = date
        self.time = time
        utcOffset = time.map { london.offset(on: date, at: $0) }
    }

    /// `year-month-day hour:minute` in London; nil when there is no such day or time.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, london: LondonTime = .shared) {
        guard let date = CivilDate(year: year, month: month, day: day),
              let time = WallClockTime(hour: hour, minute: minute) else { return nil }
        self.init(date: date, time: time, london: london)
    }

    /// The London wall clock at `instant`, to the second.
    public init(_ instant: Date, london: LondonTime = .shared) {
        let (date, time) = london.wallClock(at: instant)
        self.init(date: date, time: time, london: london)
    }

    /// Reads "2025-09-02T14:00:00+01:00" (seconds and a `±HH:MM` offset required) or "2025-09-02";
    /// nil for any other text.
    public init?(iso8601 text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let date = CivilDate(iso: String(decoding: bytes.prefix(10), as: UTF8.self)) else { return nil }
        if bytes.count == 10 {
            self.date = date
            time = nil
            utcOffset = nil
            return
        }
        // "T" HH ":" MM ":" SS sign HH ":" MM
        guard bytes.count == 25, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes[16] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"),
              bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-"),
              let hour = CivilDate.number(bytes[11..<13]), let minute = CivilDate.number(bytes[14..<16]),
              let second = CivilDate.number(bytes[17..<19]), let time = WallClockTime(hour: hour, minute: minute, second: second),
              let offsetHours = CivilDate.number(bytes[20..<22]), let offsetMinutes = CivilDate.number(bytes[23..<25]),
              offsetHours < 24, offsetMinutes < 60 else { return nil }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[19] == UInt8(ascii: "-") ? -1 : 1)
        self.date = date
        self.time = time
        utcOffset = offset
    }

    /// The same wall-clock time `days` later (earlier when negative), with that day's offset.
    public func adding(days: Int, london: LondonTime = .shared) -> LondonDateTime {
        LondonDateTime(date: date.adding(days: days), time: time, london: london)
    }

    /// The same day at another time.
    public func at(_ time: WallClockTime?, london: LondonTime = .shared) -> LondonDateTime {
        LondonDateTime(date: date, time: time, london: london)
    }

    /// When it happens; a date alone is taken as the start of that day in London.
    public var instant: Date {
        guard let time, let utcOffset else {
            let midnight = WallClockTime(secondsSinceMidnight: 0)
            return LondonTime.shared.instant(on: date, at: midnight)
        }
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + time.secondsSinceMidnight - utcOffset))
    }

    /// "2025-09-02T14:00:00+01:00", or "2025-09-02".
    public var iso8601: String {
        guard let time, let utcOffset else { return date.iso8601 }
        let magnitude = abs(utcOffset) / 60
        return "\(date.iso8601)T\(time)\(utcOffset < 0 ? "-" : "+")"
            + "\(CivilDate.digits(magnitude / 60, 2)):\(CivilDate.digits(magnitude % 60, 2))"
    }

    public var description: String { iso8601 }

    /// Earlier instants first; a date alone sorts at the start of its day, before that day's times.
    public static func < (lhs: LondonDateTime, rhs: LondonDateTime) -> Bool {
        let (left, right) = (lhs.instant, rhs.instant)
        return left != right ? left < right : (lhs.time == nil && rhs.time != nil)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = LondonDateTime(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an ISO 8601 date (2025-09-02) or date-time (2025-09-02T14:00:00+01:00): \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}

import Foundation

/// UK civil time (Europe/London): the one place that knows when British Summer Time applies.
/// It reads Foundation's time-zone database (`TimeZone(identifier: "Europe/London")`), never a
/// rule of its own, and has no fallback: without the zone, a "07:00" digest would be an hour late
/// all summer and meeting times would carry the wrong offset, so the program refuses to start
/// instead (every command calls `LondonTime.load()` first and exits 2 with its message).
public struct LondonTime: Sendable {
    public static let zoneIdentifier = "Europe/London"

    public let zone: TimeZone
    /// A Gregorian calendar in `zone`.
    public let calendar: Calendar

    /// The zone named `zoneIdentifier` from Foundation's database. Only tests name another one.
    public init(zoneIdentifier: String = LondonTime.zoneIdentifier) throws(LondonTimeUnavailable) {
        guard let zone = TimeZone(identifier: zoneIdentifier) else { throw LondonTimeUnavailable(zoneIdentifier: zoneIdentifier) }
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    private static let loaded = Result { () throws(LondonTimeUnavailable) in try LondonTime() }

    /// UK time for this process, read once; the error says how to install the zone.
    @discardableResult
    public static func load() throws(LondonTimeUnavailable) -> LondonTime {
        try loaded.get()
    }

    /// UK time for code below the start-up check. Every entry point calls `load()` first, so a
    /// missing zone is reported there with its message; reaching this without it is a programming error.
    public static var shared: LondonTime {
        switch loaded {
        case .success(let time): time
        case .failure(let error): preconditionFailure("\(error) (LondonTime.load() is checked at start-up)")
        }
    }

    /// Seconds east of UTC in London at `instant`: 3600 in summer time, else 0.
    public func offset(at instant: Date) -> Int {
        zone.secondsFromGMT(for: instant)
    }

    /// Seconds east of UTC in London on `date` at the wall-clock `time`. In the hour that repeats
    /// when the clocks go back this is the second (GMT) reading; a time skipped when they go
    /// forward gets GMT too. (Pages read before this type existed were given the same offsets.)
    public func offset(on date: CivilDate, at time: WallClockTime) -> Int {
        let wallAsUTC = Double(date.daysSinceEpoch * 86_400 + time.secondsSinceMidnight)
        let first = offset(at: Date(timeIntervalSince1970: wallAsUTC))
        return offset(at: Date(timeIntervalSince1970: wallAsUTC - Double(first)))
    }

    /// The instant of a London wall-clock time.
    public func instant(on date: CivilDate, at time: WallClockTime) -> Date {
        Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + time.secondsSinceMidnight
                                           - offset(on: date, at: time)))
    }

    /// The London wall clock at `instant` (seconds rounded down).
    public func wallClock(at instant: Date) -> (date: CivilDate, time: WallClockTime) {
        CivilDate.utc(instant.addingTimeInterval(TimeInterval(offset(at: instant))))
    }
}

/// The Europe/London zone is not in Foundation's time-zone database.
public struct LondonTimeUnavailable: Error, Sendable, CustomStringConvertible {
    public let zoneIdentifier: String

    public var description: String {
        "the time zone \(zoneIdentifier) is not available, and UK meeting times and digest hours depend on it; "
            + "install Debian's tzdata package (apt-get install tzdata; `make deps` does it)"
    }
}

/// A change of London's UTC offset — the clocks going forward into British Summer Time or back to
/// GMT — as the time-zone database records it.
public struct ClockChange: Hashable, Sendable {
    /// The instant of the change.
    public let instant: Date
    /// Seconds east of UTC just before the change, and from it on.
    public let offsetBefore: Int
    public let offsetAfter: Int
    /// True when summer (daylight-saving) time starts.
    public let startsSummerTime: Bool
    /// The zone's short name from the change on, as written in the UK ("BST", "GMT"); nil if the database has none.
    public let abbreviation: String?
}

extension LondonTime {
    /// Every change of London's offset at or after `start` and before `end`, oldest first, read from
    /// the time-zone database (so calendars describe the zone the same way `offset(on:at:)` computes it).
    public func clockChanges(from start: Date, to end: Date) -> [ClockChange] {
        let british = Locale(identifier: "en_GB")
        // A zone changes its offset a few times a year at most; the bound only guards against a
        // database that reports no progress.
        let years = max(1, Int(end.timeIntervalSince(start) / 31_556_952) + 1)
        var changes: [ClockChange] = []
        var cursor = start.addingTimeInterval(-1)
        for _ in 0..<(years * 4 + 4) {
            guard let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, next > cursor else { break }
            let summer = zone.isDaylightSavingTime(for: next)
            changes.append(ClockChange(
                instant: next, offsetBefore: offset(at: next.addingTimeInterval(-1)), offsetAfter: offset(at: next),
                startsSummerTime: summer,
                abbreviation: zone.localizedName(for: summer ? .shortDaylightSaving : .shortStandard, locale: british)))
            cursor = next
        }
        return changes
    }
}

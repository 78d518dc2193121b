import Foundation

// Time arithmetic that clamps instead of trapping. A `Double` of seconds that does not fit an
// `Int64` of milliseconds traps on conversion, and a far-future `Date` prints as a year no
// timestamp column can sort; these helpers are how the scheduler and main loop turn seconds
// into dates and durations.

extension Date {
    /// 1900-01-01T00:00:00Z: the earliest instant the program writes (no council minutes are older).
    public static let earliestSupported = Date(timeIntervalSince1970: -2_208_988_800)
    /// 9999-12-31T23:59:59Z: the latest instant the program writes (timestamps have four-digit years).
    public static let latestSupported = Date(timeIntervalSince1970: 253_402_300_799)

    /// `self` moved by `seconds`, clamped to `earliestSupported…latestSupported`; NaN moves nothing.
    public func addingClamped(_ seconds: TimeInterval) -> Date {
        Date(timeIntervalSince1970: timeIntervalSince1970 + (seconds.isNaN ? 0 : seconds)).clampedToSupportedRange
    }

    /// `self`, or the nearer end of the supported range.
    public var clampedToSupportedRange: Date {
        min(max(self, .earliestSupported), .latestSupported)
    }
}

extension Int64 {
    /// `value` rounded toward zero, or `Int64.min` / `Int64.max` when it is beyond them; NaN is 0.
    public init(clamping value: Double) {
        if value.isNaN { self = 0 } else if value >= 9_223_372_036_854_775_807.0 { self = .max }
        else if value <= -9_223_372_036_854_775_808.0 { self = .min } else { self = Int64(value) }
    }
}

extension Duration {
    /// `seconds` rounded up to a whole millisecond, clamped to ±`Int64.max` milliseconds (about
    /// 292 million years) instead of trapping; NaN is zero.
    public static func clampedSeconds(_ seconds: Double) -> Duration {
        .milliseconds(Int64(clamping: (seconds * 1000).rounded(.up)))
    }
}

extension ContinuousClock.Instant {
    /// The instant `seconds` from this one (never before it), computed without trapping.
    public func advanced(byClampedSeconds seconds: Double) -> ContinuousClock.Instant {
        advanced(by: .clampedSeconds(max(0, seconds)))
    }
}

extension Duration {
    /// Whole milliseconds, rounded down (toward negative infinity), clamped to `Int64` instead of trapping.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (sum, overflowB) = ms.addingReportingOverflow(attoseconds / 1_000_000_000_000_000 - (attoseconds % 1_000_000_000_000_000 < 0 ? 1 : 0))
        return overflowB ? (seconds < 0 ? .min : .max) : sum
    }

    /// Whole milliseconds, rounded up, clamped to `Int64` instead of trapping.
    public var ceilingMilliseconds: Int64 {
        let down = wholeMilliseconds
        let exact = down != .max && Duration.milliseconds(down) == self
        return exact || down == .max ? down : down + 1
    }

    /// Whole seconds, rounded up (clamped like `ceilingMilliseconds`).
    public var ceilingSeconds: Int64 {
        let ms = ceilingMilliseconds
        return ms / 1000 + (ms % 1000 > 0 ? 1 : 0)
    }

    /// Seconds as a `Double` (for log lines and rates).
    public var fractionalSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

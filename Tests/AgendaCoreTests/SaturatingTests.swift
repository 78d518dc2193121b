import AgendaCore
import Foundation
import Testing

@Suite("Time arithmetic that clamps")
struct SaturatingTests {
    @Test func doubleToInt64ClampsInsteadOfTrapping() {
        #expect(Int64(clamping: 9.223372036854775807e21) == .max)
        #expect(Int64(clamping: -1e300) == .min)
        #expect(Int64(clamping: Double.infinity) == .max)
        #expect(Int64(clamping: Double.nan) == 0)
        #expect(Int64(clamping: 9_223_372_036_854_775_807.0) == .max)   // 2^63 exactly: one past Int64.max
        #expect(Int64(clamping: 1234.9) == 1234)
        #expect(Int64(clamping: -1234.9) == -1234)
    }

    @Test func durationsFromSecondsClamp() {
        // interval = "9223372036854775807s" in seconds, as the main loop once converted it.
        #expect(Duration.clampedSeconds(9_223_372_036_854_775_807) == .milliseconds(Int64.max))
        #expect(Duration.clampedSeconds(-Double.infinity) == .milliseconds(Int64.min))
        #expect(Duration.clampedSeconds(1.0001) == .milliseconds(1001))
        #expect(Duration.clampedSeconds(.nan) == .zero)
        let now = ContinuousClock.now
        #expect(now.advanced(byClampedSeconds: 1e300) == now.advanced(by: .milliseconds(Int64.max)))
        #expect(now.advanced(byClampedSeconds: -5) == now)
    }

    @Test func datesStayInTheRangeATimestampCanWrite() {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(now.addingClamped(9_223_372_036_854_775_807) == .latestSupported)
        #expect(now.addingClamped(-1e300) == .earliestSupported)
        #expect(now.addingClamped(.nan) == now)
        #expect(now.addingClamped(60) == now.addingTimeInterval(60))
        #expect(Timestamp.string(.latestSupported) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.string(.earliestSupported) == "1900-01-01T00:00:00Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.date(Timestamp.string(.latestSupported)) == .latestSupported)
    }

    @Test func timestampsAreRFC3339InUTCWholeSeconds() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_795_935_600.9)) == "2026-11-29T07:00:00Z")
        #expect(Timestamp.date("2026-11-29T07:00:00Z") == Date(timeIntervalSince1970: 1_795_935_600))
        #expect(Timestamp.date("yesterday") == nil)
    }

    @Test func durationsToMillisecondsRoundAndClamp() {
        #expect(Duration.milliseconds(1500).wholeMilliseconds == 1500)
        #expect((Duration.milliseconds(1500) + .nanoseconds(1)).wholeMilliseconds == 1500)
        #expect((Duration.milliseconds(1500) + .nanoseconds(1)).ceilingMilliseconds == 1501)
        #expect(Duration.milliseconds(1500).ceilingMilliseconds == 1500)
        #expect(Duration.milliseconds(1500).ceilingSeconds == 2)
        #expect(Duration.seconds(3).ceilingSeconds == 3)
        #expect(Duration.zero.ceilingMilliseconds == 0)
        // Beyond Int64 milliseconds: once a trap in the daemon's, the fetcher's and the SMTP relay's conversions.
        #expect(Duration.seconds(Int64.max).wholeMilliseconds == .max)
        #expect(Duration.seconds(Int64.max).ceilingMilliseconds == .max)
        #expect(Duration.seconds(Int64.min).wholeMilliseconds == .min)
        #expect(Duration.seconds(2.5).fractionalSeconds == 2.5)
    }
}

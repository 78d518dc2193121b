#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When the main loop owes the service manager a `WATCHDOG=1`: every half of `$WATCHDOG_USEC`
/// (sd_watchdog_enabled(3)), counted from the last ping. The loop pings when it makes progress
/// and wakes itself for the next ping, so a loop that is stuck stops pinging and systemd
/// restarts the service; nothing pings on a timer of its own.
public struct WatchdogSchedule: Sendable {
    /// Half of `WATCHDOG_USEC`.
    public let period: Duration
    private(set) var nextPing: ContinuousClock.Instant

    /// nil when the watchdog is off: no `WATCHDOG_USEC`, 0, unparsable, or `WATCHDOG_PID` naming
    /// another process.
    public init?(environment: [String: String], processID: Int32 = getpid(), now: ContinuousClock.Instant = .now) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let pid = environment["WATCHDOG_PID"], !pid.isEmpty, Int32(pid) != processID { return nil }
        period = .microseconds(Int64(clamping: microseconds / 2))
        nextPing = now
    }

    /// True (and the next ping scheduled) when a ping is due at `now`.
    public mutating func pingIsDue(at now: ContinuousClock.Instant) -> Bool {
        guard now >= nextPing else { return false }
        nextPing = now.advanced(by: period)
        return true
    }

    /// When the loop must next wake up to ping.
    public var deadline: ContinuousClock.Instant { nextPing }
}

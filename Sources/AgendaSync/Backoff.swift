import Foundation

/// Capped exponential backoff with full jitter: after `n` consecutive failures wait a uniformly
/// random time in `0...min(cap, base·2ⁿ)` (AWS Architecture Blog, "Exponential Backoff And Jitter").
/// The jitter keeps many daemons that failed together from coming back together.
public struct Backoff: Sendable, Hashable {
    /// Seconds.
    public var base: TimeInterval
    /// Seconds; never waited longer than this.
    public var cap: TimeInterval

    public init(base: TimeInterval, cap: TimeInterval) {
        self.base = max(0, base)
        self.cap = max(0, cap)
    }

    /// `min(cap, base·2ⁿ)`; 0 for no failures.
    public func ceiling(failures: Int) -> TimeInterval {
        guard failures > 0 else { return 0 }
        // 2^64 already dwarfs any cap; past that the power would only overflow.
        return min(cap, base * pow(2, Double(min(failures, 64))))
    }

    /// A random delay in `0...ceiling(failures:)`, drawn with `random` (uniform over the range).
    public func delay(failures: Int, random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> TimeInterval {
        let ceiling = ceiling(failures: failures)
        guard ceiling > 0 else { return 0 }
        return min(ceiling, max(0, random(0...ceiling)))
    }
}

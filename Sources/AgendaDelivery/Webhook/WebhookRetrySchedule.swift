import Foundation

/// When to try a webhook again: the Standard Webhooks schedule, with random jitter.
///
/// After attempt 1 (the immediate one) fails, wait 5 s; after attempt 2, 5 min; then 30 min,
/// 2 h, 5 h, 10 h, 14 h, 20 h and 24 h. Attempt 10 is the last: about 75.6 hours (≈ 3 days)
/// after the first, the notice is dead. Each wait is scaled by a random factor in
/// 1 ± ``jitter`` so endpoints that failed together are not retried together.
public struct WebhookRetrySchedule: Sendable, Hashable {
    /// The Standard Webhooks waits, in seconds, after attempts 1…9.
    public static let standardDelays: [TimeInterval] = [
        5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600,
    ]

    public static let standard = WebhookRetrySchedule()

    /// The wait after each failed attempt, in seconds: `delays[n - 1]` follows attempt n.
    public var delays: [TimeInterval]
    /// Relative jitter: 0.1 scales each wait by a random factor in [0.9, 1.1).
    public var jitter: Double

    public init(delays: [TimeInterval] = standardDelays, jitter: Double = 0.1) {
        self.delays = delays
        self.jitter = min(max(jitter, 0), 1)
    }

    /// Attempts in all, the first included (10 for the standard schedule).
    public var maxAttempts: Int { delays.count + 1 }

    /// The longest `Retry-After` honoured (the schedule's longest wait, 24 h): a larger one would
    /// otherwise park the notice far beyond the schedule's ≈ 3 days.
    public var maxRetryAfter: TimeInterval { delays.max() ?? 0 }

    /// Seconds to wait after failed attempt `attempt` (1-based), or nil when that attempt was the
    /// last and the notice is dead. `random` yields values in [0, 1); it is called once.
    public func delay(afterAttempt attempt: Int, random: () -> Double = { Double.random(in: 0..<1) }) -> TimeInterval? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let unit = min(max(random(), 0), 1)
        return delays[attempt - 1] * (1 + jitter * (2 * unit - 1))
    }

    /// Seconds to wait after attempt `attempt` ended with `result`, or nil when there is no next
    /// attempt: delivered, gone (disable the subscription), or the schedule is exhausted (dead).
    /// A throttled attempt waits the longer of the schedule and its `Retry-After` (capped at
    /// ``maxRetryAfter``).
    public func delay(
        after result: WebhookAttemptResult, attempt: Int, random: () -> Double = { Double.random(in: 0..<1) }
    ) -> TimeInterval? {
        switch result {
        case .delivered, .gone:
            return nil
        case .throttled(_, let retryAfter):
            guard let scheduled = delay(afterAttempt: attempt, random: random) else { return nil }
            guard let retryAfter else { return scheduled }
            return max(scheduled, min(retryAfter, maxRetryAfter))
        case .failed, .refused:
            return delay(afterAttempt: attempt, random: random)
        }
    }
}

import AgendaCore
import Foundation

/// What the politeness layer knows about one host, for a scheduler deciding when to run a source
/// again and for `status`-style reports. A snapshot: it does not change after it is returned.
public struct HostState: Sendable, Hashable {
    public var host: WebURL.Origin
    /// The host answered 429/503; nothing is sent to it before this time.
    public var pausedUntil: Date?
    /// The answer behind `pausedUntil`, e.g. "HTTP 503, Retry-After: 120".
    public var pauseReason: String?
    /// Errors (5xx, 429, transfer failures) in a row across cycles; any success resets it to 0.
    public var consecutiveFailures: Int
    /// Advisory: after `consecutiveFailures` errors the next cycle of a source on this host should not
    /// start before this (full-jitter exponential backoff). Nil after a success.
    public var backoffUntil: Date?
    /// The robots.txt answer in force, and until when it is trusted (nil before the first fetch).
    public var robots: RobotsRules?
    public var robotsExpiresAt: Date?

    /// The earliest time a source on this host should be polled again: the later of `pausedUntil`
    /// and `backoffUntil`, or nil when it may be polled now (as far as this host is concerned).
    public var resumeAt: Date? {
        switch (pausedUntil, backoffUntil) {
        case let (pause?, backoff?): max(pause, backoff)
        case let (pause?, nil): pause
        case let (nil, backoff?): backoff
        case (nil, nil): nil
        }
    }
}

import AgendaConfig
import Foundation

/// How gently the daemon treats each council host (docs/architecture.md, rule 4). Most values come from
/// `[daemon]`; the rest are fixed policy with defaults chosen from reliability.md §5.
public struct PolitenessSettings: Sendable, Hashable {
    /// Least time between request starts to one host, unless a source sets its own. (A cycle takes
    /// its spacing from its `SyncContext`'s configuration; this is the value a policy was made with.)
    public var requestSpacing: Duration
    /// How long a robots.txt that was read (or answered 4xx) is trusted. RFC 9309: at most 24 h.
    public var robotsCache: TimeInterval
    /// How long a robots.txt that could not be read (5xx, unreachable) keeps the host disallowed
    /// before it is tried again (never longer than `robotsCache`).
    public var robotsRetry: TimeInterval
    /// Backoff after consecutive errors (5xx, 429, transport failures) on a host.
    public var backoff: Backoff
    /// Consecutive errors on one host after which a cycle stops requesting from it.
    public var errorsPerCycle: Int
    /// The pause after a 429/503 without a usable `Retry-After`.
    public var defaultPause: TimeInterval
    /// The longest pause a `Retry-After` can impose.
    public var maxPause: TimeInterval
    /// A pause up to this long is waited out before the host's next request instead of pausing the
    /// host's remaining requests.
    public var waitablePause: TimeInterval

    public init(requestSpacing: Duration = DaemonConfiguration.defaultRequestSpacing.duration,
                robotsCache: TimeInterval = DaemonConfiguration.defaultRobotsCache.timeInterval,
                robotsRetry: TimeInterval = 3_600,
                backoff: Backoff = Backoff(base: DaemonConfiguration.defaultBackoffBase.timeInterval,
                                           cap: DaemonConfiguration.defaultBackoffCap.timeInterval),
                errorsPerCycle: Int = 3, defaultPause: TimeInterval = 60, maxPause: TimeInterval = 86_400,
                waitablePause: TimeInterval = 5) {
        self.requestSpacing = requestSpacing
        self.robotsCache = robotsCache
        self.robotsRetry = robotsRetry
        self.backoff = backoff
        self.errorsPerCycle = max(1, errorsPerCycle)
        self.defaultPause = defaultPause
        self.maxPause = maxPause
        self.waitablePause = waitablePause
    }

    /// The configured values of `[daemon]`, the fixed policy for the rest.
    public init(daemon: DaemonConfiguration) {
        self.init(requestSpacing: daemon.requestSpacing.duration,
                  robotsCache: daemon.robotsCache.timeInterval,
                  backoff: Backoff(base: daemon.backoffBase.timeInterval, cap: daemon.backoffCap.timeInterval))
    }
}

/// A source's own re-check tiers for meeting pages the daemon already has (`upcoming_horizon`,
/// `recheck_later`, `recheck_past`); nil keeps the daemon's defaults (14d, 6h, 3h).
public struct RecheckOverrides: Hashable, Sendable {
    /// Meetings starting within this long are re-read every cycle.
    public var upcomingHorizon: ConfigDuration?
    /// Re-read interval for meetings further in the future.
    public var later: ConfigDuration?
    /// Re-read interval for meetings more than a day past.
    public var past: ConfigDuration?

    public init(upcomingHorizon: ConfigDuration? = nil, later: ConfigDuration? = nil, past: ConfigDuration? = nil) {
        self.upcomingHorizon = upcomingHorizon
        self.later = later
        self.past = past
    }

    public static let none = RecheckOverrides()
}

import AgendaCore
import AgendaConfig
import AgendaStore
import Foundation

/// How often the daemon re-reads a meeting page it already has, by the meeting's date: pages of
/// meetings in the next two weeks change most (supplements, late reports) and are read every
/// cycle; far-future meetings rarely change; past ones change when minutes and decisions arrive,
/// weeks later. A page is always read when it has no stored version yet, or when its list entry
/// contradicts the stored status (e.g. newly "CANCELLED").
public struct RecheckPolicy: Sendable, Equatable {
    /// Meetings starting within this long from now (or in the last day) are read every cycle.
    public var upcoming: TimeInterval
    /// Re-read interval for meetings further in the future.
    public var later: TimeInterval
    /// Re-read interval for meetings that took place more than a day ago.
    public var past: TimeInterval

    public init(upcoming: TimeInterval = 14 * 86_400, later: TimeInterval = 6 * 3600, past: TimeInterval = 3 * 3600) {
        self.upcoming = upcoming
        self.later = later
        self.past = past
    }

    /// This policy with a source's own tiers where it sets them.
    public func overridden(by overrides: RecheckOverrides) -> RecheckPolicy {
        RecheckPolicy(upcoming: overrides.upcomingHorizon.map { $0.timeInterval } ?? upcoming,
                      later: overrides.later.map { $0.timeInterval } ?? later,
                      past: overrides.past.map { $0.timeInterval } ?? past)
    }

    /// When a page read at `now` for a meeting starting at `start` is next due (nil: next cycle).
    func nextCheck(start: Date?, now: Date) -> Date? {
        guard let start else { return nil }
        if start < now.addingTimeInterval(-86_400) { return now.addingClamped(past) }
        if start > now.addingClamped(upcoming) { return now.addingClamped(later) }
        return nil
    }

    /// A check planned for `planned` (under whatever policy was in force then), no later than this
    /// policy allows now: a meeting that entered the every-cycle tier is due at once (nil), and one
    /// whose tier got shorter is due within that tier's interval from now. Nil: due now.
    func latestCheck(planned: Date?, start: Date?, now: Date) -> Date? {
        guard let planned, let latest = nextCheck(start: start, now: now) else { return nil }
        return min(planned, latest)
    }

    /// Whether the page of a meeting the store already has must be read in this cycle.
    func isDue(state: MeetingState, listedCancelled: Bool, nextCheck: Date?, now: Date) -> Bool {
        if state.currentVersion == 0 { return true }
        if listedCancelled != (state.status == .cancelled) { return true }
        guard let nextCheck else { return true }
        return nextCheck <= now
    }
}

import AgendaConfig
import AgendaCore
import Foundation

/// When an email digest goes out: at `digest_at` UK time each day (daily), or at that minute past
/// each hour (hourly). A digest is due once a slot has passed since the last one was written.
struct DigestSchedule: Sendable {
    let period: EmailDigest
    let at: DigestTime

    /// UK time: there is no fallback to GMT (a "07:00" digest would go out at 08:00 all summer).
    let calendar: Calendar

    init(period: EmailDigest, at: DigestTime, london: LondonTime = .shared) {
        self.period = period
        self.at = at
        calendar = london.calendar
    }

    /// The latest slot at or before `date`.
    func slot(atOrBefore date: Date) -> Date {
        var components = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        components.minute = at.minute
        components.second = 0
        if period == .daily { components.hour = at.hour }
        let candidate = calendar.date(from: components) ?? date
        if candidate <= date { return candidate }
        let step: Calendar.Component = period == .daily ? .day : .hour
        return calendar.date(byAdding: step, value: -1, to: candidate) ?? candidate
    }

    /// The first slot after `date`.
    func slot(after date: Date) -> Date {
        let latest = slot(atOrBefore: date)
        let step: Calendar.Component = period == .daily ? .day : .hour
        let next = calendar.date(byAdding: step, value: 1, to: latest) ?? latest.addingTimeInterval(3600)
        // Across a clock change the same wall time can fall twice (or not at all); never step backwards.
        return next > date ? next : slot(after: date.addingTimeInterval(period == .daily ? 86_400 : 3600))
    }

    /// True when a slot has passed after `lastDigest` (and at or before `now`).
    func isDue(lastDigest: Date, now: Date) -> Bool {
        slot(atOrBefore: now) > lastDigest
    }
}

/// The longest value a duration key accepts, and why. Every duration key has one: a wait longer
/// than any sensible setting is a typo (or an attack on the schedule), and bounded values keep the
/// daemon's date arithmetic far from overflow. README.md ("Configuration") lists them.
struct DurationLimit: Sendable {
    let maximum: ConfigDuration
    let reason: String
    var allowsMilliseconds = false

    private static func days(_ count: Int) -> ConfigDuration { ConfigDuration(seconds: count * 86_400)! }
    private static func hours(_ count: Int) -> ConfigDuration { ConfigDuration(seconds: count * 3_600)! }

    /// `interval` (`[daemon]` and `[[source]]`).
    static let interval = DurationLimit(
        maximum: days(7), reason: "a council polled less than weekly would miss agendas published a week before the meeting")
    /// `window.past` and `window.future`.
    static let window = DurationLimit(maximum: days(3_650), reason: "ten years either side of today covers every listed meeting")
    /// `upcoming_horizon`.
    static let upcomingHorizon = DurationLimit(maximum: days(365), reason: "meetings further ahead than a year rarely change")
    /// `recheck_later` and `recheck_past`.
    static let recheck = DurationLimit(maximum: days(30), reason: "a page not read for a month would miss its minutes")
    /// `robots_cache` (RFC 9309 §2.4).
    static let robotsCache = DurationLimit(maximum: hours(24), reason: "RFC 9309 says a robots.txt should not be trusted for more than 24 hours")
    /// `backoff_base` and `backoff_cap`.
    static let backoff = DurationLimit(maximum: hours(24), reason: "a council is tried again at least once a day")
    /// `calendar_duration`: how long a meeting is taken to last when the council gives no finish.
    static let calendarDuration = DurationLimit(
        maximum: hours(24), reason: "a council meeting is over within the day it starts")
    /// `request_spacing`: requests wait for their turn, and that wait must stay short.
    static let requestSpacing = DurationLimit(
        maximum: ConfigDuration(milliseconds: 60_000)!,
        reason: "requests wait for their turn and the wait must stay short", allowsMilliseconds: true)
    /// `log_retention`, `outbox_retention` and `page_retention`.
    static let retention = DurationLimit(
        maximum: days(3_650), reason: "ten years is as long as any record is worth keeping here; to keep everything, leave "
            + "page_retention unset (the default) and set the others to \"3650d\"")
}

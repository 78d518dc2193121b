import AgendaCore

/// Consecutive errors per host within one cycle: after `limit` in a row the cycle leaves that host
/// alone (its remaining fetches are logged `paused`); any non-error answer ends the streak.
struct ErrorStreaks: Sendable {
    let limit: Int
    private var streaks: [WebURL.Origin: (count: Int, last: String)] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    mutating func note(_ signal: HostSignal, from host: WebURL.Origin) {
        if signal.isError {
            streaks[host] = ((streaks[host]?.count ?? 0) + 1, signal.reason)
        } else {
            streaks[host] = nil
        }
    }

    /// Why `host` is not asked again this cycle, or nil.
    func refusal(for host: WebURL.Origin) -> String? {
        guard let streak = streaks[host], streak.count >= limit else { return nil }
        return "not requested: \(streak.count) errors in a row from \(host) this cycle (last: \(streak.last)); "
            + "the host is left alone until the next cycle"
    }
}

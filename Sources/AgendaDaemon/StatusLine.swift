import AgendaCore
import AgendaConfig
import AgendaStore
import Foundation

/// The one-line `STATUS=` systemd shows in `systemctl status agenda-sync`.
enum StatusLine {
    /// After a cycle: what it did, then the daemon as a whole.
    static func cycle(_ number: Int, _ result: CycleResult, overview: String) -> String {
        let report = result.report
        let seconds = result.duration.fractionalSeconds
        let held = report.hold.map { _ in " (held: \(report.versionsHeld) versions)" } ?? ""
        return "cycle \(number): \(report.source) \(report.outcome.rawValue) in \(String(format: "%.1f", seconds))s, "
            + "\(report.fetches) fetches (\(report.failures) failed), \(report.noticesWritten) notices\(held); \(overview)"
    }

    /// "3 sources, 1 unhealthy, 1 running; next leics at 2026-11-29T09:40:12Z" — with "1 held, " before
    /// "running" while a source's changes are held.
    static func overview(sources: [SourceConfiguration], states: [String: SourceScheduleState],
                         running: Set<String>, held: Set<String> = []) -> String {
        let unhealthy = sources.filter { states[$0.id]?.healthy == false }.count
        let heldCount = sources.filter { held.contains($0.id) }.count
        var text = "\(sources.count) source\(sources.count == 1 ? "" : "s"), \(unhealthy) unhealthy, "
            + (heldCount > 0 ? "\(heldCount) held (see `agenda-sync held`), " : "") + "\(running.count) running"
        let idle = sources.filter { !running.contains($0.id) }.compactMap { states[$0.id] }
        if let next = idle.min(by: { $0.nextDueAt < $1.nextDueAt }) {
            text += "; next \(next.sourceID) at \(Timestamp.string(next.nextDueAt))"
        }
        return text
    }
}

import AgendaStore
import Foundation

/// What one `sync` did, per source and for delivery; the CLI prints it and derives the exit status.
public struct SyncReport: Sendable, Codable {
    public var sources: [SourceReport]
    public var delivery: DeliveryReport

    /// A source that did not complete cleanly or is held, or a delivery failure, is a failed sync (exit 1).
    public var succeeded: Bool {
        sources.allSatisfy { $0.outcome == .ok && $0.hold == nil } && delivery.failed == 0 && delivery.errors.isEmpty
    }
}

public struct SourceReport: Sendable, Codable {
    public var source: String
    public var runID: Int64?
    public var outcome: RunOutcome
    /// True when this cycle was the source's silent baseline.
    public var baseline: Bool
    public var fetches: Int
    public var failures: Int
    public var bytes: Int
    public var meetingsSeen: Int
    /// Versions stored and delivered.
    public var versionsWritten: Int
    public var noticesWritten: Int
    /// Versions this cycle stored as held (with their notices kept aside), when the source is held.
    public var versionsHeld = 0
    /// Set while the source's changes are held: they looked like a page-template change, and wait for
    /// `agenda-sync release` or `agenda-sync rebaseline`.
    public var hold: SourceHold?
    /// This cycle put the source on hold.
    public var newlyHeld = false
    public var error: String?
    /// What the cycle noticed besides errors, as the sync log keeps it ("site moved from … to …", "held: …").
    public var notes: [String] = []

    enum CodingKeys: String, CodingKey {
        case source, runID = "run", outcome, baseline, fetches, failures, bytes, meetingsSeen = "meetings_seen",
             versionsWritten = "versions_written", noticesWritten = "notices_written", versionsHeld = "versions_held",
             hold, newlyHeld = "newly_held", error, notes
    }
}

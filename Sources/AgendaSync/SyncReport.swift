import AgendaStore
import Foundation

/// What one `sync` did, per source and for delivery; the CLI prints it and derives the exit status.
public struct SyncReport: Sendable, Codable {
    public var sources: [SourceReport]
    public var delivery: DeliveryReport

    /// A source that did not complete cleanly, or a delivery failure, is a failed sync (exit 1).
    public var succeeded: Bool {
        sources.allSatisfy { $0.outcome == .ok } && delivery.failed == 0 && delivery.errors.isEmpty
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
    public var versionsWritten: Int
    public var noticesWritten: Int
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case source, runID = "run", outcome, baseline, fetches, failures, bytes, meetingsSeen = "meetings_seen",
             versionsWritten = "versions_written", noticesWritten = "notices_written", error
    }
}

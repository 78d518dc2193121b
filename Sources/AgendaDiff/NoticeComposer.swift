import AgendaCore
import AgendaModel
import Foundation

/// Turns one detected version of a meeting into the notice for one subscription.
public struct NoticeComposer: Sendable {
    public init() {}

    /// The notice, or nil when the subscription's filter leaves no change.
    /// `changes` are the meeting's changes for this version (from `MeetingDiffer`); the notice
    /// lists only those the filter admits, and its type and summary follow from them.
    public func notice(source: NoticeSource, meeting: Meeting, version: Int, changes: [Change],
                       subscription: SubscriptionTarget, occurredAt: Date) -> Notice? {
        let matching = subscription.filter.matchingChanges(sourceID: source.id, meeting: meeting, changes: changes)
        guard !matching.isEmpty else { return nil }
        return Notice(
            id: NoticeID.make(subscriptionID: subscription.id, meetingID: meeting.id, version: version),
            type: matching.contains { $0.kind == .meetingNew } ? .meetingNew : .meetingChanged,
            occurredAt: Timestamp.string(occurredAt),
            source: source,
            meeting: NoticeMeeting(meeting, version: version),
            changes: matching,
            summary: NoticeSummary.line(for: matching))
    }
}

import AgendaCore
import AgendaModel

/// A committee's meeting list (`ieListMeetings.aspx?CommitteeId=N`) as read from one page.
public struct MeetingList: Hashable, Codable, Sendable {
    public var committee: Committee
    /// The meetings in page order; empty when the page lists none (the caller decides what that means).
    public var meetings: [MeetingListEntry]

    public init(committee: Committee, meetings: [MeetingListEntry]) {
        self.committee = committee
        self.meetings = meetings
    }
}

/// One line of a meeting list: "15 Jan 2026 7:30 pm - Agenda, Decisions, Minutes".
public struct MeetingListEntry: Hashable, Codable, Sendable {
    public var id: MeetingID
    public var committeeID: Int
    /// Canonical meeting page URL, `…/ieListDocuments.aspx?CId=N&MId=M`.
    public var url: String
    /// From the link text, on London's clock; nil when it has no date.
    public var start: LondonDateTime?
    /// The link text as shown, normalised ("15 Jan 2026 7:30 pm").
    public var dateText: String
    /// True when the status suffix says CANCELLED.
    public var cancelled: Bool
    /// The text after the link without its leading "- " ("Agenda, Decisions, Minutes", "CANCELLED"); nil when none.
    public var status: String?

    public init(id: MeetingID, committeeID: Int, url: String, start: LondonDateTime?, dateText: String, cancelled: Bool, status: String?) {
        self.id = id
        self.committeeID = committeeID
        self.url = url
        self.start = start
        self.dateText = dateText
        self.cancelled = cancelled
        self.status = status
    }
}

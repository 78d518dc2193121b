import AgendaCore

/// What a subscriber receives for one new or changed meeting (docs/notices.md).
/// The file channel writes it as one JSON line; the webhook body is the same object.
public struct Notice: Hashable, Codable, Sendable {
    /// "ntc_" + hex: derived from subscription, meeting and version, so the same change always has the same id.
    public var id: String
    public var type: NoticeType
    /// RFC 3339 UTC, e.g. "2026-11-29T07:00:00Z": when the change was detected.
    public var occurredAt: String
    public var source: NoticeSource
    public var meeting: NoticeMeeting
    public var changes: [Change]
    public var summary: String

    public init(id: String, type: NoticeType, occurredAt: String, source: NoticeSource, meeting: NoticeMeeting,
                changes: [Change], summary: String) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.source = source
        self.meeting = meeting
        self.changes = changes
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case id, type, occurredAt = "occurred_at", source, meeting, changes, summary
    }
}

public enum NoticeType: String, Hashable, Codable, Sendable {
    case meetingNew = "meeting.new"
    case meetingChanged = "meeting.changed"
}

public struct NoticeSource: Hashable, Codable, Sendable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

public struct NoticeMeeting: Hashable, Codable, Sendable {
    public var id: MeetingID
    public var url: String
    public var committee: Committee
    public var title: String
    public var start: LondonDateTime?
    public var venue: String?
    public var status: MeetingStatus
    public var version: Int

    public init(id: MeetingID, url: String, committee: Committee, title: String, start: LondonDateTime?, venue: String?,
                status: MeetingStatus, version: Int) {
        self.id = id
        self.url = url
        self.committee = committee
        self.title = title
        self.start = start
        self.venue = venue
        self.status = status
        self.version = version
    }

    public init(_ meeting: Meeting, version: Int) {
        self.init(id: meeting.id, url: meeting.url, committee: meeting.committee, title: meeting.title,
                  start: meeting.start, venue: meeting.venue, status: meeting.status, version: version)
    }
}

import AgendaCore
import AgendaModel
import Foundation

/// A configured source as the store knows it.
public struct SourceRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var baseURL: String
    /// When the silent baseline completed; nil until the first successful sync.
    public var baselineAt: Date?
    /// Set while the source's changes are held (they looked like a page-template change).
    public var hold: SourceHold?
}

/// What the store knows of one meeting, without its record.
public struct MeetingState: Sendable, Equatable {
    public var id: MeetingID
    public var committeeID: Int
    public var committeeName: String
    public var title: String
    public var start: LondonDateTime?
    public var status: MeetingStatus
    public var url: String
    /// 0 while the meeting is listed but no page has been stored yet.
    public var currentVersion: Int
    public var contentHash: String?
    /// False for meetings first listed during the silent baseline: their first version is not news.
    public var announceNew: Bool
    public var firstSeenAt: Date
    public var missingSince: Date?
    /// How the current version was read (`[[source]] via`); `.html` for versions stored before the
    /// web service path existed.
    public var via: SourceReading

    public init(id: MeetingID, committeeID: Int, committeeName: String, title: String, start: LondonDateTime?,
                status: MeetingStatus, url: String, currentVersion: Int, contentHash: String?, announceNew: Bool,
                firstSeenAt: Date, missingSince: Date?, via: SourceReading = .html) {
        self.via = via
        self.id = id
        self.committeeID = committeeID
        self.committeeName = committeeName
        self.title = title
        self.start = start
        self.status = status
        self.url = url
        self.currentVersion = currentVersion
        self.contentHash = contentHash
        self.announceNew = announceNew
        self.firstSeenAt = firstSeenAt
        self.missingSince = missingSince
    }
}

/// One stored version of a meeting, with when it was stored.
public struct StoredVersion: Sendable, Equatable {
    public var meeting: Meeting
    public var version: Int
    /// When this version was detected and stored (UTC).
    public var storedAt: Date

    public init(meeting: Meeting, version: Int, storedAt: Date) {
        self.meeting = meeting
        self.version = version
        self.storedAt = storedAt
    }
}

/// A meeting seen in its committee's list.
public struct ListedMeeting: Sendable, Equatable {
    public var id: MeetingID
    public var committee: Committee
    public var url: String
    public var start: LondonDateTime?
    public var cancelled: Bool

    public init(id: MeetingID, committee: Committee, url: String, start: LondonDateTime?, cancelled: Bool) {
        self.id = id
        self.committee = committee
        self.url = url
        self.start = start
        self.cancelled = cancelled
    }
}

/// A notice ready for the outbox: its JSON line is final, so delivery never re-encodes.
public struct OutboxEntry: Sendable, Equatable {
    public var id: String
    public var subscriptionID: String
    public var type: NoticeType
    public var payload: [UInt8]

    public init(id: String, subscriptionID: String, type: NoticeType, payload: [UInt8]) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.type = type
        self.payload = payload
    }
}

/// Everything that must commit together when a meeting changed: the version, its changes, its notices.
public struct NewVersion: Sendable {
    public var meeting: Meeting
    /// The version number this will become; the store checks it follows the current one.
    public var number: Int
    public var contentHash: String
    public var rawPage: [UInt8]
    public var fetchedAt: Date
    public var changes: [Change]
    public var notices: [OutboxEntry]

    public init(meeting: Meeting, number: Int, contentHash: String, rawPage: [UInt8], fetchedAt: Date,
                changes: [Change], notices: [OutboxEntry]) {
        self.meeting = meeting
        self.number = number
        self.contentHash = contentHash
        self.rawPage = rawPage
        self.fetchedAt = fetchedAt
        self.changes = changes
        self.notices = notices
    }
}

/// One stored version with its change summary, for `history`.
public struct VersionSummary: Sendable, Equatable {
    public var number: Int
    public var fetchedAt: Date
    public var contentHash: String
    public var rawSize: Int
    public var changes: [Change]
}

/// What we remember of a page URL's last good response.
public struct PageValidators: Sendable, Equatable {
    public var etag: String?
    public var lastModified: String?
    public var bodyDigest: String?

    public init(etag: String?, lastModified: String?, bodyDigest: String?) {
        self.etag = etag
        self.lastModified = lastModified
        self.bodyDigest = bodyDigest
    }
}

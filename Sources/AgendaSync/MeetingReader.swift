import AgendaConfig
import AgendaCore
import AgendaModel
import AgendaStore
import ModernGov

/// How a source cycle reads a council (`[[source]] via`): which URLs it fetches for the committee
/// list, a committee's meetings and one meeting, and how each body becomes typed data. The cycle
/// does everything else — politeness, validators, the sync log, comparing, storing, notifying —
/// the same way for every reader.
protocol MeetingReader: Sendable {
    var via: SourceReading { get }
    /// What the committee list is called in the sync log ("the committee structure page").
    var committeeListName: String { get }
    var committeesURL: String { get }
    /// The ids of the committees a source that names none watches.
    func committees(_ body: [UInt8], url: String, contentType: ContentType?) throws -> [Int]
    func meetingsURL(committeeID: Int, window: DateWindow) -> String
    /// True when a committee's list holds only the window's meetings (false: every meeting).
    var listsWindowOnly: Bool { get }
    func meetings(_ body: [UInt8], url: String, contentType: ContentType?, committeeID: Int) throws -> MeetingList
    /// The URL fetched for a listed meeting (its validators are kept under it).
    func meetingURL(_ listed: ListedMeeting) -> String
    /// `contentType` is the response's header: its charset decides how an HTML page is decoded (an
    /// XML response declares its own encoding, which libxml2 reads).
    func meeting(_ body: [UInt8], url: String, contentType: ContentType?, listed: ListedMeeting) throws -> Meeting
}

extension SourceConfiguration {
    /// The reader of this source's `via`.
    func reader(site: ModernGovSite) -> any MeetingReader {
        switch via {
        case .html: HTMLMeetingReader(sourceID: id, site: site)
        case .webservice: WebServiceMeetingReader(sourceID: id, site: site)
        }
    }
}

/// The council's HTML pages: `mgCommitteeStructure.aspx`, `ieListMeetings.aspx?CommitteeId=N`
/// (every meeting of the committee), `ieListDocuments.aspx?CId=N&MId=M`.
struct HTMLMeetingReader: MeetingReader {
    let sourceID: String
    let site: ModernGovSite

    var via: SourceReading { .html }
    var committeeListName: String { "the committee structure page" }
    var committeesURL: String { site.committeeStructureURL }

    func committees(_ body: [UInt8], url: String, contentType: ContentType?) throws -> [Int] {
        try CommitteeListParser().parse(body, url: url, contentType: contentType).map(\.id)
    }

    func meetingsURL(committeeID: Int, window: DateWindow) -> String {
        site.meetingsURL(committeeID: committeeID)
    }

    var listsWindowOnly: Bool { false }

    func meetings(_ body: [UInt8], url: String, contentType: ContentType?, committeeID: Int) throws -> MeetingList {
        try MeetingListParser(sourceID: sourceID).parse(body, url: url, contentType: contentType)
    }

    func meetingURL(_ listed: ListedMeeting) -> String { listed.url }

    func meeting(_ body: [UInt8], url: String, contentType: ContentType?, listed: ListedMeeting) throws -> Meeting {
        try MeetingPageParser(sourceID: sourceID).parse(body, url: url, contentType: contentType)
    }
}

/// ModernGov's XML web service: `mgWebService.asmx/GetCommittees` (current committees),
/// `GetMeetings` for the window's days, `GetMeeting?lMeetingId=M`.
struct WebServiceMeetingReader: MeetingReader {
    let sourceID: String
    let site: ModernGovSite

    var via: SourceReading { .webservice }
    var committeeListName: String { "GetCommittees" }
    var committeesURL: String { site.webServiceCommitteesURL }

    func committees(_ body: [UInt8], url: String, contentType: ContentType?) throws -> [Int] {
        try WebServiceCommitteesParser().parse(body).filter(\.isCurrent).map(\.id)
    }

    func meetingsURL(committeeID: Int, window: DateWindow) -> String {
        site.webServiceMeetingsURL(committeeID: committeeID, from: LondonDateTime(window.from).date,
                                   to: LondonDateTime(window.to).date)
    }

    var listsWindowOnly: Bool { true }

    func meetings(_ body: [UInt8], url: String, contentType: ContentType?, committeeID: Int) throws -> MeetingList {
        try WebServiceMeetingsParser(sourceID: sourceID, site: site).parse(body, committeeID: committeeID)
    }

    func meetingURL(_ listed: ListedMeeting) -> String { site.webServiceMeetingURL(meetingID: listed.id.number) }

    func meeting(_ body: [UInt8], url: String, contentType: ContentType?, listed: ListedMeeting) throws -> Meeting {
        try WebServiceMeetingParser(sourceID: sourceID, site: site)
            .parse(body, meetingID: listed.id.number, committee: listed.committee)
    }
}

import AgendaCore
import AgendaModel
import AgendaStore

/// What `check-source` found, step by step; `usable` and `reason` are its verdict.
public struct SourceCheckReport: Sendable, Encodable {
    public var name: String
    public var baseURL: String
    public var userAgent: String
    /// The path checked: the HTML pages or the web service.
    public var via: SourceReading
    /// Whether the web service answers, whichever path is checked.
    public var webService: WebServiceStep?
    public var robots: RobotsVerdict?
    public var committees: CommitteesStep?
    public var meetingsList: MeetingsListStep?
    public var meetings: [MeetingStep] = []
    /// Every warning, each naming its page.
    public var warnings: [String] = []
    /// Whether the daemon can watch the council as it is.
    public var usable = false
    /// One line: why it can or cannot.
    public var reason = ""
    /// Every request made, robots.txt included, in order.
    public var requests: [FetchLogEntry] = []

    /// robots.txt's answer and its verdict on each kind of page a sync reads.
    public struct RobotsVerdict: Sendable, Encodable {
        public var url: String
        /// "HTTP 200: read", "HTTP 404: no robots.txt, every page allowed", or why it could not be read.
        public var answer: String
        public var pages: [Page]

        public struct Page: Sendable, Encodable {
            public var url: String
            public var allowed: Bool
            /// Why not, when not allowed.
            public var reason: String?
        }
    }

    /// `mgWebService.asmx/GetCommittees`: whether the web service answers, and with how many committees.
    public struct WebServiceStep: Sendable, Encodable {
        public var url: String
        public var answers: Bool
        /// The committees it lists (current and expired), when it answers.
        public var committees: Int?
        /// The HTTP status of an error answer (404, 500: switched off).
        public var status: Int?
        /// "answers (131 committees)", "switched off (HTTP 404)" or "does not answer (why)".
        public var state: String
    }

    public struct CommitteesStep: Sendable, Encodable {
        public var url: String
        public var count: Int
        /// Group headings, in page order.
        public var groups: [String]
    }

    public struct MeetingsListStep: Sendable, Encodable {
        public var committee: Committee
        public var url: String
        public var meetings: Int
        /// Meetings whose list entry shows documents (agenda, minutes…).
        public var withDocuments: Int
        public var undated: Int
        /// Committees whose lists were read to find one with meetings.
        public var listsRead: Int

        enum CodingKeys: String, CodingKey {
            case committee, url, meetings, withDocuments = "with_documents", undated, listsRead = "lists_read"
        }
    }

    /// One meeting page: what a sync would store, or why it would fail on it.
    public struct MeetingStep: Sendable, Encodable {
        public var id: String
        public var url: String
        public var start: LondonDateTime?
        public var status: MeetingStatus?
        public var venue: String?
        public var items: Int
        public var documents: Int
        public var published: PublishedFlags?
        public var warnings: [String]
        public var error: String?
    }

    enum CodingKeys: String, CodingKey {
        case name, baseURL = "base_url", userAgent = "user_agent", via, webService = "web_service", robots, committees, meetingsList = "meetings_list", meetings,
             warnings, usable, reason, requests
    }
}

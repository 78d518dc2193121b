import AgendaCore

/// One ModernGov install, identified by its base URL (`https://democracy.leics.gov.uk/`,
/// or with a sub-path such as `https://host/moderngov/`), and the URLs of the pages agenda-sync reads.
public struct ModernGovSite: Hashable, Sendable {
    /// Canonical base URL, always ending in "/".
    public let baseURL: String

    /// nil unless `baseURL` is an absolute http(s) URL. A base without a trailing slash is read as
    /// a directory (`https://host/moderngov` → `https://host/moderngov/`); a page URL is cut to its directory.
    public init?(baseURL: String) {
        guard var url = WebURL(baseURL) else { return nil }
        url.query = nil
        let last = url.path.split(separator: "/").last.map(String.init) ?? ""
        if !url.path.hasSuffix("/") {
            url.path = last.lowercased().hasSuffix(".aspx") || last.lowercased().hasSuffix(".asmx")
                ? url.directory.path : url.path + "/"
        }
        self.baseURL = url.string
    }

    init(directoryOf page: WebURL) {
        baseURL = page.directory.string
    }

    /// `mgCommitteeStructure.aspx`: every committee, grouped.
    public var committeeStructureURL: String { baseURL + "mgCommitteeStructure.aspx" }
    /// `mgListCommittees.aspx`: the flat committee list some installs use instead.
    public var committeeListURL: String { baseURL + "mgListCommittees.aspx" }

    /// A committee's meetings: `ieListMeetings.aspx?CommitteeId=N` (the form the sites link to).
    public func meetingsURL(committeeID: Int) -> String {
        baseURL + "ieListMeetings.aspx?CommitteeId=\(committeeID)"
    }

    /// One meeting's page, canonical form: `ieListDocuments.aspx?CId=N&MId=M`.
    public func meetingURL(committeeID: Int, meetingID: Int) -> String {
        baseURL + "ieListDocuments.aspx?CId=\(committeeID)&MId=\(meetingID)"
    }

    // MARK: the web service (`mgWebService.asmx`)

    /// `mgWebService.asmx/GetCommittees`: every committee, with its expired and deleted flags.
    public var webServiceCommitteesURL: String { baseURL + "mgWebService.asmx/GetCommittees" }

    /// `mgWebService.asmx/GetMeetings?lCommitteeId=N&sFromDate=dd/mm/yyyy&sToDate=dd/mm/yyyy`: a
    /// committee's meetings between two London days (inclusive).
    public func webServiceMeetingsURL(committeeID: Int, from: CivilDate, to: CivilDate) -> String {
        func text(_ day: CivilDate) -> String {
            "\(CivilDate.digits(day.day, 2))/\(CivilDate.digits(day.month, 2))/\(CivilDate.digits(day.year, 4))"
        }
        // "/" is a legal query character: the web service is asked with the dates as written.
        return baseURL + "mgWebService.asmx/GetMeetings?lCommitteeId=\(committeeID)&sFromDate=\(text(from))&sToDate=\(text(to))"
    }

    /// `mgWebService.asmx/GetMeeting?lMeetingId=M`: one meeting with its items and documents.
    public func webServiceMeetingURL(meetingID: Int) -> String {
        baseURL + "mgWebService.asmx/GetMeeting?lMeetingId=\(meetingID)"
    }

    /// `href` resolved against `pageURL` in canonical form (see `WebURL`); nil unless http(s).
    public static func canonicalURL(_ href: String, relativeTo pageURL: String) -> String? {
        WebURL(pageURL)?.resolve(href)?.string
    }
}

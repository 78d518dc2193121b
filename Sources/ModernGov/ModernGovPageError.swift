/// Why a fetched page could not be read as the ModernGov page asked for. A page that throws is a
/// failed fetch, never a change: the caller keeps the last good version.
public enum ModernGovPageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The body is not a ModernGov page at all: empty, binary, a JavaScript redirect or
    /// challenge stub, another product's error page (e.g. SharePoint), a wrong base URL.
    case notModernGov(reason: String)
    /// A ModernGov page cut short: no closing `</html>`, or the agenda items table never closed.
    case truncated(reason: String)
    /// A ModernGov page, but not a meeting page (`ieListDocuments.aspx`) with a title, a date and ids.
    case notAMeetingPage(reason: String)
    /// A ModernGov page, but not a committee's meeting list (`ieListMeetings.aspx`).
    case notAMeetingList(reason: String)
    /// A page of the expected kind whose structure was not understood: it shows an agenda (item
    /// anchors, document links, meeting links) that its reading lost — what a re-skin or a template
    /// upgrade does. `reason` names what was seen and what was missing (see `StructureCheck`).
    case unrecognised(reason: String)
    /// Not the web service response asked for: not XML (an HTML error, login or challenge page),
    /// a SOAP fault, another root element, or the answer about another meeting or committee.
    case notWebServiceResponse(reason: String)
    /// The page URL given by the caller is not an absolute http(s) URL.
    case invalidPageURL(String)

    public var description: String {
        switch self {
        case .notModernGov(let reason): "not a ModernGov page: \(reason)"
        case .truncated(let reason): "truncated page: \(reason)"
        case .notAMeetingPage(let reason): "not a ModernGov meeting page: \(reason)"
        case .notAMeetingList(let reason): "not a ModernGov meeting list: \(reason)"
        case .unrecognised(let reason): "unrecognised page structure: \(reason)"
        case .notWebServiceResponse(let reason): "not the ModernGov web service response asked for: \(reason)"
        case .invalidPageURL(let url): "not an absolute http(s) page URL: \(url)"
        }
    }
}

import AgendaCore

/// The ModernGov pages a sample site answers, recognised the way IIS does: page names and
/// query keys case-insensitively, with or without a cookieless session segment
/// (`/(S(token))/ieListDocuments.aspx`), under the site's base path.
public enum SiteRoute: Hashable, Sendable {
    /// `mgCommitteeStructure.aspx` (also `mgListCommittees.aspx`).
    case committeeStructure
    /// `ieListMeetings.aspx?CommitteeId=N` (also `CId=N`).
    case meetingList(committee: Int)
    /// `ieListDocuments.aspx?CId=N&MId=M` (also `MID=`, `MeetingId=`; `CId` optional).
    case meeting(committee: Int?, meeting: Int)
    /// `mgWebService.asmx/GetCommittees`.
    case webServiceCommittees
    /// `mgWebService.asmx/GetMeetings?lCommitteeId=N&sFromDate=dd/mm/yyyy&sToDate=dd/mm/yyyy` (dates optional).
    case webServiceMeetings(committee: Int, from: CivilDate?, to: CivilDate?)
    /// `mgWebService.asmx/GetMeeting?lMeetingId=M`.
    case webServiceMeeting(meeting: Int)

    /// True for the web service's methods (answered as XML).
    public var isWebService: Bool {
        switch self {
        case .webServiceCommittees, .webServiceMeetings, .webServiceMeeting: true
        case .committeeStructure, .meetingList, .meeting: false
        }
    }

    /// nil for anything that is not one of the pages above.
    public static func parse(path: String, query: [(name: String, value: String)], basePath: String = "/") -> SiteRoute? {
        guard let page = pageName(path: path, basePath: basePath) else { return nil }
        func value(_ names: String...) -> Int? {
            for (name, value) in query where names.contains(name.lowercased()) {
                if let number = Int(value.trimmingSpaces()) { return number }
            }
            return nil
        }
        func day(_ name: String) -> CivilDate? {
            guard let text = query.first(where: { $0.name.lowercased() == name })?.value else { return nil }
            let parts = text.trimmingSpaces().split(separator: "/").compactMap { Int($0) }
            return parts.count == 3 ? CivilDate(year: parts[2], month: parts[1], day: parts[0]) : nil
        }
        switch page {
        case "mgcommitteestructure.aspx", "mglistcommittees.aspx":
            return .committeeStructure
        case "ielistmeetings.aspx":
            return value("committeeid", "cid").map { .meetingList(committee: $0) }
        case "ielistdocuments.aspx":
            return value("mid", "meetingid").map { .meeting(committee: value("cid", "committeeid"), meeting: $0) }
        case "mgwebservice.asmx/getcommittees":
            return .webServiceCommittees
        case "mgwebservice.asmx/getmeetings":
            return value("lcommitteeid").map { .webServiceMeetings(committee: $0, from: day("sfromdate"), to: day("stodate")) }
        case "mgwebservice.asmx/getmeeting":
            return value("lmeetingid").map { .webServiceMeeting(meeting: $0) }
        default:
            return nil
        }
    }

    /// The lower-cased page name of a request path, after the base path and any session
    /// segment ("ielistdocuments.aspx", or "mgwebservice.asmx/getmeeting" for a web service
    /// method); nil when the path is not directly under the base.
    public static func pageName(path: String, basePath: String = "/") -> String? {
        var rest = Substring(path)
        let base = SiteStyle.normalisedPath(basePath)
        guard rest.lowercased().hasPrefix(base.lowercased()) else { return nil }
        rest = rest.dropFirst(base.count)
        if rest.hasPrefix("(S("), let close = rest.range(of: "))/") {
            rest = rest[close.upperBound...]
        }
        let name = rest.lowercased()
        if name.hasPrefix("mgwebservice.asmx/"), !name.dropFirst(18).isEmpty, !name.dropFirst(18).contains("/") { return name }
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return name
    }
}

private extension String {
    func trimmingSpaces() -> Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}

private extension Substring {
    func range(of needle: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) {
                return index..<self.index(index, offsetBy: needle.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}

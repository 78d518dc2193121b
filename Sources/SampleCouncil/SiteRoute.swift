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

    /// nil for anything that is not one of the pages above.
    public static func parse(path: String, query: [(name: String, value: String)], basePath: String = "/") -> SiteRoute? {
        guard let page = pageName(path: path, basePath: basePath) else { return nil }
        func value(_ names: String...) -> Int? {
            for (name, value) in query where names.contains(name.lowercased()) {
                if let number = Int(value.trimmingSpaces()) { return number }
            }
            return nil
        }
        switch page {
        case "mgcommitteestructure.aspx", "mglistcommittees.aspx":
            return .committeeStructure
        case "ielistmeetings.aspx":
            return value("committeeid", "cid").map { .meetingList(committee: $0) }
        case "ielistdocuments.aspx":
            return value("mid", "meetingid").map { .meeting(committee: value("cid", "committeeid"), meeting: $0) }
        default:
            return nil
        }
    }

    /// The lower-cased page name of a request path, after the base path and any session
    /// segment; nil when the path is not directly under the base.
    public static func pageName(path: String, basePath: String = "/") -> String? {
        var rest = Substring(path)
        let base = SiteStyle.normalisedPath(basePath)
        guard rest.lowercased().hasPrefix(base.lowercased()) else { return nil }
        rest = rest.dropFirst(base.count)
        if rest.hasPrefix("(S("), let close = rest.range(of: "))/") {
            rest = rest[close.upperBound...]
        }
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return rest.lowercased()
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

import AgendaCore
import AgendaModel

/// Reads `mgWebService.asmx/GetMeetings?lCommitteeId=N…` (`<getmeetings>`) into the same
/// `MeetingList` the HTML meetings list gives: each meeting's id, start, status and its HTML
/// meeting page (`ieListDocuments.aspx?CId=N&MId=M`, the page notices link to).
public struct WebServiceMeetingsParser: Sendable {
    public let sourceID: String
    public let site: ModernGovSite

    public init(sourceID: String, site: ModernGovSite) {
        self.sourceID = sourceID
        self.site = site
    }

    public func parse(_ body: [UInt8], committeeID: Int) throws(ModernGovPageError) -> MeetingList {
        try WebServiceDocument(body, expectedRoot: "getmeetings").withRoot { root throws(ModernGovPageError) in
            let committees = root.children("committee")
            if let other = committees.first(where: { $0.id("committeeid") != committeeID }) {
                throw .notWebServiceResponse(reason: "the response lists committee \(other.string("committeeid")), not \(committeeID)")
            }
            var name = ""
            var meetings: [MeetingListEntry] = []
            for committee in committees {
                name = TextNormalizer.line(committee.string("committeetitle"))
                for element in committee.child("committeemeetings")?.children("meeting") ?? [] {
                    meetings.append(try entry(element, committeeID: committeeID))
                }
            }
            if let count = Int(root.string("meetingscount")), count != meetings.count {
                throw .truncated(reason: "meetingscount says \(count), the response lists \(meetings.count)")
            }
            return MeetingList(committee: Committee(id: committeeID, name: name), meetings: meetings)
        }
    }

    private func entry(_ element: XMLElement, committeeID: Int) throws(ModernGovPageError) -> MeetingListEntry {
        guard let number = element.id("meetingid") else {
            throw .notWebServiceResponse(reason: "a <meeting> without a meetingid")
        }
        let date = element.string("meetingdate"), time = element.string("meetingtime")
        let status = TextNormalizer.line(element.string("meetingstatus"))
        return MeetingListEntry(id: MeetingID(source: sourceID, number: number), committeeID: committeeID,
                                url: site.meetingURL(committeeID: committeeID, meetingID: number),
                                start: MeetingDate(dayMonthYear: date, time: time)?.start,
                                dateText: time.isEmpty ? date : "\(date) \(time)",
                                cancelled: WebServiceStatus.isCancelled(status), status: status.isEmpty ? nil : status)
    }
}

/// `meetingstatus` is free text, possibly compound ("Confirmed; Special Meeting"): a meeting is
/// cancelled when any part says so, in any case.
enum WebServiceStatus {
    static func isCancelled(_ status: String) -> Bool {
        status.split(separator: ";").contains { $0.lowercased().contains("cancelled") }
    }
}

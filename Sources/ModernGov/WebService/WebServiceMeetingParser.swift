import AgendaCore
import AgendaModel

/// Reads `mgWebService.asmx/GetMeeting?lMeetingId=M` (`<meeting>`) into the same typed `Meeting`
/// the HTML meeting page gives, with what the web service does not carry left out: documents have
/// no size text, and there are no meeting-level documents (frontsheet, reports pack, printed
/// minutes). Either the whole record or a `ModernGovPageError`.
public struct WebServiceMeetingParser: Sendable {
    public let sourceID: String
    public let site: ModernGovSite

    public init(sourceID: String, site: ModernGovSite) {
        self.sourceID = sourceID
        self.site = site
    }

    /// - Parameters:
    ///   - meetingID: the meeting asked for; a response about another meeting is refused.
    ///   - committee: the meeting's committee, from its listing (GetMeeting does not carry the id).
    public func parse(_ body: [UInt8], meetingID: Int, committee: Committee) throws(ModernGovPageError) -> Meeting {
        try WebServiceDocument(body, expectedRoot: "meeting").withRoot { root throws(ModernGovPageError) in
            try meeting(root, meetingID: meetingID, committee: committee)
        }
    }

    private func meeting(_ root: XMLElement, meetingID: Int, committee: Committee) throws(ModernGovPageError) -> Meeting {
        guard let found = root.id("meetingid") else { throw .notWebServiceResponse(reason: "no meetingid") }
        guard found == meetingID else {
            throw .notWebServiceResponse(reason: "the response is for meeting \(found), not \(meetingID)")
        }
        guard let date = MeetingDate(dayMonthYear: root.string("meetingdate"), time: root.string("meetingtime")) else {
            throw .notWebServiceResponse(reason: "meetingdate \"\(root.string("meetingdate").prefix(40))\" is not a dd/mm/yyyy day")
        }
        let start = date.start
        let pageURL = site.meetingURL(committeeID: committee.id, meetingID: meetingID)
        // Checked by the site's own constructor: the base URL is an http(s) URL.
        let page = WebURL(pageURL)!
        let items = (root.child("agendaitems")?.children("agendaitem") ?? []).map { item($0, page: page) }
        let venue = TextNormalizer.line(root.string("meetinglocation"))
        return Meeting(
            id: MeetingID(source: sourceID, number: meetingID),
            url: pageURL,
            committee: committee,
            title: "\(committee.name) - \(start.longDateAndTime)",
            start: start,
            venue: venue.isEmpty ? nil : venue,
            status: WebServiceStatus.isCancelled(root.string("meetingstatus")) ? .cancelled : .confirmed,
            published: PublishedFlags(agenda: root.flag("agendapublished") ?? false,
                                      minutes: root.flag("minutepublished") ?? false,
                                      decisions: root.flag("decisionpublished") ?? false),
            actionDocuments: [],
            items: items)
    }

    private func item(_ element: XMLElement, page: WebURL) -> AgendaItem {
        var number = TextNormalizer.line(element.string("fulldisplaynumberformat"))
        if number.hasSuffix(".") { number.removeLast() }
        let text = EmbeddedHTML.text(element.string("agendatext"))
        return AgendaItem(
            id: "AI" + element.string("agendaitemid"),
            number: number,
            title: EmbeddedHTML.text(element.string("agendaitemtitle"), singleLine: true),
            text: text.isEmpty ? nil : text,
            documents: (element.child("linkeddocuments")?.children("linkeddoc") ?? []).compactMap { document($0, page: page) },
            minutes: section(element, body: "minutesnonemptyhtmlbody", published: "isminutepublished"),
            decision: section(element, body: "decisionnonemptyhtmlbody", published: "isdecisionpublished"))
    }

    /// A minutes or decision section: its HTML, unless the item says it is not published.
    private func section(_ element: XMLElement, body: StaticString, published: StaticString) -> ItemSection? {
        guard element.flag(published) != false else { return nil }
        let text = EmbeddedHTML.text(element.string(body))
        return text.isEmpty ? nil : ItemSectionText.section([text])
    }

    /// A linked document with a title and a usable URL; restricted documents are not on the public page.
    private func document(_ element: XMLElement, page: WebURL) -> Document? {
        guard element.flag("isrestricted") != true else { return nil }
        let title = EmbeddedHTML.text(element.string("title"), singleLine: true)
        let href = element.string("url")
        guard !title.isEmpty, !href.isEmpty, let url = page.resolve(href),
              let site = DocumentLink.site(of: url, page: page) else { return nil }
        return Document(title: title, url: url.string, size: nil, external: site == .external)
    }
}

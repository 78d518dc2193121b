import AgendaCore
import AgendaModel

/// Reads a committee's meeting list, `ieListMeetings.aspx?CommitteeId=N` (also `CId=N&Year=0`).
/// Entries are the links to meeting pages (`ieListDocuments.aspx?CId=…&MId=…`) in the list, each
/// with the status text that follows it in its list item or table cell.
public struct MeetingListParser: Sendable {
    public let sourceID: String

    public init(sourceID: String) {
        self.sourceID = sourceID
    }

    /// The list, or the reason the page is not one: `.unrecognised` when it links to meetings
    /// but none of the links could be read (see `StructureCheck`).
    /// - Parameter contentType: the response's `Content-Type` (its charset); nil when unknown.
    public func parse(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> MeetingList {
        let reading = try read(html, url: url, contentType: contentType)
        try StructureCheck.requireNoErrors(reading.findings)
        return reading.list
    }

    /// The list as read, with the page's evidence and every finding of the structure check.
    public func read(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> MeetingListReading {
        guard let pageURL = WebURL(url) else { throw .invalidPageURL(url) }
        return try ModernGovPage(html, httpCharset: contentType?.charset).withContent { content throws(ModernGovPageError) in
            let list = try meetingList(content: content, pageURL: pageURL)
            let evidence = MeetingListEvidence(content: content)
            return MeetingListReading(list: list, evidence: evidence, findings: StructureCheck.findings(evidence, list))
        }
    }

    private func meetingList(content: HTMLNode, pageURL: WebURL) throws(ModernGovPageError) -> MeetingList {
        // The committee's name heads the list: `h2.mgSubTitleTxt`, or the first h2 where no element has that class.
        let classed = content.first("h2", class: "mgSubTitleTxt")
        guard let subtitle = classed ?? (ClassVocabulary(scanning: content).contains(.subTitle) ? nil : content.first("h2")) else {
            throw .notAMeetingList(reason: "no h2.mgSubTitleTxt committee name")
        }
        let name = subtitle.text(singleLine: true)
        if SubTitle(name).date != nil, content.first("table", class: "mgItemTable") != nil {
            throw .notAMeetingList(reason: "this is a meeting page")
        }
        guard let committeeID = committeeID(pageURL: pageURL, content: content) else {
            throw .notAMeetingList(reason: "no committee id in the URL (CommitteeId, CId) or the page")
        }
        let site = ModernGovSite(directoryOf: pageURL)
        var seen = Set<Int>()
        var entries: [MeetingListEntry] = []
        for a in content.descendants where a.is("a") {
            guard let link = a.link(base: pageURL), link.fileNameIs("ielistdocuments.aspx"),
                  let mid = link.queryValue(["mid", "meetingid"]).flatMap({ Int(positiveID: $0) }),
                  !seen.contains(mid) else { continue }
            seen.insert(mid)
            let entryCommittee = link.queryValue(["cid", "committeeid"]).flatMap { Int(positiveID: $0) } ?? committeeID
            let dateText = a.text(singleLine: true)
            let status = statusText(after: a)
            entries.append(MeetingListEntry(
                id: MeetingID(source: sourceID, number: mid),
                committeeID: entryCommittee,
                url: site.meetingURL(committeeID: entryCommittee, meetingID: mid),
                start: MeetingDate(dateText)?.start,
                dateText: dateText,
                cancelled: status.map { $0.containsIgnoringCase("cancelled") } ?? false,
                status: status))
        }
        return MeetingList(committee: Committee(id: committeeID, name: name), meetings: entries)
    }

    private func committeeID(pageURL: WebURL, content: HTMLNode) -> Int? {
        if let value = pageURL.queryValue(["committeeid", "cid"]), let id = Int(positiveID: value) { return id }
        for a in content.descendants where a.is("a") {
            if let url = a.link(base: pageURL), url.fileNameIs("mgcommitteedetails.aspx"),
               let id = url.queryValue(["id"]).flatMap({ Int(positiveID: $0) }) {
                return id
            }
        }
        return nil
    }

    /// The text after the link up to the end of its list item or cell: " - CANCELLED" → "CANCELLED".
    private func statusText(after a: HTMLNode) -> String? {
        var normalizer = TextNormalizer(singleLine: true)
        var sibling = a.nextSibling
        while let node = sibling, !node.is("a"), !node.startsParagraph {
            node.appendText(to: &normalizer)
            sibling = node.nextSibling
        }
        var status = Substring(normalizer.finish())
        while let first = status.first, first == "-" || first == " " || first == "\u{2013}" { status.removeFirst() }
        return status.isEmpty ? nil : String(status)
    }
}

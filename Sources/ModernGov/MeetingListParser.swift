import AgendaModel

/// Reads a committee's meeting list, `ieListMeetings.aspx?CommitteeId=N` (also `CId=N&Year=0`).
/// Entries are the links to meeting pages (`ieListDocuments.aspx?CId=…&MId=…`) in the list, each
/// with the status text that follows it in its list item or table cell.
public struct MeetingListParser: Sendable {
    public let sourceID: String

    public init(sourceID: String) {
        self.sourceID = sourceID
    }

    public func parse(_ html: [UInt8], url: String) throws(ModernGovPageError) -> MeetingList {
        guard let pageURL = HTTPURL(url) else { throw .invalidPageURL(url) }
        let page = try ModernGovPage(html)
        let document = page.document
        let content = page.content
        guard let subtitle = document.first(.h2, class: "mgSubTitleTxt", in: content) else {
            throw .notAMeetingList(reason: "no h2.mgSubTitleTxt committee name")
        }
        let name = document.text(of: subtitle, singleLine: true)
        if SubTitle(name).date != nil, document.first(.table, class: "mgItemTable", in: content) != nil {
            throw .notAMeetingList(reason: "this is a meeting page")
        }
        guard let committeeID = committeeID(pageURL: pageURL, document: document, content: content) else {
            throw .notAMeetingList(reason: "no committee id in the URL (CommitteeId, CId) or the page")
        }
        let site = ModernGovSite(directoryOf: pageURL)
        var seen = Set<Int>()
        var entries: [MeetingListEntry] = []
        for a in document.descendants(of: content) where document.tag(a) == .a {
            guard let link = document.link(a, base: pageURL), link.fileNameIs("ielistdocuments.aspx"),
                  let mid = link.queryValue(["mid", "meetingid"]).flatMap { Int(positiveID: $0) },
                  !seen.contains(mid) else { continue }
            seen.insert(mid)
            let entryCommittee = link.queryValue(["cid", "committeeid"]).flatMap { Int(positiveID: $0) } ?? committeeID
            let dateText = document.text(of: a, singleLine: true)
            let status = statusText(after: a, in: document)
            entries.append(MeetingListEntry(
                id: MeetingID(source: sourceID, number: mid),
                committeeID: entryCommittee,
                url: site.meetingURL(committeeID: entryCommittee, meetingID: mid),
                start: MeetingDate(dateText)?.iso8601,
                dateText: dateText,
                cancelled: status.map { $0.containsIgnoringCase("cancelled") } ?? false,
                status: status))
        }
        return MeetingList(committee: Committee(id: committeeID, name: name), meetings: entries)
    }

    private func committeeID(pageURL: HTTPURL, document: HTMLDocument, content: Int) -> Int? {
        if let value = pageURL.queryValue(["committeeid", "cid"]), let id = Int(positiveID: value) { return id }
        for a in document.descendants(of: content) where document.tag(a) == .a {
            if let url = document.link(a, base: pageURL), url.fileNameIs("mgcommitteedetails.aspx"),
               let id = url.queryValue(["id"]).flatMap { Int(positiveID: $0) } {
                return id
            }
        }
        return nil
    }

    /// The text after the link up to the end of its list item or cell: " - CANCELLED" → "CANCELLED".
    private func statusText(after a: Int, in document: HTMLDocument) -> String? {
        var normalizer = TextNormalizer(singleLine: true)
        let parent = Int(document.nodes[a].parent)
        var n = Int(document.nodes[a].end)
        let end = Int(document.nodes[parent].end)
        while n < end {
            let tag = document.tag(n)
            if tag == .a || (tag != .text && tag.breaksText) { break }
            document.appendText(of: n, to: &normalizer)
            n = Int(document.nodes[n].end)
        }
        var status = Substring(normalizer.finish())
        while let first = status.first, first == "-" || first == " " || first == "\u{2013}" { status.removeFirst() }
        return status.isEmpty ? nil : String(status)
    }
}

import AgendaCore
import AgendaModel

/// Reads a ModernGov meeting page (`ieListDocuments.aspx?CId=N&MId=M`) into a `Meeting`.
/// Either the whole record or a `ModernGovPageError`: never a half record, and never a record the
/// page's own signs contradict (see `StructureCheck`).
public struct MeetingPageParser: Sendable {
    /// The configured source id (`leics`), the first half of every `MeetingID`.
    public let sourceID: String

    public init(sourceID: String) {
        self.sourceID = sourceID
    }

    /// The meeting, or the reason the page is not one: `.unrecognised` when the structure check
    /// found an error (the page shows an agenda its reading lost).
    /// - Parameters:
    ///   - html: the response body as fetched.
    ///   - url: the URL the page was fetched from; it gives the meeting id and resolves relative links.
    ///   - contentType: the response's `Content-Type`, whose charset says how to read the bytes (see
    ///     `PageEncoding`); nil when unknown (a stored page, a file).
    public func parse(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> Meeting {
        let reading = try read(html, url: url, contentType: contentType)
        try StructureCheck.requireNoErrors(reading.findings)
        return reading.meeting
    }

    /// The meeting as read, with the page's evidence and every finding of the structure check —
    /// errors (which `parse` throws as `.unrecognised`) and warnings — for a caller that shows them
    /// (`check-source`). Throws only when the page is no meeting page at all, or is cut short.
    public func read(_ html: [UInt8], url: String, contentType: ContentType? = nil) throws(ModernGovPageError) -> MeetingPageReading {
        try read(html, url: url, contentType: contentType, shape: .lean)
    }

    /// `read` from a tree of `shape`: the lean tree in production; the complete tree is the oracle
    /// the differential test holds the lean one to.
    func read(_ html: [UInt8], url: String, contentType: ContentType?, shape: TreeShape) throws(ModernGovPageError) -> MeetingPageReading {
        guard let pageURL = WebURL(url) else { throw .invalidPageURL(url) }
        return try ModernGovPage(html, httpCharset: contentType?.charset, shape: shape).withContent { content throws(ModernGovPageError) in
            let vocabulary = ClassVocabulary(scanning: content)
            let meeting = try meeting(content: content, pageURL: pageURL, vocabulary: vocabulary)
            let evidence = MeetingPageEvidence(content: content, pageURL: pageURL)
            return MeetingPageReading(meeting: meeting, evidence: evidence, findings: StructureCheck.findings(evidence, meeting))
        }
    }

    private func meeting(content: HTMLNode, pageURL: WebURL, vocabulary: ClassVocabulary) throws(ModernGovPageError) -> Meeting {
        let headings = MeetingHeadings(content: content, vocabulary: vocabulary)
        guard let subtitle = headings.subtitle else {
            throw .notAMeetingPage(reason: vocabulary.contains(.subTitle) ? "no h2.mgSubTitleTxt sub-title"
                : "no sub-title (h2.mgSubTitleTxt, or a heading with a meeting date)")
        }
        let mainTitle = headings.mainTitle.map { $0.text(singleLine: true) } ?? ""
        let heading = SubTitle(subtitle.text(singleLine: true))
        guard let date = heading.date else {
            throw .notAMeetingPage(reason: "the sub-title \"\(heading.text.prefix(120))\" has no meeting date")
        }

        guard let meetingNumber = try meetingID(pageURL: pageURL, content: content) else {
            throw .notAMeetingPage(reason: "no meeting id in the URL (MId, MID, MeetingId) or the page's links")
        }
        guard let committeeID = committeeID(subtitle: subtitle, pageURL: pageURL) else {
            throw .notAMeetingPage(reason: "no committee id in the sub-title link or the URL")
        }

        let locator = ItemLocator(vocabulary: vocabulary)
        let layout = locator.layout(of: content)
        // libxml2 closes a table cut off by the end of the page itself; only its own end tag counts.
        if layout.tables.contains(where: { !$0.closedByEndTag }) {
            throw .truncated(reason: "the agenda items table is not closed")
        }
        if locator.hasItemCellsOutsideTables(around: content) {
            throw .truncated(reason: "agenda items follow the end of the agenda items table")
        }
        let reader = ItemReader(pageURL: pageURL, vocabulary: vocabulary, layout: layout)
        let items = layout.regions.compactMap(reader.item)
        let actionDocuments = ActionListExtractor(pageURL: pageURL, vocabulary: vocabulary).extract(in: content, layout: layout)

        let cancelled = heading.cancelled || SubTitle.hasCancelledSuffix(mainTitle)
        let published = PublishedFlags(
            agenda: actionDocuments.contains { $0.kind == .frontsheet || $0.kind == .reportsPack } || items.contains { !$0.number.isEmpty },
            minutes: actionDocuments.contains { $0.kind == .printedMinutes } || mainTitle.containsIgnoringCase("minutes"),
            decisions: actionDocuments.contains { $0.kind == .printedDecisions } || mainTitle.containsIgnoringCase("decisions"))

        let site = ModernGovSite(directoryOf: pageURL)
        return Meeting(
            id: MeetingID(source: sourceID, number: meetingNumber),
            url: site.meetingURL(committeeID: committeeID, meetingID: meetingNumber),
            committee: Committee(id: committeeID, name: heading.committeeName),
            title: heading.title,
            start: date.start,
            venue: VenueExtractor(vocabulary: vocabulary).venue(in: content),
            status: cancelled ? .cancelled : .confirmed,
            published: published,
            actionDocuments: actionDocuments,
            items: items)
    }

    /// The meeting id from the URL, checked against the page's own attendance link: a site that
    /// serves another meeting's page at this address must not turn into a "change" of this meeting.
    private func meetingID(pageURL: WebURL, content: HTMLNode) throws(ModernGovPageError) -> Int? {
        let fromPage = meetingIDFromLinks(pageURL: pageURL, content: content)
        guard let value = pageURL.queryValue(["mid", "meetingid"]), let fromURL = Int(positiveID: value) else {
            return fromPage.attendance ?? fromPage.other
        }
        if let own = fromPage.attendance, own != fromURL {
            throw .notAMeetingPage(reason: "the page is for meeting \(own), not meeting \(fromURL) of its URL")
        }
        return fromURL
    }

    /// The meeting id named by the page's attendance link, and by the first other link carrying one.
    private func meetingIDFromLinks(pageURL: WebURL, content: HTMLNode) -> (attendance: Int?, other: Int?) {
        var fromOtherLink: Int?
        for a in content.descendants where a.is("a") {
            guard let url = a.link(base: pageURL) else { continue }
            if url.fileNameIs("mgmeetingattendance.aspx"), let value = url.queryValue(["id"]), let id = Int(positiveID: value) {
                return (id, fromOtherLink)
            }
            if fromOtherLink == nil, let value = url.queryValue(["mid", "meetingid"]), let id = Int(positiveID: value) {
                fromOtherLink = id
            }
        }
        return (nil, fromOtherLink)
    }

    private func committeeID(subtitle: HTMLNode, pageURL: WebURL) -> Int? {
        for a in subtitle.descendants where a.is("a") {
            if let url = a.link(base: pageURL), url.fileNameIs("mgcommitteedetails.aspx"),
               let value = url.queryValue(["id"]), let id = Int(positiveID: value) {
                return id
            }
        }
        if let value = pageURL.queryValue(["cid", "committeeid"]), let id = Int(positiveID: value) { return id }
        return nil
    }
}

extension Int {
    /// A ModernGov id from query text ("711"): positive, at most 12 digits; nil for anything else.
    init?(positiveID text: String) {
        guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy(ByteText.isDigit), let value = Int(text), value > 0 else { return nil }
        self = value
    }
}

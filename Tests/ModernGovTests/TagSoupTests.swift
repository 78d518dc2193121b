import AgendaModel
@testable import ModernGov
import Testing
import TestSupport

/// Markup real pages carry that libxml2's HTML parser has to recover from, and the limits of
/// that parser: what it stops on is a failed page, never a shorter meeting.
@Suite struct TagSoupTests {
    static let url = "https://democracy.example.gov.uk/ieListDocuments.aspx?CId=5&MId=77"
    static let base = "https://democracy.example.gov.uk/"

    /// Upper-case and unquoted markup, unclosed `<p>`, `<li>`, `<td>` and `<span>`, references in
    /// hrefs and text, a script holding `<`, `&&` and `'</div>'`, an IE conditional comment, HTML5
    /// `<header>`/`<nav>`.
    static func soupPage(middle: String = "") -> String {
        """
        <!DOCTYPE html>
        <html><head><title>Soup</title>
        <!--[if lt IE 9]><script src="html5shiv.js"></script><![endif]-->
        </head><body>
        <header><nav><ul><li><a href="/">Home</a><li><a href="mgListCommittees.aspx">Committees</a></ul></nav></header>
        <div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt"><span>Agenda</h1></div>
        <h2 class="mgSubTitleTxt"><a href="mgCommitteeDetails.aspx?ID=5">Soup Committee</a> - Monday 1 June 2026 7.00 pm</h2>
        <script>if (a < b && c > d) { x = '</div>'; }</script>
        <p><span class="mgLabel">Venue: </span>Town Hall,   Main&nbsp;Street. <a href="mgLocationDetails.aspx?RID=1">View directions</a></p>
        <ul class="mgActionList"><li><a href="documents/g77/Agenda frontsheet.pdf?T=0">Agenda frontsheet<span class="mgFileSize">PDF 1 KB</span></a></ul>
        <TABLE class=mgItemTable summary="Agenda items">
        <TR><TD class="mgItemNumberCell" valign=top><a name="AI11"></a>1.
        <TD><p class="mgAiTitleTxt"><a href="mgAi.aspx?ID=11">Declarations&nbsp;of Interest</a>
        <div class="mgWordPara"><p>Members to declare<br>any interests.</div>
        </TR>
        \(middle)
        <TR><TD class=mgItemNumberCell valign=top>2.</TD><TD><P class='mgAiTitleTxt'>Budget &amp; Plans<p class="mgSubItemTitleTxt">Additional documents:
        <ul class="mgBulletList"><li><a class=mgDocLink href="documents/s20/Report.pdf?a=1&amp;b=2">Report&nbsp;1 <span class="mgFileSize">PDF 100 KB</span></a><li><a class=mgDocLink href="documents/s21/Annex A.pdf">Annex A</a></ul>
        </TD></TR>
        </TABLE>
        </div>
        <div class="mgFooter">Footer</div>
        </body></html>
        """
    }

    static let soupItems = [
        AgendaItem(id: "AI11", number: "1", title: "Declarations of Interest", text: "Members to declare\nany interests.",
                   documents: [], minutes: nil, decision: nil),
        AgendaItem(id: "", number: "2", title: "Budget & Plans", text: nil, documents: [
            Document(title: "Report 1", url: base + "documents/s20/Report.pdf?a=1&b=2", size: "PDF 100 KB"),
            Document(title: "Annex A", url: base + "documents/s21/Annex%20A.pdf", size: nil),
        ], minutes: nil, decision: nil),
    ]

    func parse(_ page: String) throws(ModernGovPageError) -> Meeting {
        try MeetingPageParser(sourceID: "soup").parse(Array(page.utf8), url: Self.url)
    }

    func error(_ page: String) -> ModernGovPageError? {
        do {
            _ = try parse(page)
            return nil
        } catch {
            return error
        }
    }

    @Test func tagSoupMeetingPage() throws {
        let meeting = try parse(Self.soupPage())
        #expect(meeting.committee == Committee(id: 5, name: "Soup Committee"))
        #expect(meeting.url == Self.base + "ieListDocuments.aspx?CId=5&MId=77")
        #expect(meeting.start?.iso8601 == "2026-06-01T19:00:00+01:00")
        #expect(meeting.venue == "Town Hall, Main Street")
        #expect(meeting.actionDocuments == [
            ActionDocument(kind: .frontsheet, title: "Agenda frontsheet", url: Self.base + "documents/g77/Agenda%20frontsheet.pdf?T=0", size: "PDF 1 KB"),
        ])
        #expect(meeting.items == Self.soupItems)
    }

    @Test func endTagsInsideScriptsAndCommentsDoNotCloseTheItemsTable() {
        // Cut after the first row, with "</table>" only where it is not markup.
        let page = Self.soupPage()
        guard let cut = page.range(of: "<TR><TD class=mgItemNumberCell") else {
            Issue.record("the soup page changed")
            return
        }
        let truncated = String(page[..<cut.lowerBound]) + "<!-- </table> --><script>var t = '</table>';</script>\n</body></html>"
        #expect(error(truncated) == .truncated(reason: "the agenda items table is not closed"))
    }

    @Test func endTagsInAttributeValuesDoNotCloseTheItemsTable() {
        let page = Self.soupPage()
        guard let cut = page.range(of: "<TR><TD class=mgItemNumberCell") else {
            Issue.record("the soup page changed")
            return
        }
        let truncated = String(page[..<cut.lowerBound]) + "<a title=\"</table>\">x</a>\n</body></html>"
        #expect(error(truncated) == .truncated(reason: "the agenda items table is not closed"))
    }

    @Test func onlyAnElementsOwnEndTagClosesIt() {
        let html = "<table id=a><tr><td>x</table><table id=b><tr><td><TABLE id=c><tr><td>y</TABLE ></td></tr></body><p>z</p>"
        let closed = parsed(Array(html.utf8)) { root in root.all("table").map { ($0.attribute("id") ?? "", $0.closedByEndTag) } }
        #expect(closed?.map(\.0) == ["a", "b", "c"])
        #expect(closed?.map(\.1) == [true, false, true])
    }

    @Test func malformedTagsAreReadAsLibxml2ReadsThem() throws {
        // "<s<table x>" is an <s> element (no table opens), "</<script>" opens a script: what libxml2
        // makes of them decides, so neither a table nor the items vanish unnoticed.
        let bogusTable = Self.soupPage(middle: "<tr><td>1a.</td><td><p class=mgAiTitleTxt>Odd <s<table x>tag</s></td></tr>")
        #expect(try parse(bogusTable).items.map(\.title) == ["Declarations of Interest", "Odd tag", "Budget & Plans"])
        let swallowed = Self.soupPage(middle: "<tr><td>1a.</td><td><p class=mgAiTitleTxt>Odd</<script>p></td></tr>")
        #expect(error(swallowed) == .truncated(reason: "the agenda items table is not closed"))
    }

    @Test func anEndTagTooManyThatEndsTheItemsTableEarlyFailsThePage() {
        // "</table>" in agenda text closes the items table (in HTML5 too); the rows after it must not just vanish.
        let extra = "<tr><td class=mgItemNumberCell>1a.</td><td><p class=mgAiTitleTxt>Extra</p><div class=mgWordPara>Text</table></div></td></tr>"
        #expect(error(Self.soupPage(middle: extra)) == .truncated(reason: "agenda items follow the end of the agenda items table"))
    }

    @Test func strayBodyAndHTMLEndTagsAreIgnored() throws {
        // libxml2 would close every open element on them and move the rest out of #modgov.
        let stray = "<tr><td class=mgItemNumberCell>1a.</td><td><p class=mgAiTitleTxt>Pasted</p><div class=mgWordPara>Mail</body></html> text</div></td></tr>"
        let meeting = try parse(Self.soupPage(middle: stray))
        #expect(meeting.items.map(\.title) == ["Declarations of Interest", "Pasted", "Budget & Plans"])
        #expect(meeting.items[1].text == "Mail text")
    }

    @Test func nulBytesAreDropped() throws {
        // libxml2 stops reading the document at a NUL inside a tag.
        let page = Self.soupPage(middle: "<tr><td class=mgItemNumberCell>1a.</td><td><p class=mgAiTitleTxt>N\u{0}ul</p><div class=mgWordPara lang\u{0}x=en>Text</div></td></tr>")
        let meeting = try parse(page)
        #expect(meeting.items.map(\.title) == ["Declarations of Interest", "Nul", "Budget & Plans"])
    }

    @Test func cellsWithoutARowAreARow() throws {
        // libxml2 does not imply a missing <tr> as HTML5 does.
        let missing = "<td class=mgItemNumberCell>1a.</td><td><p class=mgAiTitleTxt>No row</p></td></tr>"
        let meeting = try parse(Self.soupPage(middle: missing))
        #expect(meeting.items.map(\.number) == ["1", "1a", "2"])
    }

    @Test func rowsNestedInAnUnclosedElementAreStillRows() throws {
        // A <tr> while a <div> of the agenda text is open: libxml2 nests the rows that follow inside it.
        let unclosed = "<tr><td class=mgItemNumberCell>1a.</td><td><p class=mgAiTitleTxt>Unclosed</p><div class=mgWordPara>Text</div><div><p class=x>Open"
        let meeting = try parse(Self.soupPage(middle: unclosed))
        #expect(meeting.items.map(\.title) == ["Declarations of Interest", "Unclosed", "Budget & Plans"])
        #expect(meeting.items[1].text == "Text")
        #expect(meeting.items[1].documents.isEmpty)
        #expect(meeting.items[2].documents.count == 2)
    }

    @Test func nestingUpToLibxml2sLimitIsRead() throws {
        // libxml2 keeps at most 256 elements open; an item nested 200 deep is still read whole.
        let deep = "<tr><td class=mgItemNumberCell>1a.</td><td><p class=mgAiTitleTxt>Deep</p>"
            + String(repeating: "<div><b>", count: 100) + "<div class=mgWordPara>Text</div>" + "</td></tr>"
        let meeting = try parse(Self.soupPage(middle: deep))
        #expect(meeting.items.map(\.title) == ["Declarations of Interest", "Deep", "Budget & Plans"])
        #expect(meeting.items[1].text == "Text")
    }

    @Test func nestingBeyondLibxml2sLimitFailsThePage() {
        // Past 256 open elements libxml2 stops reading; the items after that point must not just vanish.
        let deep = "<tr><td>1b.</td><td><p class=mgAiTitleTxt>Too deep</p>" + String(repeating: "<span>", count: 300) + "</td></tr>"
        guard case .notModernGov(let reason) = error(Self.soupPage(middle: deep)) else {
            Issue.record("expected .notModernGov")
            return
        }
        #expect(reason.hasPrefix("the HTML parser stopped before the end of the content (Excessive depth"))
    }

    @Test func textNodeBeyondLibxml2sLimitFailsThePage() async {
        await offThePool {
            // libxml2 also stops at a text node over 10 MB.
            let huge = "<tr><td>1c.</td><td><p class=mgAiTitleTxt>Huge</p><div class=mgWordPara>"
                + String(repeating: "a", count: 10_500_000) + "</div></td></tr>"
            guard case .notModernGov(let reason) = error(Self.soupPage(middle: huge)) else {
                Issue.record("expected .notModernGov")
                return
            }
            #expect(reason.contains("huge text node"))
        }
    }

    @Test func parsesOnSeveralThreadsAtOnce() async throws {
        // libxml2 is thread-safe for separate documents once xmlInitParser has run.
        let page = try Fixture.bytes(Fixture.kingstonMeeting)
        let parser = MeetingPageParser(sourceID: "kingston")
        let baseline = try parser.parse(page, url: Fixture.kingstonMeetingURL)
        let sameAsBaseline = await withTaskGroup(of: Bool.self) { group in
            for _ in 0 ..< 8 {
                group.addTask { (0 ..< 10).allSatisfy { _ in (try? parser.parse(page, url: Fixture.kingstonMeetingURL)) == baseline } }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(sameAsBaseline == Array(repeating: true, count: 8))
    }

    @Test func charsetDeclarationsDoNotSwitchTheDecoder() {
        // The bytes handed to libxml2 are UTF-8 whatever the page declares (see PageEncoding).
        let html = "<meta charset=\"windows-1252\"><p>Caf\u{E9} \u{2013} Children\u{2019}s</p>"
        #expect(parsed(Array(html.utf8)) { $0.text() } == "Caf\u{E9} \u{2013} Children\u{2019}s")
    }

    @Test func whitespaceBetweenInlineElementsIsKept() {
        // What HTML_PARSE_NOBLANKS would drop.
        let html = "<p><time>Thursday</time> <time>7 pm</time>, <img src=x> <b>Guildhall</b> <mark>a</mark> <span>b</span></p>"
        #expect(parsed(Array(html.utf8)) { $0.text() } == "Thursday 7 pm, Guildhall a b")
    }

    @Test func attributeReferencesFollowHTML() {
        // A named reference in an attribute needs its ";" (so "&lang=en" stays); numeric ones are decoded.
        let html = "<a href=\"a?x=1&lang=en&amp;b=2&#38;c=3&copy=4\">q</a>"
        #expect(parsed(Array(html.utf8)) { $0.first("a")?.attribute("href") } == "a?x=1&lang=en&b=2&c=3&copy=4")
    }
}

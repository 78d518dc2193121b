@testable import ModernGov
import Testing

/// Parses `bytes` with libxml2 and runs `body` on the root element; nil when there is no tree.
func parsed<T>(_ bytes: [UInt8], _ body: (HTMLNode) -> T) -> T? {
    HTMLDocument(bytes)?.withRoot(body)
}

@Suite struct TextNormalizationTests {
    func text(_ html: String, singleLine: Bool = false) -> String {
        parsed(Array(html.utf8)) { $0.text(singleLine: singleLine) } ?? ""
    }

    @Test func paragraphsAndWhitespace() {
        #expect(text("<div><p>  Two\n  lines&nbsp;here </p><p>&nbsp;</p><p>Next<br>line</p></div>") == "Two lines here\nNext\nline")
        #expect(text("<p>a <b>bold</b> <i>word</i></p>") == "a bold word")
        #expect(text("<ul><li>one<li>two</ul>") == "one\ntwo")
        #expect(text("<p>Title</p><div>Body</div>", singleLine: true) == "Title Body")
    }

    @Test func referencesDecode() {
        #expect(text("&rsquo;&ldquo;x&rdquo; &#58; &#x41; &amp; &pound;5 &eacute; &frac12;") == "\u{2019}\u{201C}x\u{201D} : A & \u{A3}5 \u{E9} \u{BD}")
        #expect(text("&unknown; AT&T &amp &#150;") == "&unknown; AT&T & \u{2013}")
    }

    @Test func controlsAndInvisiblesDropped() {
        #expect(text("a\u{0007}b\u{200B}c\u{FEFF}d\u{00AD}e") == "abcde")
        #expect(text("x\u{2003}y\u{3000}z") == "x y z")
    }

    @Test func unicodeNFC() {
        #expect(text("Cafe\u{0301}") == "Caf\u{E9}")
        #expect(text("Cafe\u{0301}").unicodeScalars.count == 4)
    }

    @Test func invalidUTF8IsRepaired() {
        let bytes: [UInt8] = [0x3C, 0x70, 0x3E, 0x61, 0xFF, 0x62, 0xC3, 0x3C, 0x2F, 0x70, 0x3E]
        // A page declared UTF-8 is repaired before libxml2 sees it; text the normaliser is given is repaired too.
        #expect(parsed(PageEncoding.utf8(bytes, httpCharset: "utf-8")) { $0.text() } == "a\u{FFFD}b\u{FFFD}")
        #expect(parsed(bytes) { $0.text() } == "a\u{FFFD}b\u{FFFD}")
    }

    @Test func scriptsStylesAndHiddenSpansAreNotText() {
        #expect(text("<p>a<script>var x = '<p>no</p>';</script>b<style>p{}</style>c<span class=\"mgHide\">, item 5.</span></p>") == "abc")
        #expect(text("<!-- comment --><p>x<!-- y -->z</p>") == "xz")
    }

    @Test func truncationTrailer() {
        #expect(ItemSectionText.stripTruncationTrailer("The text goes on ... view the full minutes text for item 59.") == ("The text goes on", true))
        #expect(ItemSectionText.stripTruncationTrailer("Decided \u{2026} view the full decision text for item 7.") == ("Decided", true))
        #expect(ItemSectionText.stripTruncationTrailer("Members asked to view the full report.") == ("Members asked to view the full report.", false))
    }
}

/// How libxml2's HTML parser builds the tree the extractors read.
@Suite struct HTMLParsingTests {
    @Test func nestedTablesKeepTheirRows() throws {
        let html = "<table id=t><tr><td>1<td><table><thead><th>h</th></th><tr><td>inner</td></tr></table><li>x</li></td></tr><tr><td>2</td></tr></table>"
        let table = try #require(parsed(Array(html.utf8)) { root in
            root.first("table").map { table in (rows: table.children.filter { $0.is("tr") }.count, closed: table.closedByEndTag) }
        } ?? nil)
        #expect(table.rows == 2)
        #expect(table.closed)
    }

    @Test func unclosedAnchorDoesNotSwallowStructure() {
        let html = "<div id=m><a href=x>Search</b><div><ul><li><a href=\"mgCommitteeDetails.aspx?ID=1\">One</a></li><li><a href=\"mgCommitteeDetails.aspx?ID=2\">Two</a></li></ul></div></div>"
        let items = parsed(Array(html.utf8)) { root in root.all("li").map { $0.text() } }
        #expect(items?.count == 2)
        #expect(items == ["One", "Two"])
    }

    @Test func unquotedAndUppercaseMarkup() {
        let html = "<TABLE CLASS=mgItemTable><TR><TD class=mgItemNumberCell valign=top>1.</TD><TD><P class='mgAiTitleTxt'>T</P></TD></TR></TABLE>"
        let found = parsed(Array(html.utf8)) { root in
            (numberCell: root.first("td", class: "mgItemNumberCell") != nil, title: root.first("p", class: "mgAiTitleTxt").map { $0.text() })
        }
        #expect(found?.numberCell == true)
        #expect(found?.title == "T")
    }
}

@Suite struct PageEncodingTests {
    @Test func windows1252PageIsTranscoded() throws {
        let page = try Fixture.text(Fixture.kingstonMeeting)
        let baseline = try MeetingPageParser(sourceID: "k").parse(Array(page.utf8), url: Fixture.kingstonMeetingURL)
        // The same page served as Windows-1252 with a raw 0x92 right single quote instead of &rsquo;.
        let latin = page.replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"windows-1252\">")
        let bytes = Array(latin.utf8).split(separator: 0x26, omittingEmptySubsequences: false) // '&'
            .map { part -> [UInt8] in part.starts(with: Array("rsquo;".utf8)) ? [0x92] + part.dropFirst(6) : [0x26] + part }
            .joined().dropFirst()
        let meeting = try MeetingPageParser(sourceID: "k").parse(Array(bytes), url: Fixture.kingstonMeetingURL)
        #expect(meeting == baseline)
        #expect(meeting.items[0].minutes?.text.contains("Committee\u{2019}s remit") == true)
    }

    @Test func utf8PagesAreLeftAlone() {
        #expect(PageEncoding.utf8(Array("<meta charset=\"utf-8\">caf\u{E9}".utf8)) == Array("<meta charset=\"utf-8\">caf\u{E9}".utf8))
        #expect(PageEncoding.utf8([0x3C, 0x6D, 0x65, 0x74, 0x61, 0x20] + Array("charset=iso-8859-1>caf".utf8) + [0xE9])
            == Array("<meta charset=iso-8859-1>caf\u{E9}".utf8))
    }

    @Test func itemAnchorsAreStrict() {
        #expect(ItemAnchor.isValid("AI51890"))
        #expect(!ItemAnchor.isValid("AI"))
        #expect(!ItemAnchor.isValid("AI1\n<script>"))
        #expect(!ItemAnchor.isValid("mgMainContent"))
    }
}

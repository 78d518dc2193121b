import AgendaModel
import Foundation
import ModernGov
import Testing

/// Page changes that mean nothing must parse to an equal `Meeting` (docs/architecture.md, rule 1).
@Suite struct NoiseTests {
    let original: String
    let baseline: Meeting
    let parser = MeetingPageParser(sourceID: "kingston")

    init() throws {
        original = try Fixture.text(Fixture.kingstonMeeting)
        baseline = try parser.parse(Array(original.utf8), url: Fixture.kingstonMeetingURL)
    }

    func parse(_ page: String, url: String = Fixture.kingstonMeetingURL) throws -> Meeting {
        try parser.parse(Array(page.utf8), url: url)
    }

    @Test func changedDCDateMeta() throws {
        let page = original
            .replacingOccurrences(of: "content=\"2026-02-05\"", with: "content=\"2026-03-01\"")
            .replacingOccurrences(of: "content=\"2026-01-15\"", with: "content=\"2026-01-16\"")
        #expect(page != original)
        #expect(try parse(page) == baseline)
    }

    @Test func differentScriptsAndNonces() throws {
        let page = original
            .replacingOccurrences(of: "GTM-NLP6XNPZ", with: "GTM-ZZZZ9999")
            .replacingOccurrences(of: "<script type=\"text/javascript\">", with: "<script type=\"text/javascript\" nonce=\"r4nd0m\">")
            .replacingOccurrences(of: "var mediaPlayers = [];", with: "var mediaPlayers = []; if (a < b && c > d) { x = '</div>'; }")
            .replacingOccurrences(of: "{ value: -1 }", with: "{ value: 2 }")
        #expect(page != original)
        #expect(try parse(page) == baseline)
    }

    @Test func addedViewState() throws {
        let viewState = "<input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"/wEPDwULLTEyODI3MDA2MDdkZA==\" />"
        let page = original
            .replacingOccurrences(of: "<div class=\"mgLinks\" >", with: viewState + "\n<div class=\"mgLinks\" >")
            .replacingOccurrences(of: "<body class=\"has-background-light\">", with: "<body class=\"has-background-light\">" + viewState)
        #expect(try parse(page) == baseline)
    }

    @Test func sessionTokensInLinksAndPageURL() throws {
        let page = original
            .replacingOccurrences(of: "href=\"documents/", with: "href=\"/(S(abc123))/documents/")
            .replacingOccurrences(of: "href=\"mgChooseDocPack.aspx", with: "href=\"(S(abc123))/mgChooseDocPack.aspx")
        #expect(page != original)
        #expect(try parse(page) == baseline)
        let url = "https://moderngov.kingston.gov.uk/(S(xyz789qwe))/ieListDocuments.aspx?CId=711&MId=10221&Ver=4"
        #expect(try parse(original, url: url) == baseline)
    }

    @Test func reindentedWhitespace() throws {
        var page = ""
        for line in original.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            page += "        " + trimmed + "\r\n"
        }
        page = page.replacingOccurrences(of: "><", with: ">\n  <")
        #expect(try parse(page) == baseline)
    }

    @Test func swappedAttributeOrder() throws {
        // Swap the first two attributes of every tag that has class and another attribute.
        let regex = try NSRegularExpression(pattern: #"<(\w+)(\s+)([\w-]+\s*=\s*"[^"]*")(\s+)([\w-]+\s*=\s*"[^"]*")"#)
        let range = NSRange(original.startIndex..., in: original)
        let page = regex.stringByReplacingMatches(in: original, range: range, withTemplate: "<$1$2$5$4$3")
        #expect(page != original)
        #expect(page.contains("<a  title=\"Link&#32;to&#32;agenda&#32;reports&#32;document&#32;pack\"  href=\"mgChooseDocPack.aspx?ID=10230\">"))
        #expect(try parse(page) == baseline)
    }

    @Test func entityAndPercentEncodingVariants() throws {
        let page = original
            .replacingOccurrences(of: "href=\"documents/s111920/Minutes of Previous Meeting.pdf\"",
                                  with: "href=\"documents/s111920/Minutes%20of%20Previous%20Meeting.pdf#page=1\"")
            .replacingOccurrences(of: "mgChooseDocPack.aspx?ID=10230&amp;SID=23550", with: "mgChooseDocPack.aspx?ID=10230&#38;SID=23550")
            .replacingOccurrences(of: ">Public Question Time</p>", with: ">Public&nbsp;Question   Time </p>")
        #expect(try parse(page) == baseline)
    }
}

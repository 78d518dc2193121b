import AgendaModel
import Foundation
import ModernGov
import Testing
import TestSupport

/// A page that is not a good meeting page throws a typed error; it never yields a half record or crashes.
@Suite struct FailureTests {
    let parser = MeetingPageParser(sourceID: "kingston")

    func error(_ bytes: [UInt8], url: String = Fixture.kingstonMeetingURL) -> ModernGovPageError? {
        do {
            _ = try parser.parse(bytes, url: url)
            return nil
        } catch {
            return error
        }
    }

    @Test func javaScriptRedirectStub() throws {
        let error = error(try Fixture.bytes(Fixture.denbighshireStub))
        #expect(error == .notModernGov(reason: "no ModernGov #modgov content (319 bytes); a JavaScript redirect/challenge stub, no <html> element"))
    }

    @Test func sharePointErrorPage() throws {
        let error = error(try Fixture.bytes(Fixture.leedsSharePoint))
        #expect(error == .notModernGov(reason: "no ModernGov #modgov content (6957 bytes); title \"Error\", a SharePoint page"))
    }

    @Test func pageCutInHalf() throws {
        let page = try Fixture.bytes(Fixture.kingstonMeeting)
        let half = Array(page.prefix(page.count / 2))
        #expect(error(half) == .truncated(reason: "no closing </html> (27878 bytes)"))
    }

    @Test func pageCutBeforeTheContent() throws {
        let page = try Fixture.bytes(Fixture.kingstonMeeting)
        let head = Array(page.prefix(3000))
        guard case .truncated = error(head) else {
            Issue.record("expected .truncated")
            return
        }
    }

    @Test func itemsTableNotClosed() throws {
        // Cut inside the items table but keep a closing </html>: the table's end tag is missing.
        let page = try Fixture.text(Fixture.kingstonMeeting)
        let cut = try #require(page.range(of: "<a name=\"AI51899\""))
        let truncated = String(page[..<cut.lowerBound]) + "\n</body></html>\n"
        #expect(error(Array(truncated.utf8)) == .truncated(reason: "the agenda items table is not closed"))
    }

    @Test func emptyInput() {
        #expect(error([]) == .notModernGov(reason: "empty body"))
    }

    @Test func tenMegabytesOfJunk() async {
        await offThePool {
            var generator = SplitMix64(seed: 42)
            let junk = (0 ..< 10_000_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(error(junk) == .notModernGov(reason: "binary data (10000000 bytes)"))
        }
    }

    @Test func junkAroundAModgovMarkerNeverCrashes() async {
        await offThePool {
            // Random tag soup that passes the first check, so the tree builder runs on it.
            var generator = SplitMix64(seed: 7)
            let pieces = ["<div id=\"modgov\">", "<table class=\"mgItemTable\">", "<tr>", "<td>", "</td>", "</table>", "<p>", "</p>",
                          "<a name=\"AI1\" href=\"documents/s1/x y.pdf\">", "</a>", "<!--", "-->", "<script>", "</script>", "&amp;", "&#",
                          "<h2 class=\"mgSubTitleTxt\">", "C - Monday 1 June 2026 7 pm", "</h2>", "<li>", "<ul class=\"mgActionList\">",
                          "\u{00}", "\u{FF}", "<", ">", "\"", "'", "=", "</", "<!", "</html>"]
            for _ in 0 ..< 50 {
                var page = ""
                for _ in 0 ..< 2_000 { page += pieces[Int(generator.next() % UInt64(pieces.count))] }
                _ = error(Array(page.utf8))
            }
            let deep = "<div id=\"modgov\">" + String(repeating: "<div><span>", count: 100_000) + "</html>"
            _ = error(Array(deep.utf8))
        }
    }

    @Test func otherModernGovPagesAreNotMeetingPages() throws {
        #expect(error(try Fixture.bytes(Fixture.kingstonMeetings), url: Fixture.kingstonMeetingsURL)
            == .notAMeetingPage(reason: "the sub-title \"Kingston and North Kingston Neighbourhood Committee\" has no meeting date"))
        #expect(error(try Fixture.bytes(Fixture.kingstonCommitteeDetails), url: Fixture.kingstonCommitteeDetailsURL) != nil)
        guard case .notAMeetingPage = error(try Fixture.bytes(Fixture.kingstonStructure), url: Fixture.kingstonStructureURL) else {
            Issue.record("expected .notAMeetingPage")
            return
        }
    }

    @Test func meetingIdFromLinksWhenTheURLHasNone() throws {
        let meeting = try parser.parse(Fixture.bytes(Fixture.kingstonMeeting), url: "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711")
        #expect(meeting.id.number == 10221)
        let alt = try parser.parse(Fixture.bytes(Fixture.kingstonMeeting), url: "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?meetingid=10221")
        #expect(alt.url == "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221")
    }

    @Test func invalidPageURL() throws {
        #expect(error(try Fixture.bytes(Fixture.kingstonMeeting), url: "ieListDocuments.aspx?MId=1") == .invalidPageURL("ieListDocuments.aspx?MId=1"))
        #expect(error(try Fixture.bytes(Fixture.kingstonMeeting), url: "ftp://host/x") == .invalidPageURL("ftp://host/x"))
    }
}

/// A tiny deterministic generator, so junk tests are reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct WrongMeetingPageTests {
    @Test func anotherMeetingsPageAtThisAddressIsRejected() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/kingston-ieListDocuments-CId711-MId10221.html")))
        let url = "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10161"
        #expect {
            _ = try MeetingPageParser(sourceID: "kingston").parse(bytes, url: url)
        } throws: { error in
            "\(error)".contains("the page is for meeting 10221, not meeting 10161")
        }
    }
}

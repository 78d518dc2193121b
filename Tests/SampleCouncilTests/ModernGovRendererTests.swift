import AgendaModel
import Foundation
import Testing
@testable import SampleCouncil

@Suite struct ModernGovRendererTests {
    let cabinet = Fixtures.demoMeeting(SampleCouncilData.Meetings.cabinetPast)

    @Test func itemRowHasTheRealTemplateMarkup() {
        let page = ModernGovRenderer.meetingPage(cabinet, noise: .none)
        #expect(page.contains("""
<td  class="mgItemNumberCell" ><p  class="mgAiTitleTxt" ><a name="AI60414" aria-disabled="true"></a>45.</p></td>
"""))
        #expect(page.contains("""
<p  class="mgAiTitleTxt" ><a  class="mgAiTitleLnk"  href="documents/s120411/Revenue Budget Monitoring Q1 Report.pdf"  title="Link&#32;to&#32;document&#32;&#39;Revenue&#32;Budget&#32;Monitoring&#32;2026&#47;27&#32;–&#32;Quarter&#32;1&#39;&#32;pdf&#32;file" >Revenue Budget Monitoring 2026&#47;27 – Quarter 1 <span  class="mgFileSize" ><img height="12" src="mgimages/logo-pdf-1.gif" width="12" alt="pdf icon" /> PDF 311 KB</span> </a></p>
"""))
        #expect(page.contains("""
<p class="mgSubItemTitleTxt">Additional documents:</p>

<ul  class="mgBulletList" >
\t\t\t\t\t\t    <li>
\t\t\t\t\t\t    <a  href="documents/s120412/Appendix A - Directorate Forecasts.pdf"  title="Link to document &#39;Appendix A - Directorate Forecasts&#39; pdf file" >Appendix A - Directorate Forecasts <span  class="mgHide" >, item 45.</span>
\t\t\t\t\t\t    <span  class="mgFileSize" ><img height="12" src="mgimages/logo-pdf-1.gif" width="12" alt="pdf icon" /> PDF 188 KB</span> </a>  </li>
"""))
        // An item without documents has a plain title.
        #expect(page.contains("<p  class=\"mgAiTitleTxt\" >Apologies for Absence</p>"))
    }

    @Test func pageStructureFollowsTheTemplate() {
        let page = ModernGovRenderer.meetingPage(cabinet, noise: .none)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.hasSuffix("</html>"))
        #expect(page.contains("<meta name=\"DC.title\"  content=\"Agenda for Cabinet on Monday 9 November 2026, 7:00 pm\"/>"))
        #expect(page.contains("<div id=\"modgov\"><div class=\"mgHeader\"><h1  class=\"mgMainTitleTxt\" >Agenda, decisions and minutes</h1></div>"))
        #expect(page.contains("<h2 class=\"mgSubTitleTxt\"><a  href=\"mgCommitteeDetails.aspx?ID=101\"  title=\"Link&#32;to&#32;Cabinet\" >Cabinet - Monday 9 November 2026 7:00 pm</a></h2>"))
        #expect(page.contains("<ul  class=\"mgActionList\" >"))
        #expect(page.contains("<p><span  class=\"mgLabel\" >Venue: </span>Council Chamber, Town Hall, High Street, Sampleton, SM1 1AA. <a  href=\"mgLocationDetails.aspx?RID="))
        #expect(page.contains("<table class=\"mgItemTable\"  summary=\"Table of agenda items\" id=\"mgItemTable\">"))
        #expect(page.contains("<div class=\"mgFooter\" >"))
        #expect(PageInspection.anchors(page) == cabinet.items.map(\.id))
        #expect(!page.contains("(S("))
        #expect(!page.contains("__VIEWSTATE"))
    }

    @Test func actionListShowsEveryActionDocument() {
        let page = ModernGovRenderer.meetingPage(cabinet, noise: .none)
        #expect(page.contains("<li><a  href=\"mgMeetingAttendance.aspx?ID=2041\""))
        #expect(page.contains("""
<a  href="documents/g2050/Agenda frontsheet Monday 09-Nov-2026 19.00 Cabinet.pdf?T=0"  title="Link&#32;to&#32;agenda&#32;frontsheet&#32;pdf&#32;file" >Agenda frontsheet
"""))
        #expect(page.contains("<a  href=\"mgChooseDocPack.aspx?ID=2050\"  title=\"Link&#32;to&#32;agenda&#32;reports&#32;document&#32;pack\" >Agenda reports pack</a>"))
        #expect(page.contains("title=\"Link&#32;to&#32;printed&#32;decisions&#32;pdf&#32;file\" >Printed decisions"))
        #expect(page.contains("title=\"Link&#32;to&#32;printed&#32;minutes&#32;pdf&#32;file\" >Printed minutes"))
        for document in cabinet.actionDocuments {
            #expect(page.contains(document.size.map { "> \($0)</span>" } ?? document.title))
        }
        let next = Fixtures.demoMeeting(SampleCouncilData.Meetings.cabinetNext)
        let nextPage = ModernGovRenderer.meetingPage(next, noise: .none)
        #expect(nextPage.contains("<li><a  href=\"mgChooseDocPack.aspx?ID=2051&amp;SID=24411\" >Supplement&#58; Agenda Item 55 - Consultation Responses <span  class=\"mgFileSize\" ><img src=\"mgimages/logo-pdf-1.gif\" alt=\"\" /> PDF 2 MB</span> </a></li>"))
        #expect(nextPage.contains("<h1  class=\"mgMainTitleTxt\" >Agenda</h1>"))
    }

    @Test func sectionsComeAsWordParagraphsWithTheTruncationTrailer() {
        let page = ModernGovRenderer.meetingPage(cabinet, noise: .none)
        let item = cabinet.items[4]
        #expect(item.minutes?.truncated == true)
        #expect(page.contains("""
 &nbsp;...&nbsp; <a href=
"mgAi.aspx?ID=60414" title=
"Link to view the full item text for item 45., Revenue Budget Monitoring 2026/27 – Quarter 1">
view the full minutes text for item 45.</a></p>
"""))
        #expect(page.contains("<p class=\"mgSubItemTitleTxt\">Decision:</p>"))
        // Decision before Minutes, as ModernGov orders them.
        let row = page.components(separatedBy: "name=\"AI60414\"")[1].components(separatedBy: "</tr>")[0]
        let decision = row.range(of: "Decision:")!, minutes = row.range(of: "Minutes:")!
        #expect(decision.lowerBound < minutes.lowerBound)
        #expect(row.contains("the forecast revenue overspend of &pound;2.4 million"))
        #expect(row.contains("children&rsquo;s"))
        // One paragraph per line, with a spacer paragraph between.
        #expect(PageInspection.count(row, "<p class=\"MsoNormal\">&nbsp;</p>") == 2 + 2 + 0)
    }

    @Test func cancelledMeetingShowsCancelledAndProposedVenue() {
        var meeting = Fixtures.demoMeeting(SampleCouncilData.Meetings.planningLater)
        meeting.status = .cancelled
        let page = ModernGovRenderer.meetingPage(meeting, noise: .none)
        #expect(page.contains(">\(meeting.title), CANCELLED</a></h2>"))
        #expect(page.contains("<span  class=\"mgLabel\" >Proposed venue: </span>"))
        #expect(page.contains("<p>No documents are available for this meeting</p>"))
        #expect(page.contains("<h1  class=\"mgMainTitleTxt\" >Meeting</h1>"))
        #expect(!page.contains("mgItemTable"))
    }

    @Test func everyTextIsEscaped() {
        var meeting = cabinet
        meeting.title = "Cabinet & <script>\"x\"</script>"
        meeting.venue = "Room <1> & \"2\""
        meeting.items[0].title = "Rock & <b>Roll</b>"
        meeting.items[0].text = "5 < 6 & 7 > 2"
        meeting.items[4].documents[1].title = "Appendix \"A\" <i>"
        let page = ModernGovRenderer.meetingPage(meeting, noise: .none)
        #expect(page.contains(">Cabinet &amp; &lt;script&gt;&quot;x&quot;&lt;/script&gt;</a></h2>"))
        #expect(page.contains("Room &lt;1&gt; &amp; &quot;2&quot;."))
        #expect(page.contains(">Rock &#38; &lt;b&gt;Roll&lt;&#47;b&gt;</p>"))
        #expect(page.contains("5 &lt; 6 &amp; 7 &gt; 2"))
        #expect(page.contains(">Appendix &quot;A&quot; &lt;i&gt; <span"))
        #expect(!page.contains("<script>\"x\""))
        #expect(!page.contains("<b>Roll"))
    }

    @Test func mainTitleFollowsPublishedFlags() {
        #expect(ModernGovRenderer.mainTitle(.init(agenda: false, minutes: false, decisions: false)) == "Meeting")
        #expect(ModernGovRenderer.mainTitle(.init(agenda: true, minutes: false, decisions: false)) == "Agenda")
        #expect(ModernGovRenderer.mainTitle(.init(agenda: true, minutes: true, decisions: false)) == "Agenda and minutes")
        #expect(ModernGovRenderer.mainTitle(.init(agenda: true, minutes: false, decisions: true)) == "Agenda and decisions")
        #expect(ModernGovRenderer.mainTitle(.init(agenda: true, minutes: true, decisions: true)) == "Agenda, decisions and minutes")
        #expect(ModernGovRenderer.listSuffix(status: .confirmed, published: .init(agenda: true, minutes: true, decisions: true)) == " - Agenda, Decisions, Minutes")
        #expect(ModernGovRenderer.listSuffix(status: .cancelled, published: .init(agenda: true, minutes: false, decisions: false)) == " - CANCELLED")
        #expect(ModernGovRenderer.listSuffix(status: .confirmed, published: .init(agenda: false, minutes: false, decisions: false)) == "")
    }

    @Test func documentURLsAreRelativeToTheSiteAndForeignOnesStayAbsolute() {
        var meeting = cabinet
        meeting.items[4].documents.append(Document(title: "External", url: "https://example.org/a%20b.pdf", size: nil))
        let page = ModernGovRenderer.meetingPage(meeting, noise: .none)
        #expect(meeting.items[4].documents[0].url == "http://127.0.0.1/documents/s120411/Revenue%20Budget%20Monitoring%20Q1%20Report.pdf")
        #expect(page.contains("href=\"documents/s120411/Revenue Budget Monitoring Q1 Report.pdf\""))
        #expect(page.contains("href=\"https://example.org/a%20b.pdf\""))
        #expect(!page.contains("http://127.0.0.1/documents"))
    }

    @Test func meetingListIsNewestFirstWithStatusSuffixes() {
        var content = Fixtures.demo()
        content.demoCancelMeeting()
        let page = ModernGovRenderer.meetingListPage(committee: SampleCouncilData.planning,
                                                     meetings: content.meetings(ofCommittee: 102), noise: .none)
        let links = PageInspection.matches(page, #"href="(ieListDocuments\.aspx\?[^"]*)""#)
        #expect(links == ["ieListDocuments.aspx?CId=102&amp;MId=2045&amp;Ver=4",
                          "ieListDocuments.aspx?CId=102&amp;MId=2044&amp;Ver=4",
                          "ieListDocuments.aspx?CId=102&amp;MId=2043&amp;Ver=4"])
        #expect(page.contains("<h1  class=\"mgMainTitleTxt\" >Browse meetings</h1>"))
        #expect(page.contains("<ul  class=\"mgNonBulletTableList\"  ><li  class=\"mgTableEvenRow\" ><a  class=\"mgMeetingTableLnk\"  href=\"ieListDocuments.aspx?CId=102&amp;MId=2045&amp;Ver=4\"  title=\"Link&#32;to&#32;meeting&#32;details&#32;for&#32;Planning&#32;Committee&#32;meeting&#32;of&#32;12&#32;Jan&#32;2027\" >12 Jan 2027&nbsp;6&#58;30 pm</a> - CANCELLED</li>"))
        #expect(page.contains(">15 Dec 2026&nbsp;6&#58;30 pm</a> - Agenda</li><li  class=\"mgTableEvenRow\" >"))
        #expect(page.contains(">23 Nov 2026&nbsp;6&#58;30 pm</a> - Agenda</li></ul>"))
    }

    @Test func committeeStructureListsEveryCommitteeUnderItsCategory() {
        let content = Fixtures.demo()
        let page = ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: .none, categories: content.categories)
        #expect(page.contains("<h1  class=\"mgMainTitleTxt\" >Committee structure</h1>"))
        #expect(page.contains("<h2 class=\"mgSectionTitle\">Overview and Scrutiny</h2>"))
        #expect(page.contains("<li><a  href=\"mgCommitteeDetails.aspx?ID=103\"  title=\"Link&#32;to&#32;details&#32;for&#32;Children&#32;and&#32;Families&#32;Scrutiny&#32;Committee\" >Children and Families Scrutiny Committee</a></li>"))
        #expect(PageInspection.matches(page, #"mgCommitteeDetails\.aspx\?ID=([0-9]+)""#) == ["101", "102", "103"])
    }

    @Test func rendersTheSameBytesEveryTime() {
        let noise = PageNoise(seed: 42)
        #expect(ModernGovRenderer.meetingPage(cabinet, noise: noise) == ModernGovRenderer.meetingPage(cabinet, noise: noise))
    }
}

import AgendaCore
import AgendaModel
import Foundation

extension ModernGovRenderer {
    /// `ieListMeetings.aspx?CommitteeId=N`: the committee's meetings, newest first, each as
    /// `15 Jan 2026&nbsp;7&#58;30 pm` + " - Agenda, Decisions, Minutes" / " - CANCELLED".
    public static func meetingListPage(committee: Committee, meetings: [Meeting], noise: PageNoise,
                                       site: SiteStyle = .sample) -> String {
        let entries = meetings.sorted { lhs, rhs in
            let l = lhs.start?.instant ?? .distantPast
            let r = rhs.start?.instant ?? .distantPast
            return l != r ? l > r : lhs.id.number > rhs.id.number
        }
        var w = PageWriter(noise: noise, basePath: site.basePath, pageKey: "list/\(committee.id)", capacity: 16_000 + 700 * entries.count)
        let name = committee.name
        let today = entries.compactMap(\.start).first?.date.iso8601 ?? "2026-01-01"
        PageChrome.open(&w, head: .init(dcTitle: "Browse meetings - \(name)", dcDescription: "List of meetings  for <%1.dctitle%",
                                        dcDate: today, dcCreated: "2022-05-11", title: "Browse meetings - \(name)"),
                        breadcrumb: [("Committees", "mgListCommittees.aspx?bcr=1"),
                                     ("Committee details", "mgCommitteeDetails.aspx?ID=\(committee.id)"),
                                     ("Meetings", nil)],
                        mainTitle: "Browse meetings")
        w.write("\t\t\t\t\n\t\t\t<div class=\"mgSubTitle\" >\t\n\t    <h2 class=\"mgSubTitleTxt\">\(HTMLEscaping.text(name))</h2>\n        </div>\n")
        w.write("\t\t\t<p>You can view the individual reports for this meeting by selecting the headings from the numbered list of items at the bottom of this page. Alternatively you can view the entire agenda by selecting 'Agenda Reports Pack' below.</p>\n\n")
        w.write("<p>This page lists the meetings for \(HTMLEscaping.text(name)).</p>\n\n")
        PageChrome.settingsScript(&w)
        w.write("\t\n\t<form method=\"post\"  action=\"\(w.href("ieListMeetings.aspx"))\"  id=\"FormYearSelect\">\n<div class=\"mgLinks\" >\n\n\n<ul  class=\"mgActionList\" >\n")
        w.write("\t\t<li>")
        w.open("a", [("href", w.href("mgAgendaManagementTimetable.aspx?RP=\(committee.id)")),
                     ("title", HTMLEscaping.moderngov("Link to agenda management timetable for all committees", spaces: true))])
        w.write("Show agenda management timetable</a></li>\n\t\t<li>")
        w.open("a", [("href", w.href("mgCommitteeDetails.aspx?ID=\(committee.id)")),
                     ("title", HTMLEscaping.moderngov("Link to more information about \(name)", spaces: true))])
        w.write("More information about \(HTMLEscaping.moderngov(name))</a></li>\n\n")
        w.write("        <li><label for=\"YearSelect\">Show meetings for the year: </label>\n\t\t<select\tsize=\"1\" id=\"YearSelect\" name=\"YearSelect\" > \n\t\t<option value=\"0\"> </option>\n")
        for year in 2022...2027 { w.write("\t\t\t<option value=\"\(year)\">\(year)</option>\n") }
        w.write("\t\t</select>\n        <input  class=\"mgGoButton\"   type=\"submit\" name=\"Submit\" value=\"Go\" id=\"Submit1\"/></li>\n\n</ul>\n</div>\n")
        w.write("<div class=\"mgContent\" >\n<div class=\"mgList\" >\n\n\n\t<div class=\"mgHiddenField\" >\n")
        w.write("\t <input type=\"hidden\" name=\"hCommitteeId\"  value=\"\(committee.id)\" />\n\t <input type=\"hidden\" name=\"hCategoryId\"  value=\"0\" />\n")
        w.write("\t <input type=\"hidden\" name=\"IsInfo\"  value=\"0\" id=\"mgHidden10\"/>\n\t <input type=\"hidden\" name=\"MD\"  value=\"ielistmeetings\" id=\"metadata\"/>\n\t</div>\n\n\n")

        let stamps = entries.compactMap(\.start)
        let earlier = stamps.last.map(compactStamp) ?? "202601011930"
        let later = stamps.first.map(compactStamp) ?? "202601011930"
        earlierLater(&w, committee: committee.id, earlier: earlier, later: later)
        w.write("\n\t<div  class=\"mgTableBorder\" >\n\t\t<div  class=\"mgTableTitleTxt\" >\n           Meetings\n\t\t</div> \t\n")
        w.write("<ul  class=\"mgNonBulletTableList\"  >")
        for (index, meeting) in entries.enumerated() {
            let when = meeting.start
            let day = when?.shortDate ?? "Date to be confirmed"
            w.write("<li  class=\"\(index % 2 == 0 ? "mgTableEvenRow" : "mgTableOddRow")\" >")
            w.open("a", [("class", "mgMeetingTableLnk"),
                         ("href", w.href("ieListDocuments.aspx?CId=\(meeting.committee.id)&MId=\(meeting.id.number)&Ver=4")),
                         ("title", HTMLEscaping.moderngov("Link to meeting details for \(name) meeting of \(day)", spaces: true))])
            let time = when.map { "&nbsp;" + HTMLEscaping.moderngov($0.timeText) } ?? ""
            w.write("\(HTMLEscaping.text(day))\(time)</a>\(listSuffix(status: meeting.status, published: meeting.published))</li>")
        }
        w.write("</ul>\n\t</div>\n\n")
        earlierLater(&w, committee: committee.id, earlier: earlier, later: later)
        w.write("</div>\t\n<h2 class=\"mgSubTitleTxt\">Information about \(HTMLEscaping.text(name))</h2>\n")
        w.write("<div class=\"mgWordPara\"><div class=\"WordSection1\">\n<p class=\"MsoNormal\">Meetings of this committee are open to the public\nunless exempt information is being discussed.</p>\n</div>\n</div>\n</div>\n\n\n\t</form>\n")
        PageChrome.close(&w, site: site, mediaScripts: false)
        return w.finish()
    }

    /// `mgCommitteeStructure.aspx`: every committee as `mgCommitteeDetails.aspx?ID=N`, under its
    /// category heading (categories in order of first appearance; "Committees" when none is given).
    public static func committeeStructurePage(committees: [Committee], noise: PageNoise,
                                              categories: [Int: String] = [:], site: SiteStyle = .sample) -> String {
        var w = PageWriter(noise: noise, basePath: site.basePath, pageKey: "structure", capacity: 14_000 + 300 * committees.count)
        PageChrome.open(&w, head: .init(dcTitle: "Committee structure",
                                        dcDescription: "A list of the published committees, organised into categories, with descriptions of their purpose.",
                                        dcDate: "2026-02-06", dcCreated: nil, title: "Committee structure"),
                        breadcrumb: [("Committees", nil)], mainTitle: "Committee structure")
        w.write("\t\t\t\t\n\t\t\t<a href=\"\(w.href("ieDocSearch.aspx"))\">Search for Expired Committees</a>\n")
        PageChrome.settingsScript(&w)
        w.write("\t<div class=\"mgLinks\" >\n\n</div>\n<div class=\"mgContent\" >\n\n")
        var order: [String] = []
        var grouped: [String: [Committee]] = [:]
        for committee in committees {
            let category = categories[committee.id] ?? "Committees"
            if grouped[category] == nil { order.append(category) }
            grouped[category, default: []].append(committee)
        }
        for category in order {
            w.write("<h2 class=\"mgSectionTitle\">\(HTMLEscaping.moderngov(category))</h2>\n\t\t\t\t\t\t\n\n<ul  class=\"mgBulletList\" >\n")
            for committee in grouped[category] ?? [] {
                w.write("\t\t\t\t\t\t<li>")
                w.open("a", [("href", w.href("mgCommitteeDetails.aspx?ID=\(committee.id)")),
                             ("title", HTMLEscaping.moderngov("Link to details for \(committee.name)", spaces: true))])
                w.write("\(HTMLEscaping.moderngov(committee.name))</a></li>\n")
            }
            w.write("\n</ul>\n")
        }
        w.write("<div class=\"mgHelpLine\" >\t\n</div>\t\n\n</div>\n")
        PageChrome.close(&w, site: site, mediaScripts: false)
        return w.finish()
    }

    private static func compactStamp(_ time: LondonDateTime) -> String {
        "\(pad(time.date.year, 4))\(pad(time.date.month))\(pad(time.date.day))\(pad(time.clock.hour))\(pad(time.clock.minute))"
    }

    private static func earlierLater(_ w: inout PageWriter, committee: Int, earlier: String, later: String) {
        w.write("\t    <div  class='mgMeetingsEarlierLater' ><p>\n\n\t\t\t")
        w.open("a", [("class", "mgTableNextLnk"), ("href", w.href("ieListMeetings.aspx?Act=earlier&CId=\(committee)&D=\(earlier)&MD=ielistmeetings"))])
        w.write("<img src=\"mgimages/left5.gif\" alt=\"\"/>Earlier meetings</a><span class='mgLinkSep'>. </span>\n\n\t\t\t   ")
        w.open("a", [("class", "mgTableNextLnk"), ("href", w.href("ieListMeetings.aspx?Act=later&CId=\(committee)&D=\(later)&MD=ielistmeetings"))])
        w.write("Later meetings<img src=\"mgimages/right5.gif\" alt=\"\"/></a><span class='mgLinkSep'>. </span>\n      \n         </p></div>\n")
    }
}

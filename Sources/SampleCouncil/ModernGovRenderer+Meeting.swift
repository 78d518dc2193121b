import AgendaCore
import AgendaModel
import Foundation

extension ModernGovRenderer {
    /// `ieListDocuments.aspx?CId=N&MId=M`: one meeting with its action list, venue and items.
    public static func meetingPage(_ meeting: Meeting, noise: PageNoise, site: SiteStyle = .sample) -> String {
        let capacity = 14_000 + meeting.items.reduce(0) { $0 + 1_200 + ($1.text?.utf8.count ?? 0)
            + ($1.minutes?.text.utf8.count ?? 0) + ($1.decision?.text.utf8.count ?? 0) + $1.documents.count * 500 }
        var w = PageWriter(noise: noise, basePath: site.basePath, pageKey: "meeting/\(meeting.id.number)", capacity: capacity)
        let directory = directory(of: meeting.url)
        let committee = meeting.committee
        let when = meeting.start
        let heading = "Agenda for \(committee.name) on " + (when.map { "\($0.longDate), \($0.timeText)" } ?? meeting.title)
        let main = mainTitle(meeting.published)
        let created = when.map { $0.date.adding(days: -(60 + meeting.id.number % 120)).iso8601 }

        PageChrome.open(&w, head: .init(dcTitle: heading, dcDescription: "All published information, including reports, for " + heading,
                                        dcDate: when?.date.iso8601 ?? "", dcCreated: created, title: heading),
                        breadcrumb: [("Committees", "mgListCommittees.aspx?bcr=1"),
                                     ("Committee details", "mgCommitteeDetails.aspx?ID=\(committee.id)"),
                                     ("Meetings", "ieListMeetings.aspx?CommitteeId=\(committee.id)"),
                                     (main, nil)],
                        mainTitle: main)

        w.write("\t\t\t<div class=\"mgSubTitle\" >\t\n\t\t\t\t<h2 class=\"mgSubTitleTxt\">")
        w.open("a", [("href", w.href("mgCommitteeDetails.aspx?ID=\(committee.id)")),
                     ("title", HTMLEscaping.moderngov("Link to \(committee.name)", spaces: true))])
        w.write(HTMLEscaping.text(meeting.title + (meeting.status == .cancelled ? ", CANCELLED" : "")) + "</a></h2>\n\t\t\t\t</div>\n")
        w.write("\t\t\t<p>You can view the individual reports for this meeting by selecting the headings from the numbered list of items at the bottom of this page. Alternatively you can view the entire agenda by selecting 'Agenda Reports Pack' below.</p>\n\n")
        PageChrome.settingsScript(&w)

        actionList(&w, meeting: meeting, directory: directory)

        w.write("<div class=\"mgContent\" >\n")
        if meeting.items.isEmpty && meeting.actionDocuments.isEmpty {
            w.write("\t\t\t\t\t\t    <p>No documents are available for this meeting</p>\n")
        }
        if let venue = meeting.venue {
            let label = meeting.status == .cancelled ? "Proposed venue: " : "Venue: "
            let shown = venue.hasSuffix(".") ? venue : venue + "."
            w.write("\t\t\t\t\t\t<p><span  class=\"mgLabel\" >\(label)</span>\(HTMLEscaping.text(shown)) ")
            w.open("a", [("href", w.href("mgLocationDetails.aspx?RID=\(StableHash.fnv1a(venue) % 400 + 1)")),
                         ("title", HTMLEscaping.moderngov("Link to directions to \(venue)", spaces: true))])
            w.write(" View directions</a></p>\n")
        }
        w.write("\t\t<p><span  class=\"mgLabel\" >Contact: </span>\(HTMLEscaping.text(site.contactName))&nbsp; \n")
        w.write("\t\tTel: 020 7946 0" + pad(meeting.committee.id % 1000, 3) + " / Email: &nbsp;")
        w.write("<a href=\"mailto:\(HTMLEscaping.text(site.contactEmail))\">\(HTMLEscaping.text(site.contactEmail))</a>\n\t\t\n\t\t</p>\n\n")
        w.write("\t\t\t\t<h2  class=\"mgSectionTitle\" >Media</h2>\n\t\t\t\t\t\n")

        if !meeting.items.isEmpty {
            w.write("\t\t<table class=\"mgItemTable\"  summary=\"Table of agenda items\" id=\"mgItemTable\">\n")
            w.write("\t\t<caption  class=\"mgSectionTitle\" >Items</caption>\n\n     <tr>\n\n")
            w.write("            <th class=\"mgHide\" abbr=\"No\" scope=\"col\">No.</th>\n")
            w.write("            <th class=\"mgHide\" abbr=\"Item\" scope=\"col\">Item</th>\n    </tr>\n\n")
            for item in meeting.items {
                itemRow(&w, item: item, directory: directory)
            }
            w.write("\t</table>\n")
        }
        w.write("<div class=\"mgHelpLine\" >\t\n</div>\t\n</div>\n")
        PageChrome.close(&w, site: site, mediaScripts: true)
        return w.finish()
    }

    private static func actionList(_ w: inout PageWriter, meeting: Meeting, directory: String) {
        w.write("\t<div class=\"mgLinks\" >\n\n\n<ul  class=\"mgActionList\" >\n\n")
        let when = meeting.start
        let attendance = "Link to attendance details for the meeting of \(meeting.committee.name) "
            + (when.map { "\($0.longDate) \($0.timeText)" } ?? "")
        w.write("\t\t<li>")
        w.open("a", [("href", w.href("mgMeetingAttendance.aspx?ID=\(meeting.id.number)")),
                     ("title", HTMLEscaping.moderngov(attendance, spaces: true))])
        w.write("Attendance details</a></li>\n")

        for document in meeting.actionDocuments {
            let href = w.href(relative(document.url, to: directory))
            let title = HTMLEscaping.moderngov(document.title)
            let size = document.size.map { "<span  class=\"mgFileSize\" ><img src=\"mgimages/logo-pdf-1.gif\" alt=\"\" /> \(HTMLEscaping.text($0))</span> " } ?? ""
            switch document.kind {
            case .frontsheet, .printedMinutes, .printedDecisions:
                let what = document.kind == .frontsheet ? "agenda frontsheet"
                    : document.kind == .printedMinutes ? "printed minutes" : "printed decisions"
                w.write("\t\t\t<li>")
                w.open("a", [("href", href), ("title", HTMLEscaping.moderngov("Link to \(what) pdf file", spaces: true))])
                w.write("\(title)\n\t\t\t\(size)</a>\n\t\t    \n\t\t\t</li>\n\n")
            case .reportsPack:
                w.write("\t\t\t\t<li>")
                w.open("a", [("href", href), ("title", HTMLEscaping.moderngov("Link to agenda reports document pack", spaces: true))])
                w.write("\(title)\(size.isEmpty ? "" : " " + size)</a></li>\n")
            case .supplement:
                w.write("\t\t\t\t\t\t\t\t<li>")
                w.open("a", [("href", href)])
                w.write("\(title) \(size)</a></li>\n")
            case .other:
                w.write("\t\t\t\t<li>")
                w.open("a", [("href", href), ("title", HTMLEscaping.moderngov("Link to \(document.title)", spaces: true))])
                w.write("\(title)\(size.isEmpty ? "" : " " + size)</a></li>\n")
            }
        }
        w.write("\n</ul>\n</div>\n")
    }

    private static func itemRow(_ w: inout PageWriter, item: AgendaItem, directory: String) {
        let printed = item.number.isEmpty ? "" : item.number + "."
        w.write("\t\t<tr>\n\n\t\t\t<td  class=\"mgItemNumberCell\" ><p  class=\"mgAiTitleTxt\" >")
        w.open("a", [("name", HTMLEscaping.text(item.id)), ("aria-disabled", "true")], .plain)
        w.write("</a>\(HTMLEscaping.text(printed))</p></td>\n\t\t\t\t\n\t\t<td >\t\t\t\n\n")

        if let first = item.documents.first {
            w.write("\t\t\n\t\t\t\t\t<p  class=\"mgAiTitleTxt\" >")
            w.open("a", [("class", "mgAiTitleLnk"), ("href", w.href(relative(first.url, to: directory))),
                         ("title", HTMLEscaping.moderngov("Link to document '\(item.title)' \(fileType(first.url)) file", spaces: true))])
            w.write(HTMLEscaping.moderngov(item.title) + " ")
            if let size = first.size {
                w.write("<span  class=\"mgFileSize\" ><img height=\"12\" src=\"mgimages/logo-pdf-1.gif\" width=\"12\" alt=\"pdf icon\" /> \(HTMLEscaping.text(size))</span> ")
            }
            w.write("</a></p>\n")
        } else {
            w.write("\t\t\t\t\t<p  class=\"mgAiTitleTxt\" >\(HTMLEscaping.moderngov(item.title))</p>\n")
        }

        if let text = item.text, !text.isEmpty {
            wordSection(&w, text: text, trailer: nil)
            w.write(" \n")
        }

        if item.documents.count > 1 {
            w.write("<p class=\"mgSubItemTitleTxt\">Additional documents:</p>\n\n<ul  class=\"mgBulletList\" >\n")
            for document in item.documents.dropFirst() {
                w.write("\t\t\t\t\t\t    <li>\n\t\t\t\t\t\t    ")
                w.open("a", [("href", w.href(relative(document.url, to: directory))),
                             ("title", "Link to document &#39;\(HTMLEscaping.moderngov(document.title))&#39; \(fileType(document.url)) file")])
                w.write("\(HTMLEscaping.moderngov(document.title)) <span  class=\"mgHide\" >, item \(HTMLEscaping.text(printed))</span>\n\t\t\t\t\t\t    ")
                if let size = document.size {
                    w.write("<span  class=\"mgFileSize\" ><img height=\"12\" src=\"mgimages/logo-pdf-1.gif\" width=\"12\" alt=\"pdf icon\" /> \(HTMLEscaping.text(size))</span> ")
                }
                w.write("</a>  </li>\n")
            }
            w.write("\n</ul>\n")
        }

        if let decision = item.decision {
            w.write("<p class=\"mgSubItemTitleTxt\">Decision:</p>\n\t\t\t\t")
            wordSection(&w, text: decision.text, trailer: decision.truncated ? trailer(&w, item: item, printed: printed, kind: "decision") : nil)
            w.write("\n\t\t\t")
        }
        if let minutes = item.minutes {
            w.write("<p class=\"mgSubItemTitleTxt\">Minutes:</p>\n")
            wordSection(&w, text: minutes.text, trailer: minutes.truncated ? trailer(&w, item: item, printed: printed, kind: "minutes") : nil)
            w.write(" \n")
        }
        w.write("\t\t\t\t\t\n        </td>\n\t\t</tr>\n\t\t\n")
    }

    /// Word's HTML for a block of text (see `wordHTML`), in the page's `div.mgWordPara`.
    private static func wordSection(_ w: inout PageWriter, text: String, trailer: String?) {
        w.write("<div class=\"mgWordPara\">")
        w.write(wordHTML(text, wrapWidth: w.noise.wrapWidth, trailer: trailer))
        w.write("\n</div>")
    }

    /// Word's HTML for a block of text: a `div.WordSection1` with one `p.MsoNormal` per line and
    /// `&nbsp;` spacers between, hard-wrapped at `wrapWidth` — as on the pages, and entity-escaped
    /// inside the web service's XML.
    static func wordHTML(_ text: String, wrapWidth: Int, trailer: String? = nil) -> String {
        var html = "<div class=\"WordSection1\">\n"
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: true)
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { html += "<p class=\"MsoNormal\">&nbsp;</p>\n" }
            html += "<p class=\"MsoNormal\">"
            html += HTMLEscaping.wrap(HTMLEscaping.word(String(paragraph)), width: wrapWidth)
            if index == paragraphs.count - 1, let trailer { html += trailer }
            html += "</p>\n"
        }
        if paragraphs.isEmpty, let trailer { html += "<p class=\"MsoNormal\">\(trailer)</p>\n" }
        return html + "</div>"
    }

    /// ModernGov's cut-off for long sections: "&nbsp;...&nbsp; <a …>view the full minutes text for item 59.</a>".
    private static func trailer(_ w: inout PageWriter, item: AgendaItem, printed: String, kind: String) -> String {
        let link = w.tag("a", [("href", w.href("mgAi.aspx?ID=\(itemNumber(item.id))")),
                               ("title", HTMLEscaping.text("Link to view the full item text for item \(printed), \(item.title)"))], .plain)
        return " &nbsp;...&nbsp; " + link.replacingFirstSpaces() + "\nview the full \(kind) text for item \(HTMLEscaping.text(printed))</a>"
    }

    /// "pdf" for ".../Report.pdf", as the title attributes name the file type.
    static func fileType(_ url: String) -> String {
        let bytes = Array(url.utf8)
        let pathEnd = bytes.firstIndex(of: 0x3F) ?? bytes.count
        guard let dot = bytes[0..<pathEnd].lastIndex(of: 0x2E), !bytes[dot..<pathEnd].contains(0x2F), dot + 1 < pathEnd else { return "pdf" }
        return String(decoding: bytes[(dot + 1)..<pathEnd], as: UTF8.self).lowercased()
    }
}

private extension String {
    /// Word's exporter breaks the trailer link's tag across lines: `<a href=\n"…" title=\n"…">`.
    func replacingFirstSpaces() -> String {
        guard hasPrefix("<a href=\""), let titleRange = range(of: "\" title=\"") else { return self }
        let href = self[index(startIndex, offsetBy: 8)..<titleRange.lowerBound]
        let rest = self[index(titleRange.upperBound, offsetBy: -1)...]
        return "<a href=\n" + href + "\" title=\n" + rest
    }
}

import AgendaCore
import AgendaModel

/// The HTML part of a notice email or a digest: the same words as the text part
/// (`NoticeWording`), laid out with inline styles only, no images or other remote content, and
/// every third-party string escaped (`MarkupWriter`).
enum NoticeMailHTML {
    static let html = NoticeHTML(styled: true)

    enum Style {
        static let body = "margin:0;padding:16px;background-color:#f4f4f4;font-family:Arial,Helvetica,sans-serif;"
            + "font-size:14px;line-height:1.45;color:#1a1a1a;"
        static let page = "max-width:680px;margin:0 auto;padding:20px;background-color:#ffffff;border:1px solid #dddddd;"
        static let meetingHeading = "margin:20px 0 8px 0;font-size:16px;"
        static let footer = "margin:20px 0 0 0;padding:12px 0 0 0;border-top:1px solid #dddddd;font-size:12px;color:#666666;"
    }

    static func document(for notice: Notice, settings: MailSettings) -> [UInt8] {
        let writer = open(title: NoticeMail.subject(for: notice))
        html.writeNotice(notice, into: writer)
        footer(settings: settings, reason: "this meeting", ids: "Notice \(notice.id)", into: writer)
        return close(writer)
    }

    static func digestDocument(for notices: [Notice], settings: MailSettings,
                               subject: String) -> [UInt8] {
        let groups = NoticeWording.groupedByMeeting(notices)
        let writer = open(title: subject)
        writer.element("p", ["style": NoticeHTML.Style.summary],
                       text: NoticeWording.digestOpening(notices: notices.count, meetings: groups.count))
        writer.newline()
        for group in groups {
            let latest = group[group.count - 1]
            writer.start("h2", ["style": Style.meetingHeading])
            html.link(latest.meeting.url, text: NoticeWording.text(latest.meeting.title, limit: NoticeWording.titleLimit),
                            into: writer)
            writer.end()
            writer.newline()
            html.writeMeeting(latest, withTitle: false, into: writer)
            for notice in group {
                writer.element("h3", ["style": NoticeHTML.Style.heading],
                               text: "Version \(notice.meeting.version): "
                                   + NoticeWording.text(notice.summary, limit: NoticeWording.titleLimit))
                writer.newline()
                html.writeChanges(notice.changes, into: writer)
            }
        }
        footer(settings: settings, reason: "these meetings",
               ids: "Notices " + notices.map(\.id).joined(separator: ", "), into: writer)
        return close(writer)
    }

    private static func open(title: String) -> MarkupWriter {
        let writer = MarkupWriter()
        writer.htmlDoctype()
        writer.start("html", ["lang": "en"])
        writer.start("head")
        writer.empty("meta", ["charset": "utf-8"])
        writer.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        writer.element("title", text: MailText.oneLine(title))
        writer.end()
        writer.newline()
        writer.start("body", ["style": Style.body])
        writer.start("div", ["style": Style.page])
        writer.newline()
        return writer
    }

    private static func footer(settings: MailSettings, reason: String, ids: String, into writer: MarkupWriter) {
        let sentence = NoticeMailBody.footerSentence(settings: settings, reason: reason)
        writer.start("p", ["style": Style.footer])
        writer.text(sentence.0 + " " + sentence.1)
        if let url = settings.unsubscribeURL {
            writer.text(" ")
            if NoticeHTML.href(url) != nil || url.lowercased().hasPrefix("mailto:") {
                writer.element("a", ["href": url, "style": NoticeHTML.Style.link], text: "Unsubscribe")
            } else {
                writer.text("Unsubscribe: " + url)
            }
            writer.text(".")
        }
        writer.text(" " + ids)
        writer.end()
        writer.newline()
    }

    private static func close(_ writer: MarkupWriter) -> [UInt8] {
        writer.end()  // div
        writer.end()  // body
        writer.end()  // html
        writer.newline()
        return writer.finish()
    }
}

import AgendaCore
import AgendaModel

/// A notice in HTML, for the HTML part of an email and the content of an Atom entry: the summary,
/// each change with its document's link, and the meeting's facts with a link to its page. The words
/// are `NoticeWording`'s; every string is written through `MarkupWriter`, which escapes it. There are
/// no images, and only http and https URLs become links. Styles are inline (mail clients drop style
/// sheets) and only in email: feed readers apply their own.
struct NoticeHTML {
    /// Whether elements carry the inline styles below.
    let styled: Bool

    enum Style {
        static let summary = "margin:0 0 12px 0;font-size:16px;font-weight:bold;"
        static let heading = "margin:16px 0 8px 0;font-size:15px;"
        static let list = "margin:0 0 12px 0;padding:0 0 0 20px;"
        static let change = "margin:0 0 6px 0;"
        static let detail = "margin:2px 0 0 0;font-size:13px;color:#555555;word-break:break-all;"
        static let table = "border-collapse:collapse;font-size:14px;"
        static let label = "text-align:left;vertical-align:top;padding:2px 12px 2px 0;color:#555555;font-weight:normal;"
        static let value = "vertical-align:top;padding:2px 0;"
        static let link = "color:#1a5ea8;"
        static let cancelled = "color:#b00020;font-weight:bold;"
    }

    /// `url` when a link to it is safe to offer (http or https); nil for any other scheme.
    static func href(_ url: String) -> String? {
        guard let scheme = WebURL.scheme(of: url), scheme == "http" || scheme == "https" else { return nil }
        return url
    }

    /// A link to `url` showing `text`, or `text` alone when `url` is not http(s).
    /// `style` when styled, else nil (the attribute is left out).
    func style(_ style: String) -> String? {
        styled ? style : nil
    }

    func link(_ url: String, text: String, into writer: MarkupWriter) {
        if let href = Self.href(url) {
            writer.element("a", ["href": href, "style": style(Style.link)], text: text)
        } else {
            writer.text(text)
        }
    }

    /// `<ul>` of the changes: each headline, with its document's link, another site's name and what it replaces.
    func writeChanges(_ changes: [Change], into writer: MarkupWriter) {
        writer.start("ul", ["style": style(Style.list)])
        for change in changes {
            let description = NoticeWording.describe(change)
            writer.start("li", ["style": style(Style.change)])
            writer.text(description.headline)
            if let url = change.url, let shown = description.link {
                writer.start("div", ["style": style(Style.detail)])
                link(url, text: shown, into: writer)
                if let host = description.externalHost { writer.text(" (on another web site: \(host))") }
                writer.end()
            }
            if let replaces = description.replaces {
                writer.element("div", ["style": style(Style.detail)], text: "replaces " + replaces)
            }
            writer.end()
            writer.newline()
        }
        writer.end()
        writer.newline()
    }

    /// A table of the meeting's facts (`NoticeWording.meetingRows`); the title and the page link to the meeting.
    func writeMeeting(_ notice: Notice, withTitle: Bool, into writer: MarkupWriter) {
        writer.start("table", ["role": "presentation", "style": style(Style.table)])
        for (label, value) in NoticeWording.meetingRows(notice, withTitle: withTitle) {
            writer.start("tr")
            writer.element("th", ["style": style(Style.label), "scope": "row"], text: label)
            writer.start("td", ["style": style(label == "Status" && notice.meeting.status == .cancelled
                                                   ? Style.value + Style.cancelled : Style.value)])
            if label == "Meeting" || label == "Page" {
                link(notice.meeting.url, text: value, into: writer)
            } else {
                writer.text(value)
            }
            writer.end()
            writer.end()
            writer.newline()
        }
        writer.end()
        writer.newline()
    }

    /// The summary, the changes of this version and the meeting: the body of one notice.
    func writeNotice(_ notice: Notice, into writer: MarkupWriter) {
        writer.element("p", ["style": style(Style.summary)], text: NoticeWording.text(notice.summary, limit: NoticeWording.titleLimit))
        writer.newline()
        writer.element("h2", ["style": style(Style.heading)], text: "What changed (version \(notice.meeting.version))")
        writer.newline()
        writeChanges(notice.changes, into: writer)
        writeMeeting(notice, withTitle: true, into: writer)
    }

    /// The HTML of `notice` as a fragment (no document around it): what an Atom entry carries.
    func fragment(for notice: Notice) -> String {
        let writer = MarkupWriter()
        writeNotice(notice, into: writer)
        return String(decoding: writer.finish(), as: UTF8.self)
    }
}

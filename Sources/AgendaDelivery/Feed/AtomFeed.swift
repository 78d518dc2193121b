import AgendaCore
import AgendaModel
import Foundation

/// An Atom 1.0 (RFC 4287) feed of a subscription's notices, newest first, written with libxml2's
/// writer (`MarkupWriter`), which escapes every value.
///
/// Each entry is one notice: `id` `urn:agenda-sync:` + the notice id (so a rewrite never makes a
/// reader show it again), `title` the email's subject line (committee, meeting date, summary),
/// `updated` when the change was detected, `author` the council, a link to the meeting page, a
/// category per change kind, and `content` of type `html` (escaped): the changes with their
/// documents' links and the meeting (`NoticeHTML`). The same notices always give the same bytes.
public enum AtomFeed {
    public static let namespace = "http://www.w3.org/2005/Atom"

    /// The feed's `id`: `urn:agenda-sync:feed:` + the subscription id.
    public static func feedID(subscriptionID: String) -> String {
        "urn:agenda-sync:feed:" + subscriptionID
    }

    /// An entry's `id`: `urn:agenda-sync:` + the notice id.
    public static func entryID(_ notice: Notice) -> String {
        "urn:agenda-sync:" + notice.id
    }

    /// The feed of `notices` (newest first). `updated` is the newest notice's time, or `now` for a
    /// feed with no entry yet.
    public static func document(subscriptionID: String, title: String, feedURL: String?, notices: [Notice],
                                now: Date) -> [UInt8] {
        let writer = MarkupWriter(xmlDeclaration: true)
        writer.start("feed", ["xmlns": namespace])
        writer.newline()
        writer.element("id", text: feedID(subscriptionID: subscriptionID))
        writer.newline()
        writer.element("title", text: MailText.oneLine(title))
        writer.newline()
        writer.element("updated", text: notices.first?.occurredAt ?? Timestamp.string(now))
        writer.newline()
        writer.start("author")
        writer.element("name", text: "agenda-sync")
        writer.end()
        writer.newline()
        writer.element("generator", text: "agenda-sync")
        writer.newline()
        if let feedURL, let href = NoticeHTML.href(feedURL) {
            writer.empty("link", ["rel": "self", "type": "application/atom+xml", "href": href])
            writer.newline()
        }
        for notice in notices {
            entry(notice, into: writer)
        }
        writer.end()
        return writer.finish()  // ends "</feed>\n": libxml2 closes a document with a line break
    }

    /// Entries' HTML: no styles, a feed reader applies its own.
    static let html = NoticeHTML(styled: false)

    private static func entry(_ notice: Notice, into writer: MarkupWriter) {
        writer.start("entry")
        writer.newline()
        writer.element("id", text: entryID(notice))
        writer.newline()
        writer.element("title", text: NoticeMail.subject(for: notice))
        writer.newline()
        writer.element("updated", text: notice.occurredAt)
        writer.newline()
        writer.start("author")
        writer.element("name", text: NoticeWording.text(notice.source.name, limit: NoticeWording.titleLimit))
        writer.end()
        writer.newline()
        if let href = NoticeHTML.href(notice.meeting.url) {
            writer.empty("link", ["rel": "alternate", "type": "text/html", "href": href])
            writer.newline()
        }
        for kind in Set(notice.changes.map(\.kind)).sorted() {
            writer.empty("category", ["term": kind.rawValue])
            writer.newline()
        }
        writer.element("content", ["type": "html"], text: html.fragment(for: notice))
        writer.newline()
        writer.end()
        writer.newline()
    }
}

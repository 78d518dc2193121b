import AgendaCore
import AgendaDelivery
import AgendaModel
import Foundation
import Testing
import TestSupport

/// Atom feeds read back by independent parsers: Python's feedparser (Debian's python3-feedparser),
/// its XML parser, and html.parser over each entry's content (`check_feed.py`).
@Suite("Atom feeds, parsed by feedparser")
struct AtomFeedTests {
    /// `bytes` as a file, parsed.
    func parse(_ bytes: [UInt8]) async throws -> CheckedFeed {
        try await MailFixtures.withFile(bytes, named: "feed.atom") { try await DocumentCheck.feed($0) }
    }

    @Test func everyEntryIsANoticeNewestFirst() async throws {
        let notices = [MailFixtures.markup, MailFixtures.plain] + MailFixtures.hostile
        let bytes = AtomFeed.document(subscriptionID: "leics-feed", title: "Powys <meetings> & \"changes\"",
                                      feedURL: "https://alerts.example.org/feeds/powys.atom?x=1&y=2", notices: notices,
                                      now: MailFixtures.date)
        #expect(bytes == AtomFeed.document(subscriptionID: "leics-feed", title: "Powys <meetings> & \"changes\"",
                                           feedURL: "https://alerts.example.org/feeds/powys.atom?x=1&y=2", notices: notices,
                                           now: MailFixtures.date.addingTimeInterval(3600)),
                "the same notices give the same bytes")
        let feed = try await parse(bytes)
        #expect(feed.errors == [])
        #expect(feed.version == "atom10")
        #expect(feed.id == "urn:agenda-sync:feed:leics-feed")
        #expect(feed.title == "Powys <meetings> & \"changes\"")
        #expect(feed.updated == notices[0].occurredAt)
        #expect(feed.author == "agenda-sync")
        #expect(feed.self_link == "https://alerts.example.org/feeds/powys.atom?x=1&y=2")
        #expect(feed.entries.map(\.id) == notices.map { "urn:agenda-sync:\($0.id)" })
        for (notice, entry) in zip(notices, feed.entries) {
            #expect(entry.title == NoticeMail.subject(for: notice))
            #expect(entry.updated == notice.occurredAt)
            #expect(entry.link == notice.meeting.url)
            #expect(entry.author == "Cyngor Sir Powys County Council")
            #expect(entry.categories == Set(notice.changes.map(\.kind)).sorted().map(\.rawValue), "in the order of docs/notices.md")
            #expect(entry.content_type == "text/html")
            let content = try #require(entry.content)
            #expect(content.forbidden == [] && content.remote == [] && content.unbalanced == [], "\(notice.id)")
            #expect(content.styled_elements == 0, "a feed reader styles entries itself")
            #expect(Set(content.tags).isSubset(of: ["p", "h2", "ul", "li", "div", "table", "tr", "th", "td", "a"]))
            #expect(content.hrefs.contains(notice.meeting.url))
            for change in notice.changes where change.kind == .documentAdded && change.url?.hasPrefix("https://") == true {
                #expect(content.hrefs.contains(change.url!))
            }
            #expect(content.text.contains("What changed (version \(notice.meeting.version))"))
        }
        let markup = try #require(feed.entries.first?.content)
        #expect(markup.text.contains(MailFixtures.markupTitle), "markup in a title is text, escaped twice over")
        #expect(!markup.hrefs.contains { $0.hasPrefix("javascript:") })
    }

    @Test func aFeedWithoutNoticesIsValid() async throws {
        let feed = try await parse(AtomFeed.document(subscriptionID: "quiet", title: "Quiet", feedURL: nil, notices: [],
                                                     now: MailFixtures.date))
        #expect(feed.errors == [])
        #expect(feed.entries.isEmpty)
        #expect(feed.updated == "2026-11-29T06:54:08Z")
        #expect(feed.self_link == nil)
    }

    /// The oracle has teeth: a feed that is not well-formed is reported.
    @Test func theCheckerReportsABrokenFeed() async throws {
        let broken = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A & B</title></feed>"
        let feed = try await parse(Array(broken.utf8))
        #expect(feed.errors.contains { $0.hasPrefix("not well-formed XML") })
        #expect(feed.errors.contains { $0.hasPrefix("feedparser:") })
    }
}

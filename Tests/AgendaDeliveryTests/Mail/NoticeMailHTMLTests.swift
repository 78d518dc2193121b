import AgendaCore
import AgendaDelivery
import AgendaDiff
import AgendaModel
import Foundation
import Testing
import TestSupport

/// The HTML part and the calendar attachment of notice mail, read back by Python's `email`,
/// `html.parser` and `icalendar`.
@Suite("Notice mail: HTML part and calendar attachment")
struct NoticeMailHTMLTests {
    /// Elements the HTML part may use: no script, image, style sheet, form or frame.
    static let allowedTags: Set = ["html", "head", "meta", "title", "body", "div", "p", "h2", "h3", "ul", "li", "table", "tr",
                                   "th", "td", "a"]

    /// A title or summary as the mail shows it: on one line, cut to 300 characters.
    static func shown(_ text: String) -> String {
        NoticeSummary.shortened(MailText.oneLine(text), to: 300)
    }

    func spoolAndCheck(_ messages: [MailMessage]) async throws -> [String: CheckedMail] {
        let folder = try MailFixtures.temporaryFolder("html")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        for message in messages { #expect(try spool.deliver(message) == .written) }
        return try await MailCheckScript.check(spool: spool.path)
    }

    @Test func everyThirdPartyStringIsEscapedAndEveryLinkIsThere() async throws {
        let settings = try MailFixtures.settings()
        let notices = MailFixtures.hostile + [MailFixtures.markup, MailFixtures.plain]
        let messages = notices.map { NoticeMail.message(for: $0, settings: settings, date: MailFixtures.date) }
        let reports = try await spoolAndCheck(messages)
        for (notice, message) in zip(notices, messages) {
            let report = try #require(reports[message.fileName])
            let html = try #require(report.html_report, "\(notice.id) has no HTML part")
            #expect(html.forbidden == [], "\(notice.id)")
            #expect(html.remote == [], "\(notice.id)")
            #expect(html.unbalanced == [], "\(notice.id)")
            #expect(Set(html.tags).isSubset(of: Self.allowedTags), "\(html.tags)")
            #expect(html.styled_elements > 10, "inline styles")
            #expect(html.hrefs.contains(notice.meeting.url))
            for change in notice.changes where change.kind == .documentAdded {
                let url = try #require(change.url)
                #expect(html.hrefs.contains(url) == url.hasPrefix("https://"), "\(url)")
                #expect(html.text.contains(MailText.oneLine(url)), "the link is shown: \(url)")
            }
            #expect(html.hrefs.contains("https://alerts.example.org/u/tok123"))
            #expect(html.text.contains("subscription \"jane\" matched changes to this meeting."))
            #expect(html.text.contains("Notice \(notice.id)"))
            // The same summary and meeting facts as the text part.
            #expect(html.text.contains(Self.shown(notice.summary)))
            #expect(html.text.contains(Self.shown(notice.meeting.committee.name)))
        }
        let markup = try #require(reports["\(MailFixtures.markup.id).agenda-sync"]?.html_report)
        #expect(markup.text.contains("<script>alert(\"x\")</script> & <img src=\"http://evil.example/x.png\"> Budget"))
        #expect(markup.text.contains("<b>Cabinet</b>") && markup.text.contains("<i>Hall</i> & \"Annex\""))
        #expect(markup.text.contains("Item 7 retitled: \"Old\" → \"</li></ul><h1>Owned</h1>\""))
        #expect(markup.hrefs.contains(MailFixtures.documentURL(1005) + "?a=1&b=\"2\""))
        #expect(!markup.hrefs.contains { $0.hasPrefix("javascript:") })
        #expect(markup.text.contains("javascript:alert(1)"), "shown as text, not a link")
    }

    @Test func aNoticeAboutAMeetingCarriesItsEvent() async throws {
        let settings = try MailFixtures.settings()
        let confirmed = MailFixtures.plain
        let meeting = MailFixtures.meeting()
        let cancelledMeeting = MailFixtures.meeting(number: 7010, status: .cancelled)
        let cancelled = MailFixtures.notice(cancelledMeeting, version: 3, changes: [Change(kind: .meetingCancelled)])
        let messages = [
            NoticeMail.message(for: confirmed, settings: settings, date: MailFixtures.date, event: MailFixtures.event(meeting)),
            NoticeMail.message(for: cancelled, settings: settings, date: MailFixtures.date,
                               event: MailFixtures.event(cancelledMeeting, version: 3)),
        ]
        let reports = try await spoolAndCheck(messages)
        for (notice, message) in zip([confirmed, cancelled], messages) {
            let report = try #require(reports[message.fileName])
            #expect(report.defects == [] && report.header_defects == [:])
            #expect(report.headers == NoticeMailParsedTests.noticeHeaders)
            #expect(report.content_type == "multipart/mixed")
            #expect(report.parts.map(\.type) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"])
            let part = try #require(report.parts.last)
            #expect(part.method == "PUBLISH" && part.charset == "utf-8" && part.encoding == "base64")
            #expect(part.disposition == "attachment")
            #expect(part.filename == "meeting.ics")
            #expect(report.max_body_line <= 76 && report.bare_cr_or_lf == 0)
            #expect(report.body?.hasPrefix(notice.summary + "\n\nWhat changed") == true, "the text part is unchanged")

            let calendar = try #require(report.calendars.first)
            #expect(report.calendars.count == 1)
            #expect(calendar.errors == [])
            #expect(calendar.method == "PUBLISH")
            #expect(calendar.calname == nil)
            let event = try #require(calendar.events.first)
            #expect(calendar.events.count == 1)
            #expect(event.uid == "meeting.powys.\(notice.meeting.id.number)@example.org")
            #expect(event.sequence == notice.meeting.version)
            #expect(event.start == .london("2026-12-03T10:00:00"))
            #expect(event.start_utc_offset == 0 && event.start_utc_offset_zoneinfo == 0)
            #expect(event.url == notice.meeting.url)
        }
        let confirmedEvent = try #require(reports[messages[0].fileName]?.calendars.first?.events.first)
        #expect(confirmedEvent.status == "CONFIRMED")
        #expect(confirmedEvent.summary == "Cabinet - Thursday, 3 December 2026 10.00 am")
        let cancelledEvent = try #require(reports[messages[1].fileName]?.calendars.first?.events.first)
        #expect(cancelledEvent.status == "CANCELLED")
        #expect(cancelledEvent.summary == "CANCELLED: Cabinet - Thursday, 3 December 2026 10.00 am")
    }

    @Test func aDigestHasAnHTMLPartToo() async throws {
        let settings = try MailFixtures.settings()
        let notices = [MailFixtures.plain, MailFixtures.markup, MailFixtures.welshAndControls]
        let digest = NoticeMail.digest(notices: notices, period: .daily, settings: settings, date: MailFixtures.date)
        let report = try #require(try await spoolAndCheck([digest])[digest.fileName])
        #expect(report.defects == [])
        #expect(report.parts.map(\.type) == ["multipart/alternative", "text/plain", "text/html"])
        let html = try #require(report.html_report)
        #expect(html.forbidden == [] && html.remote == [] && html.unbalanced == [])
        #expect(html.text.hasPrefix("Council meetings digest: 3 updates (29 Nov 2026) 3 updates to 3 meetings."))
        for notice in notices {
            #expect(html.hrefs.contains(notice.meeting.url))
            #expect(html.text.contains("Version \(notice.meeting.version): " + Self.shown(notice.summary)))
        }
        #expect(html.text.contains(MailFixtures.markupTitle))
        #expect(report.calendars.isEmpty, "a digest covers several meetings and attaches none")
    }

    @Test func aMeetingWithoutADateHasNoEvent() {
        #expect(MailFixtures.event(MailFixtures.meeting(start: nil)) == nil)
    }
}

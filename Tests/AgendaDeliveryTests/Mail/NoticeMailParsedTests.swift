import AgendaDelivery
import AgendaModel
import Foundation
import Testing

/// Hostile notices spooled and read back by an independent parser: Python's `email` package.
@Suite("Notice mail, parsed by Python's email package")
struct NoticeMailParsedTests {
    static let noticeHeaders = ["Date", "From", "To", "Subject", "Message-ID", "In-Reply-To", "References",
                                "Auto-Submitted", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
                                "List-Unsubscribe", "List-Unsubscribe-Post", "X-Agenda-Sync-Notices"]

    /// Spools `messages` into a fresh Maildir and returns Python's report on each, by file name.
    func spoolAndCheck(_ messages: [MailMessage]) async throws -> [String: CheckedMail] {
        let spool = try MaildirSpool(path: try MailFixtures.temporaryFolder("parsed") + "/spool")
        for message in messages { #expect(try spool.deliver(message) == .written) }
        let reports = try await MailCheckScript.check(spool: spool.path)
        #expect(reports.count == messages.count)
        return reports
    }

    @Test func hostileTitlesYieldWellFormedMessages() async throws {
        let settings = try MailFixtures.settings()
        let notices = MailFixtures.hostile + [MailFixtures.plain]
        let messages = notices.map { NoticeMail.message(for: $0, settings: settings, date: MailFixtures.date) }
        let reports = try await spoolAndCheck(messages)
        for (notice, message) in zip(notices, messages) {
            let report = try #require(reports[message.fileName])
            #expect(report.defects == [], "\(notice.id)")
            #expect(report.header_defects == [:], "\(notice.id)")
            #expect(report.headers == Self.noticeHeaders)
            #expect(!report.headers.contains { $0.lowercased() == "bcc" })
            #expect(report.header_bytes_ascii)
            #expect(report.max_header_line <= 78, "\(report.raw_headers)")
            #expect(report.max_body_line <= 76)
            #expect(report.max_line <= 998)
            #expect(report.bare_cr_or_lf == 0)
            #expect(report.ends_with_crlf)
            #expect(report.subject == NoticeMail.subject(for: notice))
            #expect(report.subject.map { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } } == true)
            #expect(report.from == [.init(display_name: "Agenda alerts", addr_spec: "alerts@example.org")])
            #expect(report.to == [.init(display_name: "Jane Doe", addr_spec: "jane@example.org")])
            #expect(report.message_id == "<\(notice.id)@example.org>")
            #expect(report.in_reply_to == "<meeting.powys.\(notice.meeting.id.number)@example.org>")
            #expect(report.references == report.in_reply_to)
            #expect(report.notices == notice.id)
            #expect(report.date == "Sun, 29 Nov 2026 06:54:08 +0000")
            #expect(report.date_utc_offset_seconds == 0)
            #expect(report.content_type == "text/plain")
            #expect(report.charset == "utf-8")
            #expect(report.content_transfer_encoding == "quoted-printable")
            let body = try #require(report.body)
            // No injected text starts a line of its own, in the headers or in the body.
            #expect(!body.split(separator: "\n").contains { $0.hasPrefix("Bcc:") })
            #expect(!body.unicodeScalars.contains { $0 == "\r" || $0 == "\u{0}" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" })
            #expect(body.contains(notice.meeting.url))
            #expect(body.contains("Unsubscribe: https://alerts.example.org/u/tok123"))
            #expect(body.contains("subscription \"jane\""))
            for change in notice.changes where change.kind == .documentAdded {
                #expect(body.contains("\n  \(change.url!)\n"))
            }
        }
    }

    @Test func subjectsDecodeToTheSanitisedText() async throws {
        let settings = try MailFixtures.settings()
        let notices = [MailFixtures.injected, MailFixtures.welshAndControls, MailFixtures.enormous, MailFixtures.plain]
        let reports = try await spoolAndCheck(notices.map { NoticeMail.message(for: $0, settings: settings, date: MailFixtures.date) })
        func subject(_ notice: Notice) -> String? { reports["\(notice.id).agenda-sync"]?.subject }

        #expect(subject(notices[0]) == "Budget Bcc: victim@example.com, Thu 3 Dec 2026: "
            + "New meeting: Budget Bcc: victim@example.com - Thursday, 3 December 2026; 1 new item, 1 document added")
        // Cut at 200 characters, at a word.
        #expect(subject(notices[1]) == "Pwyllgor Cynllunio – Ystradgynlais ŵ ŷ, Thu 3 Dec 2026: Venue changed to "
            + "Neuadd y Dref Ystradgynlais; Item 7: document added (Adroddiad ŵ ŷ 📅🏛️ Cyllideb Bcc: x@example.com), "
            + "retitled (Cynllun…")
        let long = try #require(subject(notices[2]))
        #expect(long.count <= NoticeMail.maxSubjectLength)
        #expect(long.hasPrefix("Long title Long title"))
        #expect(long.hasSuffix("…"))
        #expect(subject(notices[3]) == "Cabinet, Thu 3 Dec 2026: Agenda published; Item 5: document added (Appendix B - Budget)")
    }

    @Test func bodyListsEveryChangeAndTheMeeting() async throws {
        let settings = try MailFixtures.settings()
        let notice = MailFixtures.welshAndControls
        let reports = try await spoolAndCheck([NoticeMail.message(for: notice, settings: settings, date: MailFixtures.date)])
        let body = try #require(reports["\(notice.id).agenda-sync"]?.body)
        let expected = """
            What changed (version 2):
            - Venue changed: "Siambr Y Cyngor" → "Neuadd y Dref Ystradgynlais"
            - Document added to item 7: Adroddiad ŵ ŷ 📅🏛️ Cyllideb Bcc: x@example.com
              https://powys.moderngov.co.uk/documents/s1003/Report.pdf
            - Item 7 retitled: "Cynllun Datblygu" → "Cynllun Datblygu Lleol – Caffi ☕"

            Meeting:   Pwyllgor Cynllunio – Ystradgynlais ŵ ŷ - Dydd Iau, 3 Rhagfyr 2026
            Committee: Pwyllgor Cynllunio – Ystradgynlais ŵ ŷ
            Council:   Cyngor Sir Powys County Council
            When:      Thu 3 Dec 2026, 10:00
            Venue:     Neuadd y Dref Ystradgynlais
            Status:    Confirmed
            Page:      https://powys.moderngov.co.uk/ieListDocuments.aspx?CId=130&MId=7002

            --\u{20}
            You receive this email because your agenda-sync subscription "jane"
            matched changes to this meeting.
            Unsubscribe: https://alerts.example.org/u/tok123
            Notice \(notice.id)

            """
        #expect(body.hasSuffix(expected), "\(body)")
        #expect(body.hasPrefix(notice.summary + "\n\nWhat changed (version 2):\n"))
    }
}

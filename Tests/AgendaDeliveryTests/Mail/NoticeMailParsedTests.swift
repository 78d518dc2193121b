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
        let folder = try MailFixtures.temporaryFolder("parsed")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
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
            #expect(report.subject?.contains("\u{FFFD}") == false)
            #expect(report.from == [.init(display_name: "Agenda alerts", addr_spec: "alerts@example.org")])
            #expect(report.to == [.init(display_name: "Jane Doe", addr_spec: "jane@example.org")])
            #expect(report.message_id == "<\(notice.id)@example.org>")
            #expect(report.in_reply_to == "<meeting.powys.\(notice.meeting.id.number)@example.org>")
            #expect(report.references == report.in_reply_to)
            #expect(report.notices == notice.id)
            #expect(report.date == "Sun, 29 Nov 2026 06:54:08 +0000")
            #expect(report.date_utc_offset_seconds == 0)
            #expect(report.content_type == "multipart/alternative")
            #expect(report.content_transfer_encoding == "7bit")
            #expect(report.parts.map(\.type) == ["multipart/alternative", "text/plain", "text/html"])
            #expect(report.parts.dropFirst().allSatisfy { $0.charset == "utf-8" && $0.encoding == "quoted-printable" })
            #expect(report.parts.allSatisfy { $0.defects.isEmpty })
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

    @Test func aDocumentOnAnotherSiteIsNamedAsSuch() async throws {
        let settings = try MailFixtures.settings()
        let notice = MailFixtures.notice(MailFixtures.meeting(), changes: [
            Change(kind: .documentAdded, item: "5", title: "Plans", url: "https://planning.example.org/26/Plans.pdf", external: true),
            Change(kind: .documentAdded, item: "5", title: "Report", url: MailFixtures.documentURL(11)),
        ])
        let reports = try await spoolAndCheck([NoticeMail.message(for: notice, settings: settings, date: MailFixtures.date)])
        let body = try #require(reports["\(notice.id).agenda-sync"]?.body)
        #expect(body.contains("""
            - Document added to item 5: Plans
              https://planning.example.org/26/Plans.pdf
              (on another web site: planning.example.org)
            - Document added to item 5: Report
              \(MailFixtures.documentURL(11))

            Meeting:
            """), "\(body)")
        #expect(body.components(separatedBy: "on another web site").count == 2)
    }

    @Test func longAndEmojiTitlesAreCutInTheBodyAndListed() async throws {
        let settings = try MailFixtures.settings(unsubscribe: nil)
        let notices = [MailFixtures.enormous, MailFixtures.emoji]
        let reports = try await spoolAndCheck(notices.map { NoticeMail.message(for: $0, settings: settings, date: MailFixtures.date) })
        let enormous = try #require(reports["\(notices[0].id).agenda-sync"])
        #expect(enormous.headers == Self.noticeHeaders.filter { !$0.hasPrefix("List-") })
        let body = try #require(enormous.body)
        let cutTitle = String(repeating: "ŵ", count: 299) + "…"
        #expect(body.contains("\n- Document added to item 9: \(cutTitle)\n  \(MailFixtures.documentURL(1004))\n"))
        #expect(body.contains("\n- Meeting rescheduled: Tue 1 Dec 2026, 14:00 → Thu 3 Dec 2026, 10:00\n"))
        #expect(body.split(separator: "\n").allSatisfy { $0.count <= 340 })
        #expect(!body.contains("Unsubscribe"))

        let emoji = try #require(reports["\(notices[1].id).agenda-sync"])
        #expect(emoji.subject == "🏛️ 👩‍👩‍👧‍👦 Council 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉: Minutes published; Item 3: minutes changed")
        let emojiBody = try #require(emoji.body)
        #expect(emojiBody.contains("\n- Minutes published\n- Minutes of item 3 changed: \"Old minutes\" → \"New minutes 🎉\"\n"))
        #expect(!emojiBody.contains("When:"))
        #expect(!emojiBody.contains("Venue:"))
    }

    @Test func displayNamesRoundTrip() async throws {
        let cases: [(from: String, name: String)] = [
            ("Agenda alerts <alerts@example.org>", "Agenda alerts"),
            ("\"Doe, Jane (Cllr.)\" <alerts@example.org>", "Doe, Jane (Cllr.)"),
            ("\"Say \\\"hi\\\"\" <alerts@example.org>", "Say \"hi\""),
            ("Rhybuddion Agenda – Cyngor Sir Powys ŵ ŷ <alerts@example.org>", "Rhybuddion Agenda – Cyngor Sir Powys ŵ ŷ"),
            (String(repeating: "Hysbysiadau ", count: 12) + "<alerts@example.org>",
             String(repeating: "Hysbysiadau ", count: 12).trimmingCharacters(in: .whitespaces)),
            ("alerts@example.org", ""),
        ]
        var messages: [MailMessage] = []
        for (index, entry) in cases.enumerated() {
            let settings = try MailSettings(subscriptionID: "s\(index)", from: entry.from, to: "Siân <sian@example.org>")
            let notice = MailFixtures.notice(MailFixtures.meeting(), changes: [Change(kind: .agendaPublished)], subscription: "s\(index)")
            messages.append(NoticeMail.message(for: notice, settings: settings, date: MailFixtures.date))
        }
        let reports = try await spoolAndCheck(messages)
        for (entry, message) in zip(cases, messages) {
            let report = try #require(reports[message.fileName])
            #expect(report.defects == [] && report.header_defects == [:], "\(entry.from): \(report.raw_headers)")
            #expect(report.from == [.init(display_name: entry.name, addr_spec: "alerts@example.org")])
            #expect(report.to == [.init(display_name: "Siân", addr_spec: "sian@example.org")])
            #expect(report.max_header_line <= 78)
        }
    }

    @Test func linesStartingWithADotOrFromAreEncoded() async throws {
        let meetings = [MailFixtures.meeting(number: 1, title: "."), MailFixtures.meeting(number: 2, title: "From the Leader")]
        let notices = meetings.map { MailFixtures.notice($0, changes: [Change(kind: .agendaPublished)]) }
        let digest = NoticeMail.digest(notices: notices, period: .hourly, settings: try MailFixtures.settings(), date: MailFixtures.date)
        let raw = String(decoding: digest.bytes, as: UTF8.self)
        #expect(raw.contains("\r\n=2E\r\n"))
        #expect(raw.contains("\r\n=46rom the Leader\r\n"))
        #expect(!raw.contains("\r\n.") && !raw.contains("\r\nFrom "))
        let body = try #require(try await spoolAndCheck([digest])[digest.fileName]?.body)
        #expect(body.contains("\n.\n---\n"))
        #expect(body.contains("\nFrom the Leader\n"))
    }

    /// The oracle has teeth: a message with the faults these tests look for is reported as faulty.
    @Test func theCheckerReportsABrokenMessage() async throws {
        let folder = try MailFixtures.temporaryFolder("oracle")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let broken = "Date: Sun, 29 Nov 2026 06:54:08 -0000\r\nFrom: Jane Doe jane@example.org\r\n"
            + "Subject: Budget\nBcc: victim@example.com\r\nMessage-ID: <a@example.org>\r\n\r\nbody\r\n"
        _ = FileManager.default.createFile(atPath: spool.path + "/new/broken", contents: Data(broken.utf8))
        let report = try #require(try await MailCheckScript.check(spool: spool.path)["broken"])
        #expect(report.headers.contains("Bcc"))
        #expect(report.header_defects["From"]?.isEmpty == false)
        #expect(report.date_utc_offset_seconds == nil)
        #expect(report.bare_cr_or_lf == 1)
    }
}

import AgendaDelivery
import AgendaModel
import Foundation
import Testing

/// The header block of a message, read back in Swift: raw lines and unfolded fields.
struct MailHeaderBlock {
    let lines: [String]

    init(_ message: MailMessage) {
        let text = String(decoding: message.bytes, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        lines = head.components(separatedBy: "\r\n")
    }

    /// Fields in order, continuation lines joined to their field.
    var fields: [(name: String, value: String)] {
        var fields: [(String, String)] = []
        for line in lines {
            if line.hasPrefix(" "), !fields.isEmpty {
                fields[fields.count - 1].1 += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return fields
    }

    var names: [String] { fields.map(\.name) }

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every `=?UTF-8?Q?…?=` word in the block.
    var encodedWords: [String] {
        lines.flatMap { line in
            line.split(separator: " ").filter { $0.hasPrefix("=?") && $0.hasSuffix("?=") }.map(String.init)
        }
    }
}

@Suite("Notice mail headers")
struct NoticeMailHeaderTests {
    @Test func dateIsUTCWithPlusZeroNeverMinusZero() throws {
        let settings = try MailFixtures.settings()
        let cases: [(Double, String)] = [
            (1_795_935_248.9, "Sun, 29 Nov 2026 06:54:08 +0000"),
            (0, "Thu, 1 Jan 1970 00:00:00 +0000"),
            (1_835_481_599, "Tue, 29 Feb 2028 23:59:59 +0000"),
            (946_598_405, "Fri, 31 Dec 1999 00:00:05 +0000"),
        ]
        for (seconds, expected) in cases {
            let message = NoticeMail.message(for: MailFixtures.plain, settings: settings, date: Date(timeIntervalSince1970: seconds))
            #expect(MailHeaderBlock(message).value("Date") == expected)
        }
    }

    @Test func idsNamesAndEnvelopeComeFromTheNoticeAndSettings() throws {
        let notice = MailFixtures.plain
        let message = NoticeMail.message(for: notice, settings: try MailFixtures.settings(), date: MailFixtures.date)
        #expect(notice.id.hasPrefix("ntc_"))
        #expect(message.messageID == "\(notice.id)@example.org")
        #expect(message.fileName == "\(notice.id).agenda-sync")
        #expect(message.envelopeFrom == "alerts@example.org")
        #expect(message.envelopeTo == ["jane@example.org"])
        #expect(message.noticeIDs == [notice.id])
        let headers = MailHeaderBlock(message)
        #expect(headers.value("Message-ID") == "<\(notice.id)@example.org>")
        #expect(headers.value("In-Reply-To") == "<meeting.powys.7892@example.org>")
        #expect(headers.value("References") == "<meeting.powys.7892@example.org>")
        #expect(headers.value("X-Agenda-Sync-Notices") == notice.id)
        #expect(headers.value("Auto-Submitted") == "auto-generated")
    }

    @Test func theSameNoticeAlwaysGivesTheSameBytes() throws {
        let settings = try MailFixtures.settings()
        let first = NoticeMail.message(for: MailFixtures.welshAndControls, settings: settings, date: MailFixtures.date)
        let second = NoticeMail.message(for: MailFixtures.welshAndControls, settings: settings, date: MailFixtures.date)
        #expect(first == second)
    }

    @Test func everyNoticeOfAMeetingRefersToTheSameThread() throws {
        let settings = try MailFixtures.settings()
        let meeting = MailFixtures.meeting()
        let first = MailFixtures.notice(meeting, version: 1, changes: [Change(kind: .meetingNew, title: meeting.title)])
        let second = MailFixtures.notice(meeting, version: 2, changes: [Change(kind: .agendaPublished)])
        let headers = [first, second].map { MailHeaderBlock(NoticeMail.message(for: $0, settings: settings, date: MailFixtures.date)) }
        #expect(headers[0].value("References") == headers[1].value("References"))
        #expect(headers[0].value("Message-ID") != headers[1].value("Message-ID"))
    }

    @Test(arguments: [
        (nil, nil, nil),
        ("https://alerts.example.org/u/tok", "<https://alerts.example.org/u/tok>", "List-Unsubscribe=One-Click"),
        ("http://alerts.example.org/u/tok", "<http://alerts.example.org/u/tok>", nil),
        ("mailto:unsubscribe@example.org?subject=tok", "<mailto:unsubscribe@example.org?subject=tok>", nil),
    ] as [(String?, String?, String?)])
    func listUnsubscribeOnlyWhenConfiguredAndOneClickOnlyForHTTPS(url: String?, header: String?, post: String?) throws {
        let settings = try MailFixtures.settings(unsubscribe: url)
        for message in [NoticeMail.message(for: MailFixtures.plain, settings: settings, date: MailFixtures.date),
                        NoticeMail.digest(notices: [MailFixtures.plain], period: .daily, settings: settings, date: MailFixtures.date)] {
            let headers = MailHeaderBlock(message)
            #expect(headers.value("List-Unsubscribe") == header)
            #expect(headers.value("List-Unsubscribe-Post") == post)
            #expect(headers.names.last == "X-Agenda-Sync-Notices")
            let body = String(decoding: message.bytes, as: UTF8.self)
            #expect(body.contains("Unsubscribe: ") == (url != nil))
        }
    }

    @Test func encodedWordsAreShortAndNeverSplitACharacter() throws {
        let settings = try MailFixtures.settings()
        for notice in MailFixtures.hostile {
            let headers = MailHeaderBlock(NoticeMail.message(for: notice, settings: settings, date: MailFixtures.date))
            #expect(headers.lines.allSatisfy { $0.utf8.count <= 78 }, "\(headers.lines)")
            #expect(headers.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } })
            for word in headers.encodedWords {
                #expect(word.utf8.count <= 75)
                let payload = word.dropFirst("=?UTF-8?Q?".count).dropLast(2)
                #expect(String(validating: Self.qDecoded(payload), as: UTF8.self) != nil, "\(word) splits a UTF-8 sequence")
            }
        }
    }

    @Test func plainASCIISubjectsStayReadableAndFoldAtSpaces() throws {
        let meeting = MailFixtures.meeting(committee: "Children and Families Overview and Scrutiny Committee")
        let notice = MailFixtures.notice(meeting, changes: [
            Change(kind: .agendaPublished), Change(kind: .minutesPublished),
            Change(kind: .documentAdded, item: "24", title: "Appendix B - School places planning", url: MailFixtures.documentURL(5)),
        ])
        let headers = MailHeaderBlock(NoticeMail.message(for: notice, settings: try MailFixtures.settings(), date: MailFixtures.date))
        #expect(headers.encodedWords.isEmpty)
        let subject = headers.lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subject.count > 1)
        #expect(subject.allSatisfy { $0.utf8.count <= 78 })
        #expect(headers.value("Subject") == NoticeMail.subject(for: notice))
    }

    @Test func digestSubjectsCountTheUpdates() {
        #expect(NoticeMail.digestSubject(count: 7, period: .daily, date: MailFixtures.date)
            == "Council meetings digest: 7 updates (29 Nov 2026)")
        #expect(NoticeMail.digestSubject(count: 1, period: .hourly, date: MailFixtures.date)
            == "Council meetings digest: 1 update (29 Nov 2026 06:00 UTC)")
    }

    /// RFC 2047 Q decoding of one encoded-word's text.
    static func qDecoded(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "=", let end = text.index(index, offsetBy: 3, limitedBy: text.endIndex),
               let byte = UInt8(text[text.index(after: index)..<end], radix: 16) {
                bytes.append(byte)
                index = end
            } else {
                bytes += character == "_" ? [0x20] : Array(String(character).utf8)
                index = text.index(after: index)
            }
        }
        return bytes
    }
}

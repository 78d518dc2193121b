@testable import AgendaDelivery
import Foundation
import Testing
import TestSupport

@Suite struct SMTPSettingsTests {
    @Test func smtpsMeansImplicitTLSAndSMTPDefaultsToRequiredSTARTTLS() throws {
        let secure = try SMTPSettings(url: "SMTPS://Mail.Example.org")
        #expect(secure.scheme == "smtps" && secure.host == "mail.example.org" && secure.port == 465)
        #expect(secure.tls == .implicit)

        let submission = try SMTPSettings(url: "smtp://mail.example.org:587/")
        #expect(submission.port == 587 && submission.tls == .startTLS)
        #expect(try SMTPSettings(url: "smtp://localhost").port == 25)
        #expect(submission.timeout == .seconds(60))

        let literal = try SMTPSettings(url: "smtp://[::1]:2525", tls: SMTPTLSMode.none, heloName: "agenda.example.org")
        #expect(literal.host == "::1" && literal.port == 2525)
        #expect(literal.curlURL == "smtp://[::1]:2525/agenda.example.org")
        #expect(literal.displayURL == "smtp://[::1]:2525")
    }

    @Test(arguments: [
        ("ftp://mail.example.org:21", "the scheme must be smtp or smtps, not \"ftp\""),
        ("https://mail.example.org", "the scheme must be smtp or smtps, not \"https\""),
        ("mail.example.org:25", "expected smtp://host:port or smtps://host:port"),
        ("smtp://user:secret@mail.example.org", "no user name or password in the URL; put them in the auth file"),
        ("smtp://mail.example.org/helo", "no path, query or fragment is allowed (set the EHLO name separately)"),
        ("smtp://mail.example.org:0", "the port must be a number from 1 to 65535"),
        ("smtp://mail.example.org:70000", "the port must be a number from 1 to 65535"),
        ("smtp://mail.example.org:+25", "the port must be a number from 1 to 65535"),
        ("smtp://:25", "the host is empty"),
        ("smtp://mail_example.org", "the host may hold only letters, digits, '-' and '.'"),
        ("smtp://mail example.org", "the host and port must be printable ASCII without spaces"),
        ("smtp://[::1", "unclosed [ in an IPv6 host"),
    ])
    func aBadURLIsAClearError(url: String, reason: String) {
        #expect(throws: SMTPSettingsError.invalidURL(url: url, reason: reason)) {
            try SMTPSettings(url: url)
        }
        let error = try? #require(throws: SMTPSettingsError.self) { try SMTPSettings(url: url) }
        #expect(error?.description == "invalid SMTP relay URL \(String(reflecting: url)): \(reason)")
    }

    @Test func theTLSModeMustFitTheScheme() {
        #expect(throws: SMTPSettingsError.self) { try SMTPSettings(url: "smtps://mail.example.org", tls: .startTLS) }
        #expect(throws: SMTPSettingsError.self) { try SMTPSettings(url: "smtp://mail.example.org", tls: .implicit) }
        #expect(throws: Never.self) { try SMTPSettings(url: "smtp://mail.example.org", tls: .opportunistic) }
    }

    @Test func credentialsNeverGoInClearTextBeyondLoopback() throws {
        let credentials = SMTPCredentials(username: "agenda", password: "s3cret")
        #expect(throws: SMTPSettingsError.cleartextCredentials(host: "mail.example.org", tls: SMTPTLSMode.none)) {
            try SMTPSettings(url: "smtp://mail.example.org", tls: SMTPTLSMode.none, credentials: credentials)
        }
        #expect(throws: SMTPSettingsError.self) {
            try SMTPSettings(url: "smtp://mail.example.org", tls: .opportunistic, credentials: credentials)
        }
        #expect(try SMTPSettings(url: "smtp://mail.example.org", credentials: credentials).credentials == credentials)
        #expect(try SMTPSettings(url: "smtp://127.0.0.1:2525", tls: SMTPTLSMode.none, credentials: credentials)
            .credentials == credentials)
    }

    @Test("loopback is the address classifier's: every spelling of 127/8 and ::1, not a \"127.\" prefix")
    func cleartextCredentialsToEveryLoopbackSpelling() throws {
        let credentials = SMTPCredentials(username: "agenda", password: "s3cret")
        for host in ["127.0.0.1", "127.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]", "localhost"] {
            #expect(try SMTPSettings(url: "smtp://\(host):2525", tls: SMTPTLSMode.none, credentials: credentials)
                .credentials == credentials, "\(host)")
        }
        for host in ["10.0.0.1", "192.168.1.1", "127.0.0.1.example.org", "[fd00::1]"] {
            #expect(throws: SMTPSettingsError.self, "\(host)") {
                try SMTPSettings(url: "smtp://\(host):2525", tls: SMTPTLSMode.none, credentials: credentials)
            }
        }
    }

    @Test func otherSettingsAreChecked() {
        #expect {
            try SMTPSettings(url: "smtps://mail.example.org", caFile: "/nonexistent/ca.pem")
        } throws: { "\($0)" == "SMTP CA file /nonexistent/ca.pem: No such file or directory" }
        #expect(throws: SMTPSettingsError.self) { try SMTPSettings(url: "smtp://h", timeout: .zero) }
        #expect(throws: SMTPSettingsError.invalidHeloName("bad/name")) {
            try SMTPSettings(url: "smtp://h", heloName: "bad/name")
        }
        #expect(throws: Never.self) { try SMTPSettings(url: "smtp://h", heloName: "[192.0.2.1]") }
        #expect((try? SMTPSettings(url: "smtp://h", timeout: .seconds(5)))?.connectTimeout == .seconds(5))
    }
}

@Suite struct SMTPCredentialsTests {
    let folder: String

    init() throws { folder = try makeTemporaryFolder("smtp-auth") }

    @Test func theUserNameIsOnLineOneAndThePasswordOnLineTwo() throws {
        let path = try writeFile("agenda@example.org\npass: with spaces & colons\n", in: folder, name: "auth")
        let credentials = try SMTPCredentials.load(path: path)
        #expect(credentials.username == "agenda@example.org")
        #expect(credentials.password == "pass: with spaces & colons")
        #expect(!"\(credentials)".contains("colons"))

        let crlf = try writeFile("agenda\r\nsecret", in: folder, name: "auth-crlf", mode: 0o640)
        #expect(try SMTPCredentials.load(path: crlf) == SMTPCredentials(username: "agenda", password: "secret"))
    }

    @Test(arguments: [
        ("", "empty; expected the user name on line 1 and the password on line 2"),
        ("agenda:secret\n", "no password on line 2 (the file holds the user name on line 1 and the password on line 2)"),
        ("agenda\nsecret\nextra\n", "3 lines; expected exactly the user name on line 1 and the password on line 2"),
        ("\nsecret\n", "the user name on line 1 is empty"),
        ("agenda\n\n", "the password on line 2 is empty"),
    ])
    func aMalformedFileIsAClearError(text: String, reason: String) throws {
        let path = try writeFile(text, in: folder, name: "auth")
        #expect(throws: SMTPSettingsError.authFile(path: path, reason: reason)) { try SMTPCredentials.load(path: path) }
    }

    @Test func aMissingUnreadableOrWorldReadableFileIsAClearError() throws {
        #expect {
            try SMTPCredentials.load(path: folder + "/missing")
        } throws: { "\($0)" == "SMTP auth file \(folder)/missing: No such file or directory" }

        let open = try writeFile("agenda\nsecret\n", in: folder, name: "open", mode: 0o644)
        #expect(throws: SMTPSettingsError.authFile(path: open, reason: "readable by every user (mode 644); chmod o-r it")) {
            try SMTPCredentials.load(path: open)
        }
        #expect(throws: SMTPSettingsError.authFile(path: folder, reason: "not a regular file")) {
            try SMTPCredentials.load(path: folder)
        }
        let big = try writeFile(String(repeating: "x", count: 5000), in: folder, name: "big")
        #expect(throws: SMTPSettingsError.self) { try SMTPCredentials.load(path: big) }
    }
}

@Suite struct SMTPEnvelopeTests {
    func parse(_ header: String) throws -> SMTPEnvelope {
        try SMTPEnvelope.parse(message: Array((header + "\r\n\r\nTo: body@example.org\r\n").utf8))
    }

    @Test func readsTheComposersHeaders() throws {
        let envelope = try SMTPEnvelope.parse(message: testMessage(id: "ntc_1"))
        #expect(envelope == SMTPEnvelope(from: "alerts@example.org", to: ["jane@example.org"],
                                         messageID: "<ntc_1@example.org>"))
    }

    @Test func unfoldsAndUnderstandsDisplayNamesQuotesCommentsAndGroups() throws {
        let envelope = try parse("""
            FROM: "Alerts, Agenda" <alerts@example.org>\r
            To: "Doe, Jane" <jane@example.org>,\r
            \tbob@example.org (Bob, in a comment),\r
             =?UTF-8?Q?Caf=C3=A9?= <cafe@example.org>\r
            cc: Committee: amy@example.org, <@route.example:zed@example.org>;, JANE@example.org\r
            Message-ID:\r
              <folded@example.org>
            """)
        #expect(envelope.from == "alerts@example.org")
        #expect(envelope.to == ["jane@example.org", "bob@example.org", "cafe@example.org", "amy@example.org",
                                "zed@example.org"])
        #expect(envelope.messageID == "<folded@example.org>")
    }

    @Test func senderWinsOverFromAndBareAddressesWork() throws {
        let envelope = try parse("From: a@example.org, b@example.org\r\nSender: bounce@example.org\r\nTo: c@example.org")
        #expect(envelope.from == "bounce@example.org" && envelope.to == ["c@example.org"])
    }

    @Test func aMessageWithoutAUsableEnvelopeIsAClearError() {
        #expect(throws: SMTPEnvelopeError.missingFrom) { try parse("To: jane@example.org") }
        #expect(throws: SMTPEnvelopeError.noSenderAddress) { try parse("From: (nobody)\r\nTo: jane@example.org") }
        #expect {
            try parse("From: Agenda alerts\r\nTo: jane@example.org")
        } throws: {
            "\($0)" == "From: address \"Agenda alerts\" holds spaces, control or non-ASCII characters (SMTPUTF8 is not supported)"
        }
        #expect(throws: SMTPEnvelopeError.noRecipient) { try parse("From: alerts@example.org\r\nSubject: x") }
        #expect(throws: SMTPEnvelopeError.noRecipient) { try parse("From: alerts@example.org\r\nTo: undisclosed-recipients:;") }
        #expect {
            try parse("From: alerts@example.org\r\nTo: Jöns <jöns@example.org>")
        } throws: {
            "\($0)" == "To: address \"jöns@example.org\" holds spaces, control or non-ASCII characters (SMTPUTF8 is not supported)"
        }
        #expect(throws: SMTPEnvelopeError.self) { try parse("From: alerts@example.org\r\nTo: jane") }
    }

    @Test func bareLineFeedsBecomeCRLFAndCRLFStays() {
        #expect(MailRelay.crlfLineEndings(Array("a\nb\r\nc\n".utf8)) == Array("a\r\nb\r\nc\r\n".utf8))
        let crlf = testMessage(id: "x")
        #expect(MailRelay.crlfLineEndings(crlf) == crlf)
    }
}

@Suite struct SMTPSessionLogTests {
    func feed(_ log: SMTPSessionLog, sent: String? = nil, received: String) {
        if let sent { Array(sent.utf8).withUnsafeBytes { log.sent($0) } }
        Array(received.utf8).withUnsafeBytes { log.received($0) }
    }

    @Test func repliesAreJoinedAndTaggedWithTheirCommand() {
        let log = SMTPSessionLog()
        feed(log, received: "220 relay.test ESMTP\r\n")
        feed(log, sent: "EHLO me\r\n", received: "250-relay.test\r\n250-SIZE 100\r\n250 HELP\r\n")
        feed(log, sent: "AUTH PLAIN c2VjcmV0\r\n", received: "334 \r\n")
        feed(log, sent: "c2VjcmV0\r\n", received: "235 2.7.0 ok\r\n")
        feed(log, sent: "RCPT TO:<a@b>\r\n", received: "550-5.1.1 mailbox\r\n550 5.1.1 unavailable\r\n")
        #expect(log.replies.map(\.stage) == [.greeting, .ehlo, .auth, .auth, .rcpt])
        #expect(log.replies.last?.text == "550 5.1.1 mailbox 5.1.1 unavailable")
        feed(log, sent: "DATA\r\n", received: "354 go\r\n")
        feed(log, received: "250 2.0.0 queued\r\n")
        feed(log, sent: "QUIT\r\n", received: "221 bye\r\n")
        #expect(log.endOfDataReply?.text == "250 2.0.0 queued")
        #expect(log.decisiveReply?.stage == .endOfData)
    }

    @Test func aReplySplitAcrossCallsIsReassembled() {
        let log = SMTPSessionLog()
        feed(log, received: "220 rel")
        feed(log, received: "ay.test\r\n")
        #expect(log.replies == [SMTPSessionLog.Reply(code: 220, stage: .greeting, text: "220 relay.test")])
    }

    @Test func fiveHundredsAboutTheSessionAreTemporaryAndAboutTheMessagePermanent() {
        func classify(_ stage: String?, _ reply: String) -> SMTPResult {
            let log = SMTPSessionLog()
            feed(log, received: "220 hi\r\n")
            if let stage { feed(log, sent: stage + "\r\n", received: reply + "\r\n") }
            return SMTPOutcome.classify(curlSucceeded: false, curlCode: 55, curlMessage: "failed", log: log,
                                        cancelled: false, relay: "smtp://h:25")
        }
        #expect(classify("MAIL FROM:<a@b>", "550 no") == .permanent(code: 550, reply: "550 no (reply to MAIL FROM)"))
        #expect(classify("MAIL FROM:<a@b>", "530 auth first") == .temporary(code: 530, reply: "530 auth first (reply to MAIL FROM)"))
        #expect(classify("AUTH PLAIN x", "535 bad") == .temporary(code: 535, reply: "535 bad (reply to AUTH)"))
        #expect(classify("RCPT TO:<a@b>", "452 full") == .temporary(code: 452, reply: "452 full (reply to RCPT TO)"))
        #expect(classify(nil, "") == .temporary(code: nil,
            reply: "the session with smtp://h:25 failed at greeting (last reply \"220 hi\"): failed (curl error 55)"))
    }
}

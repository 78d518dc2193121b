import AgendaDelivery
import Foundation
import Testing
import TestSupport

/// SMTPSender against the aiosmtpd server in Scripts/smtp_server.py on 127.0.0.1.
@Suite struct SMTPSenderTests {
    func sender(_ url: String, timeout: Duration = .seconds(30), credentials: SMTPCredentials? = nil) throws -> SMTPSender {
        SMTPSender(settings: try SMTPSettings(url: url, tls: SMTPTLSMode.none, credentials: credentials, timeout: timeout))
    }

    @Test func anAcceptedMessageArrivesByteForByteWithItsEnvelope() async throws {
        let server = try await SMTPTestServer()
        let message = testMessage(id: "ntc_sent")
        let result = try await sender(server.url).send(
            message: message, from: "alerts@example.org", to: ["jane@example.org", "bob@example.org"])
        #expect(result == .sent(reply: "250 2.0.0 OK: queued as 0001.eml"))
        #expect(result.code == 250)
        // Lines starting with "." (and one that is only ".") arrive intact: libcurl dot-stuffs.
        #expect(try server.messages() == [message])
        let log = try server.messageLog()
        #expect(log.count == 1)
        #expect(log.first?["mail_from"] as? String == "alerts@example.org")
        #expect(log.first?["rcpt_tos"] as? [String] == ["jane@example.org", "bob@example.org"])
        #expect(log.first?["message_id"] as? String == "<ntc_sent@example.org>")
    }

    @Test func theEHLONameIsTheConfiguredOneElseTheHostName() async throws {
        let server = try await SMTPTestServer()
        let named = try SMTPSettings(url: server.url, tls: SMTPTLSMode.none, heloName: "agenda.example.org")
        _ = await SMTPSender(settings: named).send(message: testMessage(id: "h1"), from: "alerts@example.org", to: ["jane@example.org"])
        _ = try await sender(server.url).send(message: testMessage(id: "h2"), from: "alerts@example.org", to: ["jane@example.org"])
        let names = try server.messageLog().map { $0["helo"] as? String }
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(names == ["agenda.example.org", host])   // libcurl's default: gethostname()
    }

    @Test func aMessageWithoutAFinalCRLFGetsOneAndNothingElseChanges() async throws {
        let server = try await SMTPTestServer()
        let message = Array(testMessage(id: "ntc_nocrlf").dropLast(2))
        let result = try await sender(server.url).send(message: message, from: "alerts@example.org", to: ["jane@example.org"])
        #expect(result.code == 250)
        #expect(try server.messages() == [message + Array("\r\n".utf8)])
    }

    @Test func fourHundredsAreTemporaryWithTheServersText() async throws {
        let server = try await SMTPTestServer(mode: "tempfail:1")
        let smtp = try sender(server.url)
        let first = await smtp.send(message: testMessage(id: "t"), from: "alerts@example.org", to: ["jane@example.org"])
        #expect(first == .temporary(code: 451, reply: "451 4.3.0 try again later (reply to end of data)"))
        let second = await smtp.send(message: testMessage(id: "t"), from: "alerts@example.org", to: ["jane@example.org"])
        #expect(second.code == 250)
        #expect(try server.messages().count == 1)
    }

    @Test(arguments: [("reject", "RCPT TO"), ("reject-data", "end of data")])
    func fiveHundredsArePermanentWithTheServersText(mode: String, stage: String) async throws {
        let server = try await SMTPTestServer(mode: mode)
        let result = try await sender(server.url).send(
            message: testMessage(id: "r"), from: "alerts@example.org", to: ["jane@example.org"])
        #expect(result == .permanent(code: 550, reply: "550 5.1.1 mailbox unavailable (reply to \(stage))"))
        #expect(try server.messages().isEmpty)
    }

    @Test func aConnectionDroppedBeforeTheReplyIsTemporary() async throws {
        let server = try await SMTPTestServer(mode: "drop:1")
        let result = try await sender(server.url).send(
            message: testMessage(id: "d"), from: "alerts@example.org", to: ["jane@example.org"])
        guard case .temporary(nil, let reply) = result else {
            Issue.record("expected a temporary failure without a code, got \(result)")
            return
        }
        #expect(reply.hasPrefix("the session with \(server.url) failed at end of data"))
        #expect(try server.messages().isEmpty)
        #expect(try server.events().map { $0["event"] as? String } == ["drop"])
    }

    @Test func aRefusedConnectionIsTemporaryAndSaysSo() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        let result = try await sender("smtp://127.0.0.1:\(port)").send(
            message: testMessage(id: "x"), from: "alerts@example.org", to: ["jane@example.org"])
        guard case .temporary(nil, let reply) = result else {
            Issue.record("expected a temporary failure, got \(result)")
            return
        }
        #expect(reply.hasPrefix("could not reach the relay smtp://127.0.0.1:\(port): "))
        #expect(reply.contains("Couldn't connect to server") || reply.contains("Connection refused"))
        #expect(reply.hasSuffix("(curl error 7)"))
    }

    @Test func aRelayThatNeverGreetsTimesOutPromptly() async throws {
        let listener = try SilentListener()
        // The relay never greets: only the 1 s timeout ends the session (curl error 28 below).
        let result = try await sender("smtp://127.0.0.1:\(listener.port)", timeout: .seconds(1)).send(
            message: testMessage(id: "x"), from: "alerts@example.org", to: ["jane@example.org"])
        guard case .temporary(nil, let reply) = result else {
            Issue.record("expected a temporary failure, got \(result)")
            return
        }
        #expect(reply.contains("(curl error 28)"))
        withExtendedLifetime(listener) {}
    }

    @Test func cancellingTheTaskEndsTheSession() async throws {
        let listener = try SilentListener()
        let smtp = try sender("smtp://127.0.0.1:\(listener.port)", timeout: .seconds(60))
        let task = Task {
            await smtp.send(message: testMessage(id: "x"), from: "alerts@example.org", to: ["jane@example.org"])
        }
        try await listener.waitForConnection()   // the session is under way
        // Not cancelled, the session would end by its 60 s timeout with another reply.
        task.cancel()
        let result = await task.value
        #expect(result.reply.hasPrefix("cancelled before the relay accepted the message"))
        withExtendedLifetime(listener) {}
    }

    @Test func credentialsFromTheAuthFileAreUsed() async throws {
        let server = try await SMTPTestServer(extra: ["--auth-user", "agenda", "--auth-pass", "pa ss:word"])
        let folder = try makeTemporaryFolder("smtp-auth")
        let credentials = try SMTPCredentials.load(path: try writeFile("agenda\npa ss:word\n", in: folder, name: "auth"))
        let result = try await sender(server.url, credentials: credentials).send(
            message: testMessage(id: "a"), from: "alerts@example.org", to: ["jane@example.org"])
        #expect(result.code == 250)
        #expect(try server.messageLog().first?["login"] as? String == "agenda")

        let wrong = try await sender(server.url, credentials: SMTPCredentials(username: "agenda", password: "nope")).send(
            message: testMessage(id: "b"), from: "alerts@example.org", to: ["jane@example.org"])
        // A refused login is a configuration problem: retry later, do not drop the message.
        #expect(wrong == .temporary(code: 535, reply: "535 5.7.8 Authentication credentials invalid (reply to AUTH)"))

        let none = try await sender(server.url).send(
            message: testMessage(id: "c"), from: "alerts@example.org", to: ["jane@example.org"])
        #expect(none.code == 530)
        #expect(try server.messages().count == 1)
    }

    @Test func anUnusableEnvelopeIsPermanentWithoutConnecting() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let smtp = try sender("smtp://127.0.0.1:\(refusing.port)")
        let message = testMessage(id: "x")
        #expect(await smtp.send(message: message, from: "alerts@example.org", to: [])
            == .permanent(code: nil, reply: "invalid envelope: no recipient"))
        #expect(await smtp.send(message: message, from: "alerts@example.org", to: ["jane@example.org>\r\nRSET"])
            == .permanent(code: nil, reply: "invalid envelope: address \"jane@example.org>\\r\\nRSET\" holds spaces, control or non-ASCII characters (SMTPUTF8 is not supported)"))
        #expect(await smtp.send(message: message, from: "Jane <jane@example.org>", to: ["a@example.org"]).code == nil)
    }
}

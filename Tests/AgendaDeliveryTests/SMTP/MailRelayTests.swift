import AgendaDelivery
import Foundation
import Testing
import TestSupport

/// MailRelay passes over hand-written Maildir spools, against the aiosmtpd server on 127.0.0.1.
@Suite struct MailRelayTests {
    let spool: TestSpool
    let journal = InMemoryRelayJournal()
    let clock = SteppingClock()

    init() throws { spool = try TestSpool() }

    func relay(_ url: String, spools: [String]? = nil, journal: (any RelayJournal)? = nil) throws -> MailRelay {
        let settings = try SMTPSettings(url: url, tls: SMTPTLSMode.none, timeout: .seconds(30))
        return MailRelay(spools: spools ?? [spool.path], sender: SMTPSender(settings: settings),
                         journal: journal ?? self.journal, now: clock.function)
    }

    @Test func aSentMessageArrivesIntactAndMovesToCur() async throws {
        let server = try await SMTPTestServer()
        let name = noticeName(1)
        let message = testMessage(id: "ntc_1")
        try spool.add(name, message)

        let report = try await relay(server.url).runPass()
        #expect(report.sent == 1 && report.deferred == 0 && report.failed == 0)
        #expect(try server.messages() == [message])
        let log = try #require(try server.messageLog().first)
        #expect(log["mail_from"] as? String == "alerts@example.org")
        #expect(log["rcpt_tos"] as? [String] == ["jane@example.org"])
        #expect(log["message_id"] as? String == "<ntc_1@example.org>")
        #expect(spool.files("new").isEmpty)
        #expect(spool.files("cur") == [name + ":2,S"])
        #expect(try spool.contents("cur", name + ":2,S") == message)

        let attempt = try #require(journal.attempts.first)
        #expect(journal.attempts.count == 1)
        #expect(attempt.spool == spool.path && attempt.file == name && attempt.messageID == "<ntc_1@example.org>")
        #expect(attempt.outcome == .sent && attempt.attempts == 1 && attempt.code == 250)
        #expect(attempt.reply == "250 2.0.0 OK: queued as 0001.eml")
        #expect(attempt.attemptedAt == clock.now && attempt.nextAttemptAt == nil)
        #expect(report.lines.map(\.description) == [
            "sent \(spool.path)/new/\(name) <ntc_1@example.org> to jane@example.org (attempt 1): 250 2.0.0 OK: queued as 0001.eml",
        ])

        let again = try await relay(server.url).runPass()
        #expect(again.lines.isEmpty && again.notDue == 0)
        #expect(try server.messages().count == 1)
    }

    @Test func temporaryFailuresBackOffThenTheMessageIsSentOnce() async throws {
        let server = try await SMTPTestServer(mode: "tempfail:3")
        let name = noticeName(2)
        try spool.add(name, testMessage(id: "ntc_2"))
        let relay = try relay(server.url)

        for (attempt, delay) in [(1, 60.0), (2, 300.0), (3, 900.0)] {
            let report = await relay.runPass()
            #expect(report.deferred == 1 && report.sent == 0)
            let line = try #require(report.lines.first)
            #expect(line.attempts == attempt && line.code == 451)
            #expect(line.reply == "451 4.3.0 try again later (reply to end of data)")
            #expect(line.nextAttemptAt == clock.now.addingTimeInterval(delay))
            #expect(spool.files("new") == [name])

            // Not yet due: the relay does not contact the server.
            clock.advance(seconds: delay - 1)
            let early = await relay.runPass()
            #expect(early.lines.isEmpty && early.notDue == 1)
            #expect(try server.events().count == attempt)
            clock.advance(seconds: 1)
        }

        let report = await relay.runPass()
        #expect(report.sent == 1)
        #expect(try server.messages().count == 1)
        #expect(try server.events().map { $0["event"] as? String } == ["tempfail", "tempfail", "tempfail", "accepted"])
        #expect(journal.attempts.map(\.outcome) == [.retry, .retry, .retry, .sent])
        #expect(journal.attempts.last?.attempts == 4)
        #expect(spool.files("cur") == [name + ":2,S"])
    }

    @Test func aRejectedMessageFailsAtOnceAndIsNeverRetried() async throws {
        let server = try await SMTPTestServer(mode: "reject")
        let name = noticeName(3)
        let message = testMessage(id: "ntc_3")
        try spool.add(name, message)
        let relay = try relay(server.url)

        let report = await relay.runPass()
        #expect(report.failed == 1)
        #expect(report.lines.first?.reply == "550 5.1.1 mailbox unavailable (reply to RCPT TO)")
        #expect(spool.files("new").isEmpty)
        #expect(spool.files("failed") == [name])
        #expect(try spool.contents("failed", name) == message)
        let attempt = try #require(journal.attempts.first)
        #expect(attempt.outcome == .failed && attempt.code == 550 && attempt.nextAttemptAt == nil)
        #expect(attempt.reply.hasPrefix("550 5.1.1 mailbox unavailable"))

        for _ in 0..<2 {
            clock.advance(seconds: 86_400)
            #expect(await relay.runPass().lines.isEmpty)
        }
        #expect(try server.events().count == 1)
        #expect(journal.attempts.count == 1)
    }

    @Test func aDroppedConnectionIsRetriedAndTheSinkHoldsOneCopy() async throws {
        let server = try await SMTPTestServer(mode: "drop:1")
        let name = noticeName(4)
        try spool.add(name, testMessage(id: "ntc_4"))
        let relay = try relay(server.url)

        let first = await relay.runPass()
        #expect(first.deferred == 1)
        #expect(first.lines.first?.code == nil)
        #expect(first.lines.first?.reply.contains("failed at end of data") == true)
        clock.advance(seconds: 60)
        let second = await relay.runPass()
        #expect(second.sent == 1)
        let ids = try server.messageLog().map { $0["message_id"] as? String }
        #expect(ids == ["<ntc_4@example.org>"])
        #expect(try server.events().map { $0["event"] as? String } == ["drop", "accepted"])
    }

    @Test func oneRejectedMessageDoesNotStopTheOthers() async throws {
        let server = try await SMTPTestServer(extra: ["--reject-rcpt", "gone@example.org"])
        try spool.add(noticeName(5), testMessage(id: "ntc_5"))
        try spool.add(noticeName(6), testMessage(id: "ntc_6", to: "Gone <gone@example.org>"))
        try spool.add(noticeName(7), testMessage(id: "ntc_7"))

        let report = try await relay(server.url).runPass()
        #expect(report.sent == 2 && report.failed == 1)
        #expect(report.lines.map(\.outcome) == [.sent, .failed, .sent])
        #expect(try server.messageLog().map { $0["message_id"] as? String } == ["<ntc_5@example.org>", "<ntc_7@example.org>"])
        #expect(spool.files("cur") == [noticeName(5) + ":2,S", noticeName(7) + ":2,S"])
        #expect(spool.files("failed") == [noticeName(6)])
        #expect(report.description.hasPrefix("mail relay: 2 sent, 0 deferred, 1 failed\n"))
    }

    @Test func anUnreachableRelayDefersTheFirstMessageAndLeavesTheRestForTheNextPass() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        try spool.add(noticeName(8), testMessage(id: "ntc_8"))
        try spool.add(noticeName(9), testMessage(id: "ntc_9"))

        let report = try await relay("smtp://127.0.0.1:\(port)").runPass()
        #expect(report.lines.map(\.outcome) == [.deferred, .notAttempted])
        #expect(report.lines.first?.reply.hasPrefix("could not reach the relay smtp://127.0.0.1:\(port): ") == true)
        #expect(report.lines.first?.nextAttemptAt == clock.now.addingTimeInterval(60))
        #expect(journal.attempts.map(\.file) == [noticeName(8)])
        #expect(spool.files("new") == [noticeName(8), noticeName(9)])
    }

    @Test func cancellingThePassStopsItAndLeavesTheRestAlone() async throws {
        let listener = try SilentListener()
        try spool.add(noticeName(18), testMessage(id: "ntc_18"))
        try spool.add(noticeName(19), testMessage(id: "ntc_19"))
        let relay = try relay("smtp://127.0.0.1:\(listener.port)")
        let task = Task { await relay.runPass() }
        try await listener.waitForConnection()   // the session is under way
        task.cancel()
        let report = await task.value
        #expect(report.lines.map(\.outcome) == [.deferred])
        #expect(report.lines.first?.reply.hasPrefix("cancelled before the relay accepted the message") == true)
        #expect(report.problems == ["spool \(spool.path): the pass was cancelled; 1 messages wait for the next one"])
        #expect(journal.attempts.map(\.file) == [noticeName(18)])
        #expect(spool.files("new") == [noticeName(18), noticeName(19)])
        withExtendedLifetime(listener) {}
    }

    @Test func retriesGiveOutAfterFiveDays() async throws {
        let server = try await SMTPTestServer(mode: "tempfail:100")
        let name = noticeName(10)
        try spool.add(name, testMessage(id: "ntc_10"))
        let relay = try relay(server.url)

        #expect(await relay.runPass().deferred == 1)
        clock.advance(seconds: 4 * 86_400)
        #expect(await relay.runPass().deferred == 1)
        clock.advance(seconds: 86_400)
        let report = await relay.runPass()
        #expect(report.failed == 1)
        let reply = try #require(report.lines.first?.reply)
        #expect(reply.hasPrefix("gave up after 3 attempts since "))
        #expect(reply.hasSuffix("451 4.3.0 try again later (reply to end of data)"))
        #expect(spool.files("failed") == [name])
        #expect(journal.attempts.last?.outcome == .failed)
    }

    @Test func aMessageWithoutRecipientsFailsWithoutContactingTheRelay() async throws {
        let server = try await SMTPTestServer()
        let name = noticeName(11)
        try spool.add(name, Array("From: alerts@example.org\r\nSubject: no one\r\n\r\nbody\r\n".utf8))

        let report = try await relay(server.url).runPass()
        #expect(report.failed == 1)
        #expect(report.lines.first?.reply == "malformed message: the message has no recipient address in To: or Cc:")
        #expect(spool.files("failed") == [name])
        #expect(try server.events().isEmpty)
    }

    @Test func aMessageSentBeforeIsNeverSentAgain() async throws {
        let server = try await SMTPTestServer()
        // The journal says sent (a crash left the file in new/), and cur/ already holds another.
        try spool.add(noticeName(12), testMessage(id: "ntc_12"))
        journal.set(RelayEntry(outcome: .sent, attempts: 1, firstAttemptAt: clock.now, lastAttemptAt: clock.now,
                               nextAttemptAt: nil, reply: "250 OK"), spool: spool.path, file: noticeName(12))
        try spool.add(noticeName(13), testMessage(id: "ntc_13"))
        try Data(testMessage(id: "ntc_13")).write(to: URL(fileURLWithPath: spool.path + "/cur/" + noticeName(13) + ":2,S"))

        let report = try await relay(server.url).runPass()
        #expect(report.lines.map(\.outcome) == [.alreadySent, .alreadySent])
        #expect(report.sent == 0)
        #expect(spool.files("new").isEmpty)
        #expect(spool.files("cur") == [noticeName(12) + ":2,S", noticeName(13) + ":2,S"])
        #expect(try server.events().isEmpty)
    }

    @Test func dotFilesAndFoldersInNewAreSkippedAndLineFeedsBecomeCRLF() async throws {
        let server = try await SMTPTestServer()
        try Data("junk".utf8).write(to: URL(fileURLWithPath: spool.path + "/new/.hidden"))
        try FileManager.default.createDirectory(atPath: spool.path + "/new/folder", withIntermediateDirectories: false)
        try spool.add(noticeName(14), testMessage(id: "ntc_14", lineEnding: "\n"))

        let report = try await relay(server.url).runPass()
        #expect(report.lines.count == 1 && report.sent == 1)
        #expect(try server.messages() == [testMessage(id: "ntc_14")])
        #expect(spool.files("new") == [".hidden", "folder"])
    }

    @Test func oneRelayPassCoversSeveralSpools() async throws {
        let server = try await SMTPTestServer()
        let other = try TestSpool()
        try spool.add(noticeName(15), testMessage(id: "ntc_15"))
        try other.add(noticeName(15), testMessage(id: "ntc_15b"))

        let report = try await relay(server.url, spools: [spool.path, other.path]).runPass()
        #expect(report.sent == 2)
        #expect(Set(journal.attempts.map(\.spool)) == [spool.path, other.path])
        #expect(other.files("cur") == [noticeName(15) + ":2,S"])
    }

    @Test func aSpoolAnotherRelayHoldsIsSkipped() async throws {
        let server = try await SMTPTestServer()
        try spool.add(noticeName(16), testMessage(id: "ntc_16"))
        // Another relay is another process (the daemon, `agenda-sync mail relay`): one holding the lock.
        let holder = try ScriptProcess(executable: ScriptProcess.python, arguments: ["-u", "-c", """
            import fcntl, sys, time
            lock = open(sys.argv[1], "a")
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print("locked", flush=True)
            time.sleep(300)
            """, spool.path + "/.relay.lock"], logPath: server.sink + "/lock-holder.log")
        defer { holder.stop() }
        _ = try await holder.waitForLine("locked")

        let report = try await relay(server.url).runPass()
        #expect(report.lines.isEmpty)
        #expect(report.problems == ["spool \(spool.path): another relay is working on it; skipped"])
        holder.stop()
        #expect(try await relay(server.url).runPass().sent == 1)
    }

    @Test func spoolAndJournalProblemsAreReportedNotThrown() async throws {
        let server = try await SMTPTestServer()
        let missing = spool.path + "/absent"
        try spool.add(noticeName(17), testMessage(id: "ntc_17"))
        let report = try await relay(server.url, spools: [missing, spool.path], journal: FailingRelayJournal()).runPass()
        #expect(report.problems.count == 1)
        #expect(report.problems == ["spool \(missing): \(missing)/new is missing or not a folder"])
        #expect(report.lines.map(\.outcome) == [.error])
        #expect(report.lines.first?.reply == "journal: database is locked")
        #expect(spool.files("new") == [noticeName(17)])
        #expect(try server.events().isEmpty)
    }
}

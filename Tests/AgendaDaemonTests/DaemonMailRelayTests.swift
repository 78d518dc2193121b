import AgendaStore
import Foundation
import SampleCouncil
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `agenda-sync run` with `smtp_url`: a notice goes into the spool and on to the SMTP server
/// (Debian's aiosmtpd on 127.0.0.1) in the same delivery round; a refusal is logged with the reply.
@Suite(.serialized) struct DaemonMailRelayTests {
    @Test func theDaemonRelaysTheSpoolAfterDelivering() async throws {
        let world = try await DaemonWorld()
        defer { Task { await world.close() } }
        let sink = world.folder + "/sink"
        try FileManager.default.createDirectory(atPath: sink, withIntermediateDirectories: true)
        let server = try ScriptProcess(script: "smtp_server.py",
                                       arguments: ["--mode", "ok", "--sink", sink, "--reject-rcpt", "gone@example.org",
                                                   "--lifetime", "300"],
                                       logPath: world.folder + "/smtp.out")
        defer { server.stop() }
        let port = try await server.waitForLine("LISTENING ").trimmingCharacters(in: .whitespaces)
        let spool = world.folder + "/mail"
        try world.writeConfigText("""
            [daemon]
            database = "\(world.databasePath)"
            user_agent = "\(DaemonWorld.userAgent)"
            mail_from = "Agenda alerts <alerts@example.org>"
            interval = "2s"
            request_spacing = "1ms"
            smtp_url = "smtp://127.0.0.1:\(port)"
            smtp_tls = "none"

            [[source]]
            id = "sample"
            name = "Sample Borough Council"
            base_url = "\(world.councils[0].base.absoluteString)"

            [[subscription]]
            id = "jane"
            channel = "email"
            to = "Jane Doe <jane@example.org>"
            spool = "\(spool)"

            [[subscription]]
            id = "gone"
            channel = "email"
            to = "gone@example.org"
            spool = "\(spool)"
            """)
        let daemon = try world.startDaemon(watchdogMicroseconds: nil)
        defer { daemon.kill() }
        #expect(await eventually { world.cycleStatuses.count >= 1 }, "\(daemon.log)")
        await world.site.update { $0.demoAddDocument() }

        #expect(await eventually {
            ((try? String(contentsOfFile: sink + "/messages.jsonl", encoding: .utf8)) ?? "").contains("jane@example.org")
        }, "\(daemon.log)")
        #expect(await eventually { daemon.events("mail.failed").count == 1 }, "\(daemon.log)")
        #expect(daemon.events("mail.sent").count == 1, "\(daemon.log)")
        let refusal = try #require(daemon.events("mail.failed").first)
        #expect(refusal.contains("550 5.1.1 mailbox unavailable") && refusal.contains("gone@example.org"), "\(refusal)")
        #expect(await eventually { (try? FileManager.default.contentsOfDirectory(atPath: spool + "/new"))?.isEmpty == true })
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool + "/cur").count == 1)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        let store = try AgendaStore(path: world.databasePath)
        #expect(try store.mailRelayRecords().map(\.state.rawValue).sorted() == ["failed", "sent"])
    }
}

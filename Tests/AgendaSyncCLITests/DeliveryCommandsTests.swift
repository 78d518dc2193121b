import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// `outbox …` and `mail …` as an admin uses them: the real binary, a sample council, a webhook
/// receiver and an SMTP server (Debian's aiosmtpd) on 127.0.0.1.
@Suite struct DeliveryCommandsTests {
    struct World {
        var folder: String
        var config: String
        var site: SampleCouncilSite
        var spool: String
    }

    /// A council, a file subscription "audit", a webhook "hook" to `webhookURL`, and email to Jane and to
    /// a mailbox the SMTP server refuses.
    func start(webhookURL: String, secretFile: String, smtpPort: String?) async throws -> World {
        let folder = try makeTemporaryFolder("agenda-cli")
        let site = SampleCouncilSite(testing: SampleCouncilData.content(reference: Date()))
        let base = try await site.start()
        let config = folder + "/agenda-sync.toml"
        let spool = folder + "/mail"
        try write("""
            [daemon]
            database = "\(folder)/agenda-sync.sqlite"
            user_agent = "agenda-sync-test/1.0 (+mailto:test@example.org)"
            request_spacing = "5ms"
            mail_from = "Agenda alerts <alerts@example.org>"
            \(smtpPort.map { "smtp_url = \"smtp://127.0.0.1:\($0)\"\nsmtp_tls = \"none\"" } ?? "")

            [[source]]
            id = "sample"
            name = "Sample Borough Council"
            base_url = "\(base.absoluteString)"

            [[subscription]]
            id = "audit"
            channel = "file"
            path = "\(folder)/notices.jsonl"

            [[subscription]]
            id = "hook"
            channel = "webhook"
            url = "\(webhookURL)"
            secret_file = "\(secretFile)"
            allow_private = true

            [[subscription]]
            id = "jane"
            channel = "email"
            to = "Jane Doe <jane@example.org>"
            spool = "\(spool)"

            [[subscription]]
            id = "bounce"
            channel = "email"
            to = "gone@example.org"
            spool = "\(spool)"
            """, to: config)
        return World(folder: folder, config: config, site: site, spool: spool)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func run(_ world: World, _ arguments: [String]) async throws -> CommandResult {
        try await AgendaSyncBinary.run(arguments + ["--config", world.config])
    }

    @Test func outboxShowsRetriesAndReplays() async throws {
        let receiver = try await WebhookReceiver(mode: "status:500")
        defer { receiver.stop() }
        let world = try await start(webhookURL: receiver.url(), secretFile: receiver.secretFile, smtpPort: nil)
        defer { Task { await world.site.stop() } }

        #expect(try await run(world, ["sync"]).status == 0)
        await world.site.update { $0.demoAddDocument() }
        let sync = try await run(world, ["sync"])
        #expect(sync.status == 1, "a failed webhook is a failed delivery: \(sync.stdout)")
        #expect(sync.stdout.contains("delivery: 3 delivered, 1 failed"), "\(sync.stdout)")

        let listing = try json(try await run(world, ["outbox", "--json"]).stdout)
        let subscriptions = try #require(listing["subscriptions"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: subscriptions.map { ($0["subscription"] as! String, $0) })
        #expect(byID["audit"]?["delivered"] as? Int == 1)
        #expect(byID["jane"]?["delivered"] as? Int == 1)
        #expect(byID["hook"]?["failed"] as? Int == 1)
        #expect(byID["hook"]?["channel"] as? String == "webhook")
        let notices = try #require(listing["notices"] as? [[String: Any]])
        #expect(notices.count == 1)
        let failed = try #require(notices.first)
        let id = try #require(failed["id"] as? String)
        #expect(failed["state"] as? String == "failed")
        #expect(failed["attempts"] as? Int == 1)
        #expect((failed["last_error"] as? String)?.contains("500") == true)
        #expect(failed["next_attempt_at"] as? String != nil)

        let text = try await run(world, ["outbox", "--failed"])
        #expect(text.status == 0)
        #expect(text.stdout.contains(id) && text.stdout.contains("SUBSCRIPTION"), "\(text.stdout)")

        let retry = try await run(world, ["outbox", "retry", id, "ntc_000000000000000000000000"])
        #expect(retry.status == 1)
        #expect(retry.stdout.contains("1 notice(s) queued again"))
        #expect(retry.stderr.contains("ntc_000000000000000000000000: not retried"))
        #expect(try await run(world, ["outbox", "retry"]).status == 2, "ids or --all-dead are required")
        let again = try json(try await run(world, ["outbox", "--json"]).stdout)
        #expect((again["notices"] as? [[String: Any]])?.first?["state"] as? String == "pending")

        let replay = try await run(world, ["outbox", "replay", "--subscription", "audit", "--since", "1h", "--json"])
        #expect(replay.status == 0)
        #expect(try json(replay.stdout)["replayed"] as? Int == 1)
        #expect(try await run(world, ["outbox", "replay", "--subscription", "nope", "--since", "1h"]).status == 2)
        #expect(try await run(world, ["outbox", "replay", "--subscription", "audit", "--since", "yesterday"]).status == 2)
        _ = try await run(world, ["sync"])
        let lines = try String(contentsOfFile: world.folder + "/notices.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == lines[1], "a replay sends the same notice, id and bytes")
    }

    @Test func aGoneEndpointIsShownDisabledUntilEnabled() async throws {
        let receiver = try await WebhookReceiver(mode: "gone")
        defer { receiver.stop() }
        let world = try await start(webhookURL: receiver.url(), secretFile: receiver.secretFile, smtpPort: nil)
        defer { Task { await world.site.stop() } }
        #expect(try await run(world, ["sync"]).status == 0)
        await world.site.update { $0.demoAddDocument() }
        #expect(try await run(world, ["sync"]).status == 1)

        let text = try await run(world, ["outbox"])
        let hookLine = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("hook ") })
        #expect(hookLine.contains("disabled since") && hookLine.contains("410"), "\(text.stdout)")
        let listing = try json(try await run(world, ["outbox", "--json", "--subscription", "hook"]).stdout)
        let hook = try #require((listing["subscriptions"] as? [[String: Any]])?.first)
        #expect(hook["subscription"] as? String == "hook")
        #expect(hook["disabled_at"] as? String != nil)

        let status = try await run(world, ["status"])
        #expect(status.stdout.contains("disabled: hook since") && status.stdout.contains("outbox enable hook"), "\(status.stdout)")
        let statusJSON = try json(try await run(world, ["status", "--json"]).stdout)
        #expect((statusJSON["disabled"] as? [[String: Any]])?.first?["subscription"] as? String == "hook")

        // Disabled: the next change is stored but not sent.
        await world.site.update { $0.demoCancelMeeting() }
        #expect(try await run(world, ["sync"]).status == 0, "a disabled subscription is waiting, not failing")
        #expect(try receiver.requests().count == 1)

        let enable = try await run(world, ["outbox", "enable", "hook"])
        #expect(enable.status == 0)
        #expect(enable.stdout.contains("hook: enabled"))
        #expect(try await run(world, ["outbox", "enable", "hook"]).stdout.contains("hook: was not disabled"))
        let dead = try json(try await run(world, ["outbox", "retry", "--all-dead", "--json"]).stdout)
        #expect(dead["count"] as? Int == 0)
        _ = try await run(world, ["sync"])
        #expect(try receiver.requests().count == 2, "enabled again, it is tried again (and answers 410 again)")
    }

    @Test func mailRelaySendsTheSpoolAndRecordsRefusals() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let sink = folder + "/sink"
        try FileManager.default.createDirectory(atPath: sink, withIntermediateDirectories: true)
        let server = try ScriptProcess(script: "smtp_server.py",
                                       arguments: ["--mode", "ok", "--sink", sink, "--reject-rcpt", "gone@example.org",
                                                   "--lifetime", "300"],
                                       logPath: folder + "/smtp.out")
        defer { server.stop() }
        let port = try await server.waitForLine("LISTENING ").trimmingCharacters(in: .whitespaces)
        try write("whsec_" + Data(repeating: 7, count: 32).base64EncodedString(), to: folder + "/hook.secret")
        // The webhook points at a closed port: its failure must not touch the mail.
        let world = try await start(webhookURL: "http://127.0.0.1:9/hook", secretFile: folder + "/hook.secret", smtpPort: port)
        defer { Task { await world.site.stop() } }

        #expect(try await run(world, ["sync"]).status == 0)
        await world.site.update { $0.demoAddDocument() }
        #expect(try await run(world, ["sync"]).status == 1)
        let spooled = try FileManager.default.contentsOfDirectory(atPath: world.spool + "/new").sorted()
        #expect(spooled.count == 2)

        let relay = try await run(world, ["mail", "relay", "--json"])
        #expect(relay.status == 1, "one message was refused: \(relay.stdout) \(relay.stderr)")
        let report = try json(relay.stdout)
        #expect(report["sent"] as? Int == 1)
        #expect(report["failed"] as? Int == 1)
        let messages = try #require(report["messages"] as? [[String: Any]])
        let refused = try #require(messages.first { $0["outcome"] as? String == "failed" })
        #expect((refused["reply"] as? String)?.contains("550 5.1.1 mailbox unavailable") == true, "\(refused)")
        #expect(refused["recipients"] as? [String] == ["gone@example.org"])

        // The sink has Jane's message, with the notice's Message-ID; the spool moved both out of new/.
        let accepted = try String(contentsOfFile: sink + "/messages.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(accepted.count == 1)
        let record = try json(String(accepted[0]))
        #expect(record["rcpt_tos"] as? [String] == ["jane@example.org"])
        #expect(record["mail_from"] as? String == "alerts@example.org")
        #expect(try FileManager.default.contentsOfDirectory(atPath: world.spool + "/new").isEmpty)
        let sent = try FileManager.default.contentsOfDirectory(atPath: world.spool + "/cur")
        #expect(sent.count == 1 && sent[0].hasSuffix(":2,S"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: world.spool + "/failed").count == 1)
        let messageID = try #require(record["message_id"] as? String)
        #expect(spooled.contains { messageID == "<\($0.replacingOccurrences(of: ".agenda-sync", with: ""))@example.org>" })

        let log = try await run(world, ["mail", "log", "--failed"])
        #expect(log.status == 0)
        #expect(log.stdout.contains("550 5.1.1 mailbox unavailable") && log.stdout.contains("gone@example.org"), "\(log.stdout)")

        let idle = try await run(world, ["mail", "relay"])
        #expect(idle.status == 0, "nothing left to send: \(idle.stdout)")
        #expect(accepted.count == (try String(contentsOfFile: sink + "/messages.jsonl", encoding: .utf8)
            .split(separator: "\n").count), "a sent message is never sent again")
    }

    @Test func mailRelayWithoutARelayConfiguredIsAUsageError() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        try write("whsec_" + Data(repeating: 7, count: 32).base64EncodedString(), to: folder + "/hook.secret")
        let world = try await start(webhookURL: "http://127.0.0.1:9/hook", secretFile: folder + "/hook.secret", smtpPort: nil)
        defer { Task { await world.site.stop() } }
        let relay = try await run(world, ["mail", "relay"])
        #expect(relay.status == 2)
        #expect(relay.stderr.contains("no SMTP relay configured: set smtp_url in [daemon]"), "\(relay.stderr)")
    }
}

import AgendaStore
import Foundation
import SampleCouncil
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `agenda-sync run` wakes for a webhook's retry time: a failed attempt is tried again after its
/// 5 s (±10%) wait, not at the next minute's round.
@Suite(.serialized) struct DaemonWebhookRetryTests {
    @Test func theDaemonRetriesAFailedWebhookWhenItIsDue() async throws {
        let world = try await DaemonWorld()
        defer { Task { await world.close() } }
        let receiver = try await WebhookReceiver(mode: "fail:1")
        defer { receiver.stop() }
        try world.writeConfigText("""
            [daemon]
            database = "\(world.databasePath)"
            user_agent = "\(DaemonWorld.userAgent)"
            interval = "2s"
            request_spacing = "1ms"

            [[source]]
            id = "sample"
            name = "Sample Borough Council"
            base_url = "\(world.councils[0].base.absoluteString)"
            notify_existing = true

            [[subscription]]
            id = "hook"
            channel = "webhook"
            url = "\(receiver.url())"
            secret_file = "\(receiver.secretFile)"
            allow_private = true
            sources = ["sample"]
            events = ["meeting.new"]
            committees = ["sample/\(SampleCouncilData.planning.id)"]
            """)
        let daemon = try world.startDaemon(watchdogMicroseconds: nil)
        defer { daemon.kill() }
        // The first cycle announces the planning meetings (notify_existing); later cycles find nothing
        // new, so only a retry round can deliver them. Every first attempt fails; each is retried after
        // about 5 s, and in order, so n notices take about 5n s (3 here: ~15 s). Waiting for the
        // minute's rounds instead would take 60n s (~180 s), far past this 90 s bound.
        #expect(await eventually(timeout: .seconds(90)) {
            let store = try? AgendaStore(path: world.databasePath)
            let counts = (try? store?.outboxCounts()) ?? []
            return !counts.isEmpty && counts.allSatisfy { $0.state == "delivered" }
        }, "\(daemon.log)")
        let requests = try receiver.requests()
        let ids = requests.compactMap(\.id)
        #expect(Set(ids).count * 2 == ids.count, "each notice: one failed attempt, one delivered")
        #expect(requests.allSatisfy { $0.verified == true })
        #expect(daemon.events("cycle.finished").filter { !$0.contains("notices=0") }.count == 1,
                "only the first cycle wrote notices")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
    }
}

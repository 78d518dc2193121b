import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing
import TestSupport

extension WebhookReceiver {
    /// A receiver for the harness, whose clock is not the wall clock: any timestamp is accepted (the
    /// signature over it is still checked).
    convenience init(mode: String = "ok", extra: [String] = []) async throws {
        try await self.init(mode: mode, extraArguments: ["--tolerance", "1e10"] + extra)
    }

    func subscription(_ id: String, allowPrivate: Bool = true) -> SubscriptionConfiguration {
        SubscriptionConfiguration(id: id, channel: .webhook(WebhookChannelSettings(url: url(), secretFile: secretFile,
                                                                                   allowPrivate: allowPrivate)))
    }
}

@Suite("Webhook delivery from the outbox")
struct WebhookOutboxTests {
    /// A harness with the file subscription "all" plus `webhooks`, after its silent baseline.
    func baseline(_ h: Harness, webhooks: [SubscriptionConfiguration]) async throws {
        h.reconfigure { $0.subscriptions += webhooks }
        let first = try await h.sync()
        #expect(first.noticeCount == 0)
    }

    func outbox(_ h: Harness, _ subscription: String) throws -> [OutboxRow] {
        try h.store.outboxEntries(subscriptionID: subscription, states: nil).reversed()
    }

    @Test("signed notices reach the receiver and verify; retries keep the id, re-sign, keep the order")
    func retriesInOrder() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let receiver = try await WebhookReceiver(mode: "fail:2")
            defer { receiver.stop() }
            try await baseline(h, webhooks: [receiver.subscription("hook")])

            await h.site.update { $0.demoAddDocument() }
            let first = try await h.sync(deliveryMayFail: true)
            #expect(first.notices(for: "all").count == 1, "the file subscription is not held up")
            var rows = try outbox(h, "hook")
            #expect(rows.map(\.state) == [.failed])
            #expect(rows[0].attempts == 1)
            #expect(rows[0].lastError?.contains("500") == true, "\(rows[0].lastError ?? "")")
            // The first retry waits 5 s ± 10%.
            let next = try #require(rows[0].nextAttemptAt)
            #expect(next.timeIntervalSince(h.clock.now) >= 4 && next.timeIntervalSince(h.clock.now) <= 6)

            await h.site.update { $0.demoCancelMeeting() }
            _ = try await h.sync(deliveryMayFail: true)   // the clock moved 60 s: the retry is due
            rows = try outbox(h, "hook")
            #expect(rows.map(\.state) == [.failed, .pending], "version order: the later notice waits behind the failed one")
            #expect(rows[0].attempts == 2)

            // Deliver until nothing is left (each round the clock passes the next retry time).
            for _ in 0..<10 where try h.store.undeliveredCount(subscriptionID: "hook") > 0 {
                h.clock.advance(by: 31 * 60)
                _ = try await h.deliver()
            }
            rows = try outbox(h, "hook")
            #expect(rows.map(\.state) == [.delivered, .delivered])
            #expect(rows.map(\.attempts) == [3, 3])

            let requests = try receiver.requests()
            #expect(requests.count == 6)
            #expect(requests.allSatisfy { $0.verified == true }, "every request verifies with the receiver's own implementation")
            #expect(requests.map(\.id) == [rows[0].id, rows[0].id, rows[0].id, rows[1].id, rows[1].id, rows[1].id],
                    "one notice at a time, the first until it is delivered")
            #expect(Set(requests.prefix(3).map(\.timestamp)).count == 3, "every attempt is stamped and signed anew")
            let bodies = Set(requests.prefix(3).map(\.body))
            #expect(bodies.count == 1, "the body is the same notice each time")
            let notice = try NoticeJSON.decode(Array((requests[0].body ?? "").utf8))
            #expect(notice.id == rows[0].id)
            #expect(notice.changes.map(\.kind) == [.documentAdded])
        }
    }

    @Test("410 Gone disables the subscription and keeps its notices; the others go on")
    func goneDisables() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let gone = try await WebhookReceiver(mode: "gone")
            let fine = try await WebhookReceiver()
            defer { gone.stop(); fine.stop() }
            try await baseline(h, webhooks: [gone.subscription("gone"), fine.subscription("fine")])

            await h.site.update { $0.demoAddDocument() }
            let first = try await h.sync(deliveryMayFail: true)
            #expect(first.notices(for: "all").count == 1)
            #expect(try fine.requests().count == 1)
            let state = try h.store.subscriptionState("gone")
            #expect(state.disabledAt != nil)
            #expect(state.disabledReason?.contains("410") == true)

            await h.site.update { $0.demoCancelMeeting() }
            h.clock.advance(by: 3 * 86_400)
            let second = try await h.sync()
            #expect(second.notices(for: "all").count == 1)
            #expect(try fine.requests().count == 2)
            #expect(try gone.requests().count == 1, "nothing is sent to a disabled endpoint")
            #expect(try outbox(h, "gone").map(\.state) == [.failed, .pending], "its notices wait, none is dead")
            #expect(second.report.delivery.deferred == 2)

            // Re-enabled, it is tried again (this receiver still answers 410, and is disabled again).
            #expect(try h.store.enableSubscription("gone"))
            _ = try await h.deliver()
            #expect(try gone.requests().count == 2)
            #expect(try h.store.subscriptionState("gone").disabledAt != nil)
        }
    }

    @Test("429 with Retry-After throttles that endpoint: nothing is sent to it before then")
    func throttled() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let receiver = try await WebhookReceiver(mode: "status:429", extra: ["--retry-after", "600"])
            defer { receiver.stop() }
            try await baseline(h, webhooks: [receiver.subscription("busy")])
            await h.site.update { $0.demoAddDocument() }
            _ = try await h.sync(deliveryMayFail: true)
            let until = try #require(try h.store.subscriptionState("busy").throttledUntil)
            #expect(until.timeIntervalSince(h.clock.now) >= 599, "Retry-After 600 beats the 5 s schedule")

            h.clock.advance(by: 300)
            let (early, _) = try await h.deliver()
            #expect(early.deferred == 1)
            #expect(try receiver.requests().count == 1)
            h.clock.advance(by: 301)
            _ = try await h.deliver()
            #expect(try receiver.requests().count == 2)
        }
    }

    @Test("a hanging endpoint holds up only its own subscription")
    func hangingEndpointIsIsolated() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let slow = try await WebhookReceiver(mode: "hang", extra: ["--hang-seconds", "40"])
            let fast = try await WebhookReceiver()
            defer { slow.stop(); fast.stop() }
            try await baseline(h, webhooks: [slow.subscription("slow"), fast.subscription("fast")])
            await h.site.update { $0.demoAddDocument() }

            // While the slow endpoint holds its request, the fast one and the file have their notice.
            let (slowLog, fastLog, store) = (slow.logPath, fast.logPath, h.store)
            async let observed = Self.observeWhileSlowHangs(slowLog: slowLog, fastLog: fastLog, store: store)
            let result = try await h.sync(deliveryMayFail: true)   // the 15 s webhook timeout ends the slow attempt
            let seen = await observed
            #expect(seen.fastRequests == 1)
            #expect(seen.slowRequests == 1)
            #expect(seen.delivered == ["all", "fast"])
            #expect(seen.slowPending, "the slow notice was still in flight")
            #expect(result.report.delivery.failed == 1)
            let row = try #require(try h.store.outboxEntries(subscriptionID: "slow").first)
            #expect(row.state == .failed)
            #expect(row.lastError?.contains("timed out") == true, "\(row.lastError ?? "")")
        }
    }

    struct Observation: Sendable {
        var fastRequests = 0
        var slowRequests = 0
        var delivered: [String] = []
        var slowPending = false
    }

    /// Waits (bounded) until both receivers have their request, then reads the outbox. The bound
    /// starts with the sync, not with its delivery round: on a loaded machine fetching and diffing
    /// can take tens of seconds before the first webhook goes out, so it only separates prompt from hung.
    static func observeWhileSlowHangs(slowLog: String, fastLog: String, store: AgendaStore) async -> Observation {
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        var seen = Observation()
        while ContinuousClock.now < deadline {
            seen.slowRequests = ((try? WebhookReceiver.requests(loggedAt: slowLog)) ?? []).count
            seen.fastRequests = ((try? WebhookReceiver.requests(loggedAt: fastLog)) ?? []).count
            let delivered = ((try? store.outboxEntries(states: [.delivered])) ?? []).map(\.subscriptionID).sorted()
            if seen.slowRequests > 0, seen.fastRequests > 0, delivered.count == 2 {
                seen.delivered = delivered
                seen.slowPending = ((try? store.outboxEntries(subscriptionID: "slow", states: [.pending])) ?? []).count == 1
                return seen
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return seen
    }

    @Test("a slow endpoint gets a bounded share of a round; the rest follow in the next one, in order")
    func roundBudget() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let receiver = try await WebhookReceiver(extra: ["--delay", "0.3"])
            defer { receiver.stop() }
            try await baseline(h, webhooks: [receiver.subscription("slow")])
            await h.site.update { $0.demoAddDocument() }
            _ = try await h.sync()
            await h.site.update { $0.demoPublishMinutes() }
            _ = try await h.sync()
            await h.site.update { $0.demoCancelMeeting() }
            _ = try await h.sync()
            #expect(try h.store.replayNotices(subscriptionID: "slow", since: .distantPast) == 3)

            // Each answer takes 0.3 s: with a 0.4 s budget the round stops after one or two notices.
            let dispatcher = OutboxDispatcher(context: h.engine.context, webhookRoundBudget: .milliseconds(400))
            let first = await dispatcher.deliverDue()
            #expect((1...2).contains(first.delivered), "\(first)")
            #expect(first.deferred == 3 - first.delivered)
            #expect(first.nextDueAt.map { $0 <= h.clock.now } == true, "the next round is due at once")
            var rounds = 1
            while try h.store.undeliveredCount(subscriptionID: "slow") > 0, rounds < 5 {
                _ = await dispatcher.deliverDue()
                rounds += 1
            }
            #expect(try h.store.undeliveredCount(subscriptionID: "slow") == 0)
            let replayed = try receiver.requests().suffix(3).map(\.id)
            let original = try receiver.requests().prefix(3).map(\.id)
            #expect(replayed == original, "the same notices, in the same order")
        }
    }

    @Test("every failed attempt follows the schedule; after the last the notice is dead, and retry revives it")
    func deadAfterTheSchedule() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let receiver = try await WebhookReceiver(mode: "status:500")
            defer { receiver.stop() }
            try await baseline(h, webhooks: [receiver.subscription("down")])
            await h.site.update { $0.demoAddDocument() }
            _ = try await h.sync(deliveryMayFail: true)
            var waits: [TimeInterval] = []
            for _ in 0..<15 {
                guard let row = try h.store.outboxEntries(subscriptionID: "down").first, row.state == .failed,
                      let next = row.nextAttemptAt else { break }
                waits.append(next.timeIntervalSince(h.clock.now))
                h.clock.advance(by: next.timeIntervalSince(h.clock.now))
                _ = try await h.deliver()
            }
            let row = try #require(try h.store.outboxEntries(subscriptionID: "down").first)
            #expect(row.state == .dead)
            #expect(row.attempts == 10)
            #expect(try receiver.requests().count == 10)
            let schedule: [TimeInterval] = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400]
            #expect(waits.count == schedule.count)
            for (wait, planned) in zip(waits, schedule) {
                #expect(wait >= planned * 0.9 - 1 && wait <= planned * 1.1 + 1, "waited \(wait) s for a planned \(planned) s")
            }
            print("webhook retry waits (s): \(waits.map { Int($0) })")
            #expect(waits.reduce(0, +) > 2.5 * 86_400, "about three days in all")

            #expect(try h.store.retryNotices(ids: [row.id]) == [row.id])
            _ = try await h.deliver()
            #expect(try receiver.requests().count == 11)
        }
    }

    @Test("without allow_private a loopback endpoint is refused before any connection")
    func privateAddressRefused() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let receiver = try await WebhookReceiver()
            defer { receiver.stop() }
            let guarded = SubscriptionConfiguration(
                id: "guarded", channel: .webhook(WebhookChannelSettings(url: "http://localhost:\(receiver.port)/hook",
                                                                        secretFile: receiver.secretFile, allowPrivate: false)))
            try await baseline(h, webhooks: [guarded])
            await h.site.update { $0.demoAddDocument() }
            _ = try await h.sync(deliveryMayFail: true)
            let row = try #require(try h.store.outboxEntries(subscriptionID: "guarded").first)
            #expect(row.state == .failed)
            #expect(row.lastError?.contains("127.0.0.1") == true || row.lastError?.contains("::1") == true, "\(row.lastError ?? "")")
            #expect(try receiver.connections() == 0)
        }
    }
}

import AgendaCore
import AgendaModel
import Foundation
import Testing
@testable import AgendaStore

/// The outbox's bookkeeping: strict order, retries, dead letters, replay, subscription state.
@Suite("Outbox")
struct OutboxTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// A store with versions 1…n of one meeting, each with a notice for "hook".
    func storeWithNotices(_ count: Int) throws -> AgendaStore {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        for version in 1...count {
            var meeting = sampleMeeting()
            meeting.title += " v\(version)"
            try store.commit(NewVersion(
                meeting: meeting, number: version, contentHash: "h\(version)", rawPage: [UInt8(version)],
                fetchedAt: Self.t0.addingTimeInterval(Double(version)), changes: [Change(kind: .itemAdded)],
                notices: [OutboxEntry(id: "ntc_\(version)", subscriptionID: "hook", type: .meetingChanged,
                                      payload: Array("{\"v\":\(version)}".utf8))]))
        }
        return store
    }

    @Test func dueNoticesStopAtTheFirstThatIsNotDue() throws {
        let store = try storeWithNotices(4)
        let now = Self.t0.addingTimeInterval(100)
        #expect(try store.dueNotices(subscriptionID: "hook", at: now).map(\.id) == ["ntc_1", "ntc_2", "ntc_3", "ntc_4"])

        try store.markDelivered(noticeIDs: ["ntc_1"], at: now)
        try store.markFailed(noticeID: "ntc_2", error: "HTTP 500", nextAttempt: now.addingTimeInterval(300))
        // Version 3 must not overtake version 2 while 2 waits for its retry.
        #expect(try store.dueNotices(subscriptionID: "hook", at: now).isEmpty)
        #expect(try store.nextNoticeAttempt(subscriptionID: "hook") == now.addingTimeInterval(300))
        #expect(try store.dueNotices(subscriptionID: "hook", at: now.addingTimeInterval(300)).map(\.id)
                == ["ntc_2", "ntc_3", "ntc_4"])

        let failed = try #require(try store.outboxEntries(subscriptionID: "hook", states: [.failed]).first)
        #expect(failed.id == "ntc_2")
        #expect(failed.attempts == 1)
        #expect(failed.lastError == "HTTP 500")
        #expect(failed.nextAttemptAt.map(Timestamp.string) == Timestamp.string(now.addingTimeInterval(300)))
    }

    @Test func aNoticeWithoutANextAttemptIsDeadAndNoLongerBlocks() throws {
        let store = try storeWithNotices(2)
        let now = Self.t0.addingTimeInterval(100)
        try store.markFailed(noticeID: "ntc_1", error: "HTTP 500", nextAttempt: nil)
        #expect(try store.outboxEntries(states: [.dead]).map(\.id) == ["ntc_1"])
        #expect(try store.dueNotices(subscriptionID: "hook", at: now).map(\.id) == ["ntc_2"])

        #expect(try store.retryNotices(ids: ["ntc_1", "ntc_2", "ntc_nope"]) == ["ntc_1"])
        #expect(try store.dueNotices(subscriptionID: "hook", at: now).map(\.id) == ["ntc_1", "ntc_2"])

        try store.markFailed(noticeID: "ntc_1", error: "x", nextAttempt: nil)
        try store.markFailed(noticeID: "ntc_2", error: "x", nextAttempt: nil)
        #expect(try store.retryDeadNotices(subscriptionID: "other") == 0)
        #expect(try store.retryDeadNotices() == 2)
        #expect(try store.outboxCounts() == [OutboxCount(subscriptionID: "hook", state: "pending", count: 2)])
    }

    @Test func replayReEnqueuesDeliveredNoticesSinceATime() throws {
        let store = try storeWithNotices(3)
        try store.markDelivered(noticeIDs: ["ntc_1", "ntc_2", "ntc_3"], at: Self.t0.addingTimeInterval(50))
        #expect(try store.dueNotices(subscriptionID: "hook", at: Self.t0.addingTimeInterval(60)).isEmpty)
        // Versions 2 and 3 were detected at t0+2 and t0+3.
        #expect(try store.replayNotices(subscriptionID: "hook", since: Self.t0.addingTimeInterval(2)) == 2)
        #expect(try store.dueNotices(subscriptionID: "hook", at: Self.t0.addingTimeInterval(60)).map(\.id) == ["ntc_2", "ntc_3"])
        #expect(try store.replayNotices(subscriptionID: "other", since: Self.t0) == 0)
    }

    @Test func subscriptionStateSurvivesAndClears() throws {
        let store = try storeWithNotices(1)
        #expect(try store.subscriptionState("hook") == SubscriptionState(subscriptionID: "hook"))
        try store.disableSubscription("hook", reason: "HTTP 410 Gone", at: Self.t0)
        try store.throttleSubscription("hook", until: Self.t0.addingTimeInterval(60))
        try store.recordDigest("hook", at: Self.t0)
        #expect(try store.subscriptionState("hook") == SubscriptionState(
            subscriptionID: "hook", disabledAt: Self.t0, disabledReason: "HTTP 410 Gone",
            throttledUntil: Self.t0.addingTimeInterval(60), lastDigestAt: Self.t0))
        #expect(try store.enableSubscription("hook"))
        #expect(try !store.enableSubscription("hook"))
        let state = try store.subscriptionState("hook")
        #expect(state.disabledAt == nil && state.throttledUntil == nil && state.lastDigestAt == Self.t0)
    }

    @Test func mailRelayRecordsUpsert() throws {
        let (store, _) = try makeStore()
        var record = MailRelayRecord(spool: "/var/spool/m", file: "ntc_1.agenda-sync", messageID: "<ntc_1@example.org>",
                                     recipients: ["jane@example.org", "joe@example.org"], state: .retry, attempts: 1,
                                     code: 451, lastReply: "451 4.3.0 try again later", firstAttemptAt: Self.t0,
                                     lastAttemptAt: Self.t0, nextAttemptAt: Self.t0.addingTimeInterval(60))
        try store.saveMailRelayRecord(record)
        #expect(try store.mailRelayRecord(spool: "/var/spool/m", file: "ntc_1.agenda-sync") == record)
        record.state = .sent
        record.attempts = 2
        record.code = 250
        record.lastReply = "250 OK"
        record.lastAttemptAt = Self.t0.addingTimeInterval(61)
        record.nextAttemptAt = nil
        try store.saveMailRelayRecord(record)
        #expect(try store.mailRelayRecords() == [record])
        #expect(try store.mailRelayRecords(states: [.failed]).isEmpty)
    }
}

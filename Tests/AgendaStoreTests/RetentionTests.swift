import AgendaCore
import AgendaDiff
import AgendaModel
import Foundation
import GRDB
import Testing
@testable import AgendaStore

/// `log_retention`, `outbox_retention`, `page_retention`: what goes, what stays, bounded passes.
@Suite struct RetentionTests {
    static let day: TimeInterval = 86_400
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let policy = RetentionPolicy(log: 30 * day, outbox: 30 * day, pages: nil)

    /// A finished cycle at `date` with `count` successful fetches and one failure.
    @discardableResult
    static func cycle(_ store: AgendaStore, at date: Date, count: Int = 20) throws -> Int64 {
        let run = try store.beginRun(sourceID: "bench", at: date)
        var fetches = SyncLogTests.cycle(count: count, at: date)
        fetches.append(FetchLogEntry(at: date, url: "http://council-0.example/x", status: 500, bytes: 0, milliseconds: 3,
                                     validators: nil, outcome: .httpError, error: "HTTP 500"))
        try store.finishRun(id: run, sourceID: "bench", at: date, outcome: .partial, fetches: fetches, meetingsSeen: count,
                            versionsWritten: 0, noticesWritten: 0, error: nil)
        return run
    }

    @Test func fetchRowsOfOldCyclesGoTheirSummariesStay() throws {
        let (store, _) = try makeStore()
        let old = try (1...3).map { try Self.cycle(store, at: Self.now.addingTimeInterval(-Double(40 + $0) * Self.day)) }
        let recent = try Self.cycle(store, at: Self.now.addingTimeInterval(-Self.day))
        let pass = try store.applyRetention(Self.policy, now: Self.now)
        #expect(pass.fetchPacks == 3 && pass.fetchRows == 3 && pass.complete)
        for run in old { #expect(try store.fetches(ofRun: run).isEmpty) }
        #expect(try store.fetches(ofRun: recent).count == 21)
        #expect(try store.runs().count == 4, "every cycle keeps its summary")
        #expect(try store.runs().allSatisfy { $0.fetches == 21 && $0.failures == 1 })
        #expect(try store.lastFailure(sourceID: "bench")?.runID == recent)
        #expect(try store.applyRetention(Self.policy, now: Self.now) == RetentionPass(), "nothing left to remove")
    }

    /// A pass reads the cycles past the cutoff through `sync_runs_by_end`: its cost follows what has
    /// expired, never the size of the whole log (SQLite's own query plan says which index it reads).
    @Test func passesFindExpiredCyclesByIndexNotByReadingTheLog() throws {
        let (store, _) = try makeStore()
        for (sql, arguments) in [(AgendaStore.expiredPacks, 2), (AgendaStore.expiredFetchRows, 2), (AgendaStore.expiredRuns, 1)] {
            let plan = try store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                 arguments: StatementArguments(Array(["2026-01-01T00:00:00Z", "10"].prefix(arguments))))
                    .map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.hasPrefix("SEARCH r USING INDEX sync_runs_by_end") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
        }
    }

    @Test func aPassIsBoundedAndTheNextCarriesOn() throws {
        let (store, _) = try makeStore()
        for index in 0..<5 { try Self.cycle(store, at: Self.now.addingTimeInterval(-Double(40 + index) * Self.day), count: 3) }
        let first = try store.applyRetention(Self.policy, now: Self.now, batch: 2)
        #expect(first.fetchPacks == 2 && first.fetchRows == 2 && !first.complete)
        var passes = 1
        while try !store.applyRetention(Self.policy, now: Self.now, batch: 2).complete, passes < 10 { passes += 1 }
        #expect(passes == 2)
        #expect(try store.tableCounts()["fetch_packs"] == 0 && store.tableCounts()["fetch_log"] == 0)
    }

    @Test func deliveredNoticesGoPendingOnesAndAFeedsNewestStay() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        let old = Self.now.addingTimeInterval(-60 * Self.day)
        for number in 1...4 {
            try store.commit(NewVersion(meeting: sampleMeeting(number: number), number: 1, contentHash: "h\(number)", rawPage: [1],
                                        fetchedAt: old.addingTimeInterval(Double(number)), changes: [], notices: [
                                            OutboxEntry(id: "ntc_a\(number)", subscriptionID: "hooks", type: .meetingNew, payload: [1]),
                                            OutboxEntry(id: "ntc_f\(number)", subscriptionID: "feed", type: .meetingNew, payload: [2]),
                                        ]))
        }
        try store.markDelivered(noticeIDs: ["ntc_a1", "ntc_a2", "ntc_a3", "ntc_f1", "ntc_f2", "ntc_f3", "ntc_f4"], at: old)
        try store.markDelivered(noticeIDs: ["ntc_a4"], at: Self.now.addingTimeInterval(-Self.day))
        var policy = Self.policy
        policy.listedNotices = ["feed": 2]
        let pass = try store.applyRetention(policy, now: Self.now)
        #expect(pass.notices == 5)
        let left = Set(try store.notices().map(\.id))
        // ntc_a4 was delivered yesterday; the feed lists its two newest.
        #expect(left == ["ntc_a4", "ntc_f3", "ntc_f4"])
        #expect(try store.latestNoticePayloads(subscriptionID: "feed", limit: 2).count == 2)
    }

    @Test func undeliveredNoticesStayWhateverTheirAge() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        try store.commit(NewVersion(meeting: sampleMeeting(), number: 1, contentHash: "h", rawPage: [1],
                                    fetchedAt: Self.now.addingTimeInterval(-90 * Self.day), changes: [], notices: [
                                        OutboxEntry(id: "ntc_p", subscriptionID: "a", type: .meetingNew, payload: [1]),
                                        OutboxEntry(id: "ntc_f", subscriptionID: "b", type: .meetingNew, payload: [1]),
                                    ]))
        try store.markFailed(noticeID: "ntc_f", error: "HTTP 500", nextAttempt: Self.now)
        #expect(try store.applyRetention(Self.policy, now: Self.now).notices == 0)
        #expect(try store.notices().count == 2)
    }

    static func change(_ version: Int) -> Change {
        Change(kind: .documentAdded, item: "17", title: "Report \(version)", url: "https://x/\(version).pdf")
    }

    @Test func supersededPagesAreDroppedAndTheirRecordsStay() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        let id = sampleMeeting().id
        let stored = [Self.now.addingTimeInterval(-100 * Self.day), Self.now.addingTimeInterval(-50 * Self.day),
                      Self.now.addingTimeInterval(-Self.day)]
        for (index, date) in stored.enumerated() {
            let meeting = sampleMeeting(title: "Title \(index + 1)")
            try store.commit(NewVersion(meeting: meeting, number: index + 1, contentHash: ContentHash.of(meeting),
                                        rawPage: Array("<html>page \(index + 1)</html>".utf8), fetchedAt: date,
                                        changes: index == 0 ? [] : [Self.change(index + 1)], notices: []))
        }
        var policy = Self.policy
        #expect(try store.applyRetention(policy, now: Self.now).pages == 0, "page_retention unset keeps every page")
        policy.pages = 30 * Self.day
        // Version 1 was superseded 50 days ago, version 2 a day ago, version 3 is current.
        #expect(try store.applyRetention(policy, now: Self.now).pages == 1)
        #expect(try store.rawPage(id, version: 1) == nil)
        #expect(try store.rawPage(id, version: 2) == Array("<html>page 2</html>".utf8))
        #expect(try store.rawPage(id, version: 3) == Array("<html>page 3</html>".utf8))
        #expect(try store.meeting(id, version: 1)?.meeting.title == "Title 1", "the typed record stays")
        let history = try store.history(of: id)
        #expect(history.map(\.number) == [1, 2, 3])
        #expect(history[1].changes == [Self.change(2)] && history[2].changes == [Self.change(3)])
        #expect(history[0].rawSize == "<html>page 1</html>".utf8.count, "the size it had is still said")
        #expect(try store.applyRetention(policy, now: Self.now).pages == 0, "dropped once")
        #expect(try store.integrityCheck() == "ok")
    }

    /// Once retention has caught up, the freed pages take the new cycles' fetches: the log's tables
    /// stop growing (the file grows by the cycle summaries alone).
    @Test func afterRetentionTheFetchLogStopsGrowing() throws {
        let (store, _) = try makeStore()
        let policy = RetentionPolicy(log: 10, outbox: 10, pages: nil)
        func logBytes() throws -> Int {
            try store.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN ('fetch_packs', 'fetch_log', 'fetch_urls',
                        'sqlite_autoindex_fetch_urls_1', 'fetch_log_by_run')
                    """) ?? 0
            }
        }
        func freePages() throws -> Int { try store.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 } }
        var sizes: [Int] = []
        for index in 0..<60 {
            let at = Self.now.addingTimeInterval(Double(index) * 5)
            try Self.cycle(store, at: at, count: 1_110)
            _ = try store.applyRetention(policy, now: at)
            if index >= 20 { sizes.append(try logBytes()) }
        }
        #expect(Set(sizes).count == 1, "fetch log bytes over 40 cycles after retention caught up: \(Set(sizes).sorted())")
        #expect(try freePages() > 0, "retention's freed pages wait for the next cycle")
    }

    /// A finished quiet cycle of `source` at `date`: `count` fetches, all unchanged or not modified.
    @discardableResult
    static func quietCycle(_ store: AgendaStore, source: String = "bench", at date: Date, count: Int = 20) throws -> Int64 {
        let run = try store.beginRun(sourceID: source, at: date)
        try store.finishRun(id: run, sourceID: source, at: date.addingTimeInterval(2), outcome: .ok,
                            fetches: SyncLogTests.cycle(count: count, at: date), meetingsSeen: count,
                            versionsWritten: 0, noticesWritten: 0, error: nil)
        return run
    }

    @Test func oldQuietCyclesCollapseOthersAndTheNewestStayWhole() throws {
        let (store, _) = try makeStore()
        func daysAgo(_ days: Double) -> Date { Self.now.addingTimeInterval(-days * Self.day) }
        let firstRun = try (0..<3).map { try Self.quietCycle(store, at: daysAgo(50 - Double($0))) }
        let failed = try Self.cycle(store, at: daysAgo(46))
        let secondRun = try (0..<2).map { try Self.quietCycle(store, at: daysAgo(45 - Double($0))) }
        let changed = try store.beginRun(sourceID: "bench", at: daysAgo(42))
        try store.finishRun(id: changed, sourceID: "bench", at: daysAgo(42), outcome: .ok, fetches: SyncLogTests.cycle(count: 3, at: daysAgo(42)),
                            meetingsSeen: 3, versionsWritten: 1, noticesWritten: 2, error: nil)
        let lastOld = try Self.quietCycle(store, at: daysAgo(41))
        let recent = try (0..<2).map { try Self.quietCycle(store, at: daysAgo(2 - Double($0))) }
        // Another source whose cycles all lie past the cutoff: its newest stays whatever its age.
        let other = try (0..<2).map { try Self.quietCycle(store, source: "gone", at: daysAgo(60 - Double($0))) }
        let pass = try store.applyRetention(Self.policy, now: Self.now)
        #expect(pass.quietRuns == 3 && pass.complete)

        let runs = try store.runs(sourceID: "bench")
        #expect(runs.map(\.id) == [recent[1], recent[0], lastOld, changed, secondRun[1], failed, firstRun[2]])
        #expect(runs.map(\.cycles) == [1, 1, 1, 1, 2, 1, 3])
        let collapsed = try #require(runs.last)
        #expect(collapsed.firstStartedAt == daysAgo(50) && collapsed.startedAt == daysAgo(48))
        #expect(collapsed.finishedAt == daysAgo(48).addingTimeInterval(2))
        #expect(collapsed.fetches == 60 && collapsed.outcome == .ok && collapsed.failures == 0)
        #expect(runs[4].firstStartedAt == daysAgo(45) && runs[4].fetches == 40)
        #expect(runs[5].fetches == 21 && runs[5].failures == 1, "a failed cycle keeps its own row")
        #expect(runs[3].versionsWritten == 1 && runs[3].noticesWritten == 2, "a cycle that changed something keeps its own row")
        #expect(try store.runs(sourceID: "gone").map(\.cycles) == [1, 1] && store.runs(sourceID: "gone").first?.id == other[1])
        #expect(try store.activity(sourceID: "bench", since: daysAgo(100)).cycles == 10, "every cycle still counted")
        #expect(try store.lastFailure(sourceID: "bench")?.runID == failed)
        #expect(try store.lastSuccessfulRun(sourceID: "bench")?.id == recent[1])
        #expect(try store.applyRetention(Self.policy, now: Self.now) == RetentionPass(), "nothing left to collapse")

        // The recent cycles, once past the cutoff, join the last old quiet one; the newest stays.
        let later = Self.now.addingTimeInterval(40 * Self.day)
        #expect(try store.applyRetention(Self.policy, now: later).quietRuns == 1)
        #expect(try store.runs(sourceID: "bench").prefix(2).map(\.cycles) == [1, 2])
        #expect(try store.runs(sourceID: "bench")[1].id == recent[0])
    }

    @Test func collapsingIsBoundedAndTheNextPassCarriesOn() throws {
        let (store, _) = try makeStore()
        // Cycles without fetches: no fetch rows to remove first, so every pass's budget goes to collapsing.
        for index in 0..<6 { try Self.quietCycle(store, at: Self.now.addingTimeInterval(-Double(40 - index) * Self.day), count: 0) }
        let newest = try Self.quietCycle(store, at: Self.now, count: 0)
        var passes = [try store.applyRetention(Self.policy, now: Self.now, batch: 2)]
        while !passes[passes.count - 1].complete, passes.count < 10 {
            passes.append(try store.applyRetention(Self.policy, now: Self.now, batch: 2))
        }
        #expect(passes.map(\.quietRuns) == [2, 2, 1] && passes.map(\.complete) == [false, false, true])
        let runs = try store.runs()
        #expect(runs.map(\.cycles) == [1, 6] && runs[0].id == newest)
    }

    /// The requirement: after retention, a long run of unchanged cycles adds 0 bytes to the
    /// database file (its page count, which `PRAGMA page_count` reports whatever the WAL holds).
    @Test func afterRetentionUnchangedCyclesAddNoPages() throws {
        let (store, _) = try makeStore()
        let policy = RetentionPolicy(log: 10, outbox: 10, pages: nil)
        func pages() throws -> Int { try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 } }
        var counts: [Int] = []
        for index in 0..<120 {
            let at = Self.now.addingTimeInterval(Double(index) * 5)
            try Self.quietCycle(store, at: at, count: 300)
            _ = try store.applyRetention(policy, now: at.addingTimeInterval(2))
            if index >= 40 { counts.append(try pages()) }
        }
        #expect(Set(counts).count == 1, "page counts over 80 unchanged cycles after retention caught up: \(Set(counts).sorted())")
        let runs = try store.runs()
        #expect(runs.count <= 5 && runs.reduce(0) { $0 + $1.cycles } == 120, "\(runs.map(\.cycles))")
    }
}


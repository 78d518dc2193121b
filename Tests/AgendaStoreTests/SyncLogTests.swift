import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

/// The compact sync log: successful fetches packed into one row per cycle, failures in full rows,
/// read back together in the order they were made.
@Suite struct SyncLogTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)

    /// A cycle like the benchmark's: `count` successful fetches of distinct pages on 10 hosts,
    /// with the spread of sizes, durations and validators a real cycle has.
    static func cycle(count: Int, at start: Date, outcome: FetchOutcome = .unchanged) -> [FetchLogEntry] {
        (0..<count).map { index in
            FetchLogEntry(at: start.addingTimeInterval(Double(index) / 10), url: "http://council-\(index % 10).example/ieListDocuments.aspx?CId=\(100 + index / 100)&MId=\(10_000 + index)",
                          status: index % 7 == 0 ? 304 : 200, bytes: 35_000 + (index * 7_919) % 25_000,
                          milliseconds: 3 + (index * 37) % 180, validators: [nil, "etag", "last-modified", "etag,last-modified"][index % 4],
                          outcome: index % 7 == 0 ? .notModified : outcome, error: nil)
        }
    }

    static func logicalBytes(_ store: AgendaStore) throws -> Int {
        try store.read { db in
            try Int.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ?? 0
        }
    }

    @Test func packedAndFullRowsReadBackInOrderWithEveryField() throws {
        let (store, _) = try makeStore()
        var fetches = Self.cycle(count: 40, at: Self.start)
        fetches[3] = FetchLogEntry(at: Self.start, url: "http://council-3.example/mgListCommittees.aspx", status: 503, bytes: 120,
                                   milliseconds: 9, validators: "etag", outcome: .httpError, error: "HTTP 503")
        fetches[17] = FetchLogEntry(at: Self.start, url: "http://council-7.example/x", status: nil, bytes: 0, milliseconds: 30_000,
                                    validators: nil, outcome: .transportError, error: "Timeout was reached")
        // A validator set no fetch sends today cannot be packed: it keeps a full row, not a guess.
        fetches[20].validators = "if-none-match"
        let run = try store.beginRun(sourceID: "leics", at: Self.start)
        try store.finishRun(id: run, sourceID: "leics", at: Self.start.addingTimeInterval(5), outcome: .partial, fetches: fetches,
                            meetingsSeen: 30, versionsWritten: 0, noticesWritten: 0, error: nil)
        let stored = fetches.map { entry in
            var entry = entry
            entry.at = Date(timeIntervalSince1970: entry.at.timeIntervalSince1970.rounded(.down))  // whole seconds, as every timestamp
            return entry
        }
        #expect(try store.fetches(ofRun: run) == stored)
        #expect(try store.fetches(ofRun: run, failuresOnly: true) == [stored[3], stored[17]])
        let counts = try store.tableCounts()
        #expect(counts["fetch_log"] == 3, "the two failures and the unpackable one")
        #expect(counts["fetch_packs"] == 1)

        let log = try store.fetchLog(sourceID: "leics", limit: 5)
        #expect(log.map(\.entry) == Array(stored.reversed().prefix(5)), "newest first")
        #expect(try store.fetchLog(failuresOnly: true).map(\.entry) == [stored[17], stored[3]])
        #expect(try store.fetchLog(sourceID: "other").isEmpty)
        let failure = try #require(try store.lastFailure(sourceID: "leics"))
        #expect(failure.url == "http://council-7.example/x" && failure.message == "Timeout was reached")
    }

    @Test func anUnchangedCycleOf1110FetchesAddsAtMost16KB() throws {
        let (store, _) = try makeStore()
        let baseline = try store.beginRun(sourceID: "bench", at: Self.start)
        try store.finishRun(id: baseline, sourceID: "bench", at: Self.start, outcome: .ok,
                            fetches: Self.cycle(count: 1_110, at: Self.start, outcome: .ok), meetingsSeen: 1_000, versionsWritten: 1_000,
                            noticesWritten: 0, error: nil)
        var added: [Int] = []
        for cycle in 1...3 {
            let at = Self.start.addingTimeInterval(Double(cycle) * 1_800)
            let before = try Self.logicalBytes(store)
            let run = try store.beginRun(sourceID: "bench", at: at)
            try store.finishRun(id: run, sourceID: "bench", at: at, outcome: .ok, fetches: Self.cycle(count: 1_110, at: at),
                                meetingsSeen: 1_000, versionsWritten: 0, noticesWritten: 0, error: nil)
            added.append(try Self.logicalBytes(store) - before)
            #expect(try store.fetches(ofRun: run).count == 1_110)
        }
        #expect(added.allSatisfy { $0 <= 16 * 1024 }, "bytes added per unchanged cycle: \(added)")
        #expect(try store.tableCounts()["fetch_log"] == 0)
    }

    @Test func aDamagedPackIsAnErrorNotAnEmptyLog() throws {
        let (store, _) = try makeStore()
        let run = try store.beginRun(sourceID: "leics", at: Self.start)
        try store.finishRun(id: run, sourceID: "leics", at: Self.start, outcome: .ok, fetches: Self.cycle(count: 10, at: Self.start),
                            meetingsSeen: 10, versionsWritten: 0, noticesWritten: 0, error: nil)
        try store.write { db in try db.execute(sql: "UPDATE fetch_packs SET fetches = substr(fetches, 1, length(fetches) - 3)") }
        #expect(throws: StoreError.self) { try store.fetches(ofRun: run) }
    }

    @Test func packsRejectWhatTheyDidNotWrite() {
        let pack = FetchPack(fetches: [FetchPack.Fetch(position: 0, urlID: 5, at: 1_796_000_000, status: 200, bytes: 10,
                                                       milliseconds: 2, validators: "etag", outcome: .unchanged)])
        let bytes = pack.encode()
        #expect(FetchPack(decoding: bytes) == pack)
        #expect(FetchPack(decoding: Array(bytes.dropLast())) == nil)
        #expect(FetchPack(decoding: []) == nil)
        #expect(FetchPack(decoding: [0xFF, 0xFF, 0xFF]) == nil)
    }
}

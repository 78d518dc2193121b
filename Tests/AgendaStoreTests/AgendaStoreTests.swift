import AgendaCore
import AgendaModel
import Foundation
import Testing
@testable import AgendaStore
import TestSupport

/// A fresh database file in its own temporary folder.
func makeStore() throws -> (AgendaStore, URL) {
    let folder = URL(fileURLWithPath: try makeTemporaryFolder("agenda-store"))
    return (try AgendaStore(path: folder.appendingPathComponent("test.sqlite").path), folder)
}

func sampleMeeting(number: Int = 7892, title: String = "Children and Families Overview and Scrutiny Committee - Tuesday, 2 September 2025 2.00 pm") -> Meeting {
    Meeting(
        id: MeetingID(source: "leics", number: number),
        url: "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=\(number)",
        committee: Committee(id: 1043, name: "Children and Families Overview and Scrutiny Committee"),
        title: title, start: LondonDateTime(iso8601: "2025-09-02T14:00:00+01:00"), venue: "Sparkenhoe Committee Room, County Hall, Glenfield",
        status: .confirmed, published: PublishedFlags(agenda: true, minutes: false, decisions: false),
        actionDocuments: [],
        items: [AgendaItem(id: "AI1", number: "17", title: "Minutes of the meeting held on 3 June 2025.", text: nil,
                           documents: [Document(title: "Minutes", url: "https://democracy.leics.gov.uk/documents/s1/Minutes.pdf", size: "PDF 117 KB")],
                           minutes: nil, decision: nil)])
}

@Suite struct AgendaStoreTests {
    @Test func opensInWALWithFullSync() throws {
        let (store, _) = try makeStore()
        let (mode, sync) = try store.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)  // FULL
        // The connection that commits is the one whose setting counts.
        #expect(try store.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try store.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -256)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -256)
        #expect(try store.integrityCheck() == "ok")
    }

    /// `agenda-sync run` starting on a new database while `status` (or a second `sync`) opens it
    /// too: each applies the schema's migrations, and whichever comes second must carry on from
    /// what the first committed, not fail with "table … already exists". Several openers on their
    /// own threads (own connections, as separate processes have), on fresh files, several rounds.
    /// A busy lock is the documented passing outcome (SQLite refuses one of two connections that
    /// turn a new file to WAL at once): the opener tries again, as the daemon does.
    @Test func openersRacingOnANewDatabaseAllSucceed() async throws {
        let folder = try makeTemporaryFolder("agenda-store-race")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rounds = 10, openers = 4
        let failures = Locked<[String]>([])
        let finished = Locked(0)
        for round in 0..<rounds {
            let path = folder + "/race-\(round).sqlite"
            for _ in 0..<openers {
                Thread.detachNewThread {
                    for attempt in 1...20 {
                        do {
                            let store = try AgendaStore(path: path)
                            _ = try store.tableCounts()
                            break
                        } catch let error as StoreError where error.isTransient && attempt < 20 {
                            usleep(50_000)
                        } catch {
                            failures.withLock { $0.append("round \(round): \(error)") }
                            break
                        }
                    }
                    finished.withLock { $0 += 1 }
                }
            }
        }
        try await waitFor(timeout: .seconds(60), "every opener to finish") { finished.withLock { $0 } == rounds * openers }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        for round in 0..<rounds {
            #expect(try AgendaStore(path: folder + "/race-\(round).sqlite").integrityCheck() == "ok")
        }
    }

    @Test func missingDirectoryIsAClearError() {
        #expect {
            _ = try AgendaStore(path: "/nonexistent-agenda-sync-dir/x/agenda.sqlite")
        } throws: { error in
            "\(error)".contains("cannot open database /nonexistent-agenda-sync-dir/x/agenda.sqlite")
                && "\(error)".contains("does not exist")
        }
    }

    @Test func sqliteRefusalsKeepTheirResultCodeAndAdvice() throws {
        func failure(_ code: Int32) -> StoreError {
            .sqlite(SQLiteFailure(path: "/var/lib/a.sqlite", extendedCode: code, message: "m", opening: false))
        }
        #expect(failure(5).sqliteKind == .busy && failure(5).isTransient)
        #expect(failure(6).sqliteKind == .busy)
        #expect(failure(517).sqliteKind == .busy, "SQLITE_BUSY_SNAPSHOT")
        #expect(failure(13).sqliteKind == .full && failure(13).isTransient)
        #expect(failure(11).sqliteKind == .corrupt && !failure(11).isTransient)
        #expect(failure(26).sqliteKind == .corrupt, "SQLITE_NOTADB")
        #expect(failure(8).sqliteKind == .readOnly && !failure(8).isTransient)
        #expect(failure(14).sqliteKind == .cannotOpen)
        #expect("\(failure(5))".contains("another sync/run holds the database"))
        #expect("\(failure(13))".contains("the disk is full"))
        #expect("\(failure(11))".contains(".recover"))
        #expect("\(failure(8))".contains("must own the file"))

        // A file that is not a database: corrupt, with the code SQLite gave.
        let (_, folder) = try makeStore()
        let junk = folder.path + "/junk.sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        #expect {
            _ = try AgendaStore(path: junk)
        } throws: { error in
            guard let error = error as? StoreError, case .sqlite(let failure) = error else { return false }
            return failure.kind == .corrupt && failure.primaryCode == 26 && failure.opening
                && "\(error)".hasPrefix("cannot open database \(junk): the file is damaged or not an agenda-sync database")
        }
    }

    @Test func versionChangesAndNoticesCommitTogether() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "Leicestershire County Council", baseURL: "https://democracy.leics.gov.uk/")
        let meeting = sampleMeeting()
        let page = Array("<html>page</html>".utf8)
        try store.commit(NewVersion(
            meeting: meeting, number: 1, contentHash: "h1", rawPage: page, fetchedAt: Date(timeIntervalSince1970: 1_700_000_000),
            changes: [Change(kind: .meetingNew)],
            notices: [OutboxEntry(id: "ntc_a", subscriptionID: "audit", type: .meetingNew, payload: Array("{}".utf8))]))

        let stored = try #require(try store.meeting(meeting.id))
        #expect(stored.version == 1)
        #expect(stored.meeting == meeting)
        #expect(try store.rawPage(meeting.id, version: 1) == page)
        let history = try store.history(of: meeting.id)
        #expect(history.map(\.number) == [1])
        #expect(history[0].changes == [Change(kind: .meetingNew)])
        #expect(try store.dueNotices(subscriptionID: "audit", at: Date()).map(\.id) == ["ntc_a"])
        let state = try #require(try store.meetingState(meeting.id))
        #expect(state.currentVersion == 1)
        #expect(state.contentHash == "h1")
    }

    @Test func aChangeKeepsWhetherItsDocumentIsOnAnotherSite() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "Leicestershire County Council", baseURL: "https://democracy.leics.gov.uk/")
        let meeting = sampleMeeting()
        let changes = [
            Change(kind: .documentAdded, item: "5", title: "Consultation", url: "https://consult.example.org/plan.pdf", external: true),
            Change(kind: .documentAdded, item: "5", title: "Report", url: "https://democracy.leics.gov.uk/documents/s1/R.pdf"),
        ]
        try store.commit(NewVersion(meeting: meeting, number: 1, contentHash: "h1", rawPage: [1], fetchedAt: Date(),
                                    changes: changes, notices: []))
        #expect(try store.history(of: meeting.id).first?.changes == changes)
    }

    @Test func aVersionOutOfSequenceWritesNothing() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        let meeting = sampleMeeting()
        try store.commit(NewVersion(meeting: meeting, number: 1, contentHash: "h1", rawPage: [1], fetchedAt: Date(),
                                    changes: [], notices: []))
        #expect(throws: StoreError.self) {
            try store.commit(NewVersion(meeting: meeting, number: 3, contentHash: "h3", rawPage: [3], fetchedAt: Date(),
                                        changes: [Change(kind: .itemAdded)],
                                        notices: [OutboxEntry(id: "ntc_x", subscriptionID: "s", type: .meetingChanged, payload: [])]))
        }
        let counts = try store.tableCounts()
        #expect(counts["versions"] == 1)
        #expect(counts["changes"] == 0)
        #expect(counts["notices"] == 0)
    }

    @Test func listingCreatesVersionZeroRowsAndTracksMissing() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        let listed = ListedMeeting(id: MeetingID(source: "leics", number: 5), committee: Committee(id: 1, name: "C"),
                                   url: "https://x/ieListDocuments.aspx?CId=1&MId=5", start: nil, cancelled: false)
        try store.recordListing(sourceID: "leics", listed: [listed], missing: [], announceNew: false, at: Date())
        var state = try #require(try store.meetingState(listed.id))
        #expect(state.currentVersion == 0)
        #expect(state.announceNew == false)
        try store.recordListing(sourceID: "leics", listed: [], missing: [listed.id], announceNew: true, at: Date())
        state = try #require(try store.meetingState(listed.id))
        #expect(state.missingSince != nil)
        #expect(state.announceNew == false, "a later listing does not change how the meeting was first seen")
        try store.recordListing(sourceID: "leics", listed: [listed], missing: [], announceNew: true, at: Date())
        #expect(try store.meetingState(listed.id)?.missingSince == nil)
        #expect(try store.meetings(sourceID: "leics").isEmpty, "meetings without a stored version are not listed")
    }

    @Test func syncLogKeepsRunsAndFetches() throws {
        let (store, _) = try makeStore()
        let run = try store.beginRun(sourceID: "leics", at: Date(timeIntervalSince1970: 1_700_000_000))
        let fetches = [
            FetchLogEntry(at: Date(), url: "https://x/a", status: 200, bytes: 100, milliseconds: 5, validators: nil,
                          outcome: .ok, error: nil),
            FetchLogEntry(at: Date(), url: "https://x/b", status: 503, bytes: 10, milliseconds: 7, validators: "etag",
                          outcome: .httpError, error: "HTTP 503"),
        ]
        try store.finishRun(id: run, sourceID: "leics", at: Date(), outcome: .partial, fetches: fetches, meetingsSeen: 1,
                            versionsWritten: 0, noticesWritten: 0, error: nil)
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs[0].outcome == .partial)
        #expect(runs[0].fetches == 2)
        #expect(runs[0].failures == 1)
        #expect(runs[0].bytes == 110)
        let failed = try store.fetchLog(failuresOnly: true)
        #expect(failed.map(\.entry.url) == ["https://x/b"])
        #expect(failed[0].entry.status == 503)
        #expect(failed[0].entry.validators == "etag")
    }

    @Test func validatorsRoundTrip() throws {
        let (store, _) = try makeStore()
        #expect(try store.validators(for: "https://x/a") == nil)
        let v = PageValidators(etag: "\"abc\"", lastModified: "Sun, 29 Nov 2026 06:53:42 GMT", bodyDigest: "d1")
        try store.saveValidators(v, for: "https://x/a")
        try store.saveValidators(v, for: "https://x/a")
        #expect(try store.validators(for: "https://x/a") == v)
    }

    @Test func deliveredNoticesLeaveTheQueue() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        try store.commit(NewVersion(meeting: sampleMeeting(), number: 1, contentHash: "h", rawPage: [], fetchedAt: Date(),
                                    changes: [], notices: [
                                        OutboxEntry(id: "ntc_1", subscriptionID: "a", type: .meetingNew, payload: [1]),
                                        OutboxEntry(id: "ntc_2", subscriptionID: "b", type: .meetingNew, payload: [2]),
                                    ]))
        try store.markDelivered(noticeIDs: ["ntc_1"], at: Date())
        #expect(try store.dueNotices(subscriptionID: "a", at: Date()).isEmpty)
        #expect(try store.dueNotices(subscriptionID: "b", at: Date()).map(\.payload) == [[2]])
        try store.markFailed(noticeID: "ntc_2", error: "disk full", nextAttempt: Date().addingTimeInterval(60))
        #expect(try store.dueNotices(subscriptionID: "b", at: Date()).isEmpty, "not due before its next attempt")
        #expect(try store.dueNotices(subscriptionID: "b", at: Date().addingTimeInterval(120)).count == 1)
        let counts = try store.outboxCounts()
        #expect(counts.contains(OutboxCount(subscriptionID: "a", state: "delivered", count: 1)))
        #expect(counts.contains(OutboxCount(subscriptionID: "b", state: "failed", count: 1)))
    }

    @Test func zlibRoundTrip() {
        let text = Array(String(repeating: "<tr><td class=\"mgItemNumberCell\">54.</td></tr>\n", count: 500).utf8)
        let packed = Zlib.compress(text)
        #expect(packed.count < text.count / 10)
        #expect(Zlib.decompress(packed, originalSize: text.count) == text)
        #expect(Zlib.decompress(Array(packed.dropLast(4)), originalSize: text.count) == nil)
    }
}

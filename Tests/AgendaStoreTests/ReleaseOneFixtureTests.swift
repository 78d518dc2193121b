import AgendaCore
import AgendaDiff
import AgendaModel
import Foundation
import GRDB
import Testing
@testable import AgendaStore

/// The database the first release wrote (Tests/Fixtures/release-1, the demo on 2026-12-03): every
/// stored record, meeting row and notice must read with today's model — typed meeting starts,
/// `Date` timestamps — and give back the same bytes and hashes, so an upgrade mints no version
/// and no notice.
@Suite struct ReleaseOneFixtureTests {
    /// A copy of the fixture (opening a database may write to it; the repository's copy stays as shipped).
    static func openCopy() throws -> AgendaStore {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/release-1/agenda-sync.sqlite")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("release-1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("agenda-sync.sqlite")
        try FileManager.default.copyItem(at: fixture, to: copy)
        return try AgendaStore(path: copy.path)
    }

    @Test func everyStoredRecordDecodesReEncodesToItsBytesAndHashesToItsContentHash() throws {
        let store = try Self.openCopy()
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT meeting_id, number, content_hash, record, record_size FROM versions ORDER BY meeting_id, number")
                .map { row -> (String, Int, String, Data, Int) in
                    (row["meeting_id"], row["number"], row["content_hash"], row["record"], row["record_size"])
                }
        }
        #expect(rows.count == 10, "the fixture holds 10 versions")
        var starts = 0
        for (id, number, contentHash, compressed, size) in rows {
            let json = try #require(Zlib.decompress(Array(compressed), originalSize: size))
            let meeting = try RecordCoding.decoder.decode(Meeting.self, from: Data(json))
            #expect(Array(try RecordCoding.encoder.encode(meeting)) == json, "\(id) v\(number) re-encodes byte for byte")
            #expect(contentHash.count == 64, "the first release stored SHA-256 hex")
            #expect(ContentHash(of: meeting).matches(contentHash), "\(id) v\(number)")
            #expect(try store.meeting(MeetingID(id)!, version: number)?.meeting == meeting)
            if let start = meeting.start {
                starts += 1
                #expect(start.time != nil && start.utcOffset == LondonTime.shared.offset(at: start.instant), "\(id): \(start)")
            }
        }
        #expect(starts == rows.count)
    }

    @Test func meetingRowsNoticesAndTimestampsReadWithTypes() throws {
        let store = try Self.openCopy()
        let meetings = try store.meetings()
        #expect(meetings.count == 7)
        #expect(meetings.allSatisfy { $0.start != nil })
        #expect(meetings.map(\.start) == meetings.map(\.start).sorted { $0! < $1! }, "earliest first")
        for meeting in meetings {
            let history = try store.history(of: meeting.id)
            #expect(history.count == meeting.currentVersion)
            #expect(history.allSatisfy { Timestamp.string($0.fetchedAt).hasPrefix("2026-12-03T") })
            #expect(meeting.firstSeenAt <= history[0].fetchedAt)
        }
        let notices = try store.notices()
        #expect(notices.count == 11)
        for notice in notices {
            let decoded = try NoticeJSON.decode(notice.payload)
            #expect(NoticeJSON.encode(decoded) == notice.payload, "\(notice.id) re-encodes byte for byte")
        }
        let outbox = try store.outboxEntries(limit: 1_000)
        #expect(outbox.count == notices.count)
        #expect(outbox.allSatisfy { $0.state == .delivered && $0.deliveredAt != nil && $0.createdAt <= $0.deliveredAt! })
        let runs = try store.runs(limit: 100)
        #expect(!runs.isEmpty && runs.allSatisfy { $0.finishedAt.map { $0 >= runs.last!.startedAt } ?? false })
    }
}

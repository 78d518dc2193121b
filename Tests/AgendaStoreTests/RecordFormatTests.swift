import AgendaCore
import AgendaModel
import Foundation
import GRDB
import Testing
@testable import AgendaStore

/// Records kept like raw pages (zstd with the ModernGov dictionary, `record_format`), the zlib records
/// before them, and `versions` as a rowid table after v12-versions-rowid.
@Suite struct RecordFormatTests {
    /// A new store holding version 1 of `sampleMeeting()`.
    static func storeWithOneVersion() throws -> (AgendaStore, Meeting) {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "Leicestershire County Council", baseURL: "https://democracy.leics.gov.uk/")
        let meeting = sampleMeeting()
        try store.commit(NewVersion(meeting: meeting, number: 1, contentHash: "h1", rawPage: Array("<html></html>".utf8),
                                    fetchedAt: Date(), changes: [Change(kind: .meetingNew)], notices: []))
        return (store, meeting)
    }

    @Test func aNewRecordIsZstdWithTheDictionaryAndReadsBack() throws {
        let (store, meeting) = try Self.storeWithOneVersion()
        let stored = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT record, record_size, record_format FROM versions").map {
                ($0["record"] as Data, $0["record_size"] as Int, $0["record_format"] as String?)
            }
        }
        let (record, size, format) = try #require(stored)
        #expect(format == "zstd:\(PageDictionary.current.id)")
        let json = try PageFormat.decode(record, format: format, size: size)
        #expect(json == Array(try RecordCoding.encoder.encode(meeting)))
        #expect(try store.storedVersion(meeting.id)?.meeting == meeting)
        #expect(try store.currentVersions(of: [meeting.id]).map(\.meeting) == [meeting])
    }

    /// The first release's zlib records (record_format NULL after the upgrade) read as before, and
    /// `versions` is a rowid table whose key is still unique.
    @Test func releaseOneRecordsStayZlibAndReadableInTheRebuiltTable() throws {
        let store = try ReleaseOneFixtureTests.openCopy()
        let (schema, formats, ids) = try store.read { db in
            (try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'versions'"),
             try String?.fetchAll(db, sql: "SELECT record_format FROM versions"),
             try Row.fetchAll(db, sql: "SELECT meeting_id, number FROM versions").map { ($0["meeting_id"] as String, $0["number"] as Int) })
        }
        let sql = try #require(schema)
        #expect(!sql.uppercased().contains("WITHOUT ROWID"), "\(sql)")
        #expect(formats == Array(repeating: nil, count: 10))
        for (id, number) in ids {
            #expect(try store.storedVersion(MeetingID(id)!, number: number)?.version == number, "\(id) v\(number)")
        }
        let (id, number) = try #require(ids.first)
        let duplicate = #expect(throws: StoreError.self) {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO versions (meeting_id, number, content_hash, fetched_at, record_size, raw_size, record, raw_page)
                    VALUES (?, ?, 'x', '2026-01-01T00:00:00Z', 0, 0, X'', X'')
                    """, arguments: [id, number])
            }
        }
        #expect("\(duplicate.map { "\($0)" } ?? "")".contains("UNIQUE constraint failed: versions.meeting_id, versions.number"))
    }

    @Test func aDamagedRecordIsAStoreErrorNamingTheVersion() throws {
        let (store, meeting) = try Self.storeWithOneVersion()
        try store.write { db in try db.execute(sql: "UPDATE versions SET record = X'28B52FFD00010203'") }
        do {
            _ = try store.storedVersion(meeting.id)
            Issue.record("a damaged record decoded")
        } catch {
            #expect("\(error)".contains("version 1 of leics/7892"), "\(error)")
        }
    }
}

import AgendaCore
import AgendaModel
import Foundation
import GRDB
import Testing
import TestSupport
@testable import AgendaStore

/// Raw pages in zstd with the shipped ModernGov dictionary, the zlib pages before them, and the
/// errors a page that cannot be given back produces.
@Suite struct PageFormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static func fixturePage(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent("ModernGovTests/Fixtures/\(name)")))
    }

    @Test func everyShippedDictionaryIsTheZstdDictionaryOfItsRecordedID() throws {
        #expect(Set(PageDictionary.all.map(\.id)).count == PageDictionary.all.count, "ids are unique")
        #expect(PageDictionary.all.contains { $0.id == PageDictionary.current.id })
        for dictionary in PageDictionary.all {
            let codec = try #require(ZstdDictionaryCodec(dictionary: dictionary.bytes, level: PageFormat.zstdLevel))
            #expect(codec.dictionaryID == dictionary.id)
            #expect(PageDictionary.codec(id: dictionary.id) != nil)
        }
        // Bytes that are not a trained dictionary are refused, not taken as one.
        #expect(ZstdDictionaryCodec(dictionary: Array("<html>not a dictionary</html>".utf8), level: 3) == nil)
    }

    @Test func pagesRoundTripSmallerThanZlib() throws {
        for name in ["leics-ieListDocuments-CId1043-MId7892.html", "kingston-ieListDocuments-CId711-MId10161-cancelled.html"] {
            let page = try Self.fixturePage(name)
            let stored = PageFormat.encode(page)
            #expect(stored.format == "zstd:\(PageDictionary.current.id)")
            #expect(try PageFormat.decode(stored.bytes, format: stored.format, size: page.count) == page)
            #expect(stored.bytes.count < Zlib.compress(page).count, "\(name): \(stored.bytes.count) bytes")
        }
        let empty = PageFormat.encode([])
        #expect(try PageFormat.decode(empty.bytes, format: empty.format, size: 0) == [])
        let zlibPage = Array("<html>a zlib row</html>".utf8)
        #expect(try PageFormat.decode(Data(Zlib.compress(zlibPage)), format: PageFormat.zlib, size: zlibPage.count) == zlibPage)
    }

    /// zstd's own command-line tool (Debian's `zstd`) is the oracle: what we store is a standard
    /// frame that any zstd decoder given the dictionary gives back, whatever the codec's speed settings.
    @Test func storedPagesAreFramesTheZstdToolDecodesWithTheDictionary() async throws {
        let codec = try #require(PageDictionary.codec(id: PageDictionary.current.id))
        #expect(codec.attachesDictionary, "pages are compressed against the dictionary in place")
        let folder = try makeTemporaryFolder("zstd-frames")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(PageDictionary.current.bytes).write(to: URL(fileURLWithPath: folder + "/dictionary"))
        for name in ["leics-ieListDocuments-CId1043-MId7892.html", "kingston-ieListDocuments-CId711-MId10221.html",
                     "kingston-ieListMeetings-CommitteeId711.html"] {
            let page = try Self.fixturePage(name)
            try PageFormat.encode(page).bytes.write(to: URL(fileURLWithPath: folder + "/\(name).zst"))
            let result = try await ScriptProcess.run(executable: "/usr/bin/zstd",
                                                     arguments: ["-d", "-q", "-D", folder + "/dictionary", folder + "/\(name).zst", "-o", folder + "/\(name)"])
            #expect(result.status == 0, "zstd (Debian's `zstd`, installed by `make deps`): \(result.stderr)")
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/\(name)"))) == page, "\(name)")
        }
    }

    @Test func aCodecSharedByManyTasksGivesEveryPageBack() async throws {
        let pages = try (0..<4).map { index in
            try Self.fixturePage("leics-ieListDocuments-CId1043-MId7892.html") + Array("<!-- \(index) -->".utf8)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { () throws -> Void in
                    for round in 0..<20 {
                        let page = pages[(task + round) % pages.count]
                        let stored = PageFormat.encode(page)
                        #expect(try PageFormat.decode(stored.bytes, format: stored.format, size: page.count) == page)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func undecodablePagesAreErrorsThatSayWhy() throws {
        let page = try Self.fixturePage("kingston-mgCommitteeStructure.html")
        let stored = PageFormat.encode(page)
        #expect(throws: PageFormatError.unknownDictionary(7)) {
            try PageFormat.decode(stored.bytes, format: "zstd:7", size: page.count)
        }
        #expect(throws: PageFormatError.unknownFormat("brotli")) { try PageFormat.decode(stored.bytes, format: "brotli", size: page.count) }
        #expect(throws: PageFormatError.unknownFormat("zstd:x")) { try PageFormat.decode(stored.bytes, format: "zstd:x", size: page.count) }
        #expect(throws: PageFormatError.dropped) { try PageFormat.decode(Data(), format: PageFormat.dropped, size: page.count) }

        func corruption(_ bytes: Data, size: Int) throws -> String {
            do {
                _ = try PageFormat.decode(bytes, format: stored.format, size: size)
                Issue.record("a damaged frame decoded")
                return ""
            } catch {
                guard case .corrupt(let reason) = error else { Issue.record("\(error)"); return "" }
                return reason
            }
        }
        var flipped = stored.bytes
        flipped[flipped.count / 2] ^= 0x55
        #expect(try corruption(flipped, size: page.count).contains("damaged"))
        #expect(try corruption(stored.bytes.prefix(stored.bytes.count - 9), size: page.count).contains("damaged"))
        #expect(try corruption(stored.bytes, size: page.count + 1).contains("recorded"))
        #expect(try corruption(Data(Zlib.compress(page)), size: page.count).contains("dictionary 0"))
    }

    @Test func aStoredPageWithAnUnknownDictionaryIsAStoreErrorNamingIt() throws {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "Leicestershire County Council", baseURL: "https://democracy.leics.gov.uk/")
        let meeting = sampleMeeting()
        let page = try Self.fixturePage("leics-ieListDocuments-CId1043-MId7892.html")
        try store.commit(NewVersion(meeting: meeting, number: 1, contentHash: "h1", rawPage: page, fetchedAt: Date(),
                                    changes: [Change(kind: .meetingNew)], notices: []))
        let format: String? = try store.read { db in try String.fetchOne(db, sql: "SELECT raw_format FROM versions") }
        #expect(format == "zstd:\(PageDictionary.current.id)")
        #expect(try store.rawPage(meeting.id, version: 1) == page)

        try store.write { db in try db.execute(sql: "UPDATE versions SET raw_format = 'zstd:4000000000'") }
        do {
            _ = try store.rawPage(meeting.id, version: 1)
            Issue.record("a page naming an unknown dictionary decoded")
        } catch {
            #expect("\(error)".contains("zstd dictionary 4000000000"), "\(error)")
        }
    }

    /// The first release's zlib pages, re-encoded by v11-zstd-pages: the same bytes come back.
    @Test func releaseOnePagesAreReEncodedByTheMigrationAndReadBackUnchanged() throws {
        let original = try DatabaseQueue(path: Self.fixtures.appendingPathComponent("Fixtures/release-1/agenda-sync.sqlite").path,
                                         configuration: { var c = Configuration(); c.readonly = true; return c }())
        let zlibPages = try original.read { db in
            // Written before raw_format existed (v9): every page is zlib.
            try Row.fetchAll(db, sql: "SELECT meeting_id, number, raw_page, raw_size FROM versions")
                .map { row -> (String, Int, [UInt8]) in
                    (row["meeting_id"], row["number"], try #require(Zlib.decompress(Array(row["raw_page"] as Data), originalSize: row["raw_size"])))
                }
        }
        #expect(zlibPages.count == 10)

        let store = try ReleaseOneFixtureTests.openCopy()
        let formats = try store.read { db in try String?.fetchAll(db, sql: "SELECT raw_format FROM versions") }
        #expect(formats == Array(repeating: "zstd:\(PageDictionary.current.id)", count: 10))
        for (id, number, page) in zlibPages {
            #expect(try store.rawPage(MeetingID(id)!, version: number) == page, "\(id) v\(number)")
        }
    }

    /// A zlib page that does not inflate is left as it was: the upgrade neither stops nor loses it.
    @Test func theMigrationLeavesADamagedZlibPageAsItWas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("release-1-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("agenda-sync.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("Fixtures/release-1/agenda-sync.sqlite").path, toPath: path)
        let damaged = try DatabaseQueue(path: path).write { db -> (String, Int) in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT meeting_id, number FROM versions ORDER BY meeting_id, number LIMIT 1"))
            try db.execute(sql: "UPDATE versions SET raw_page = X'00010203' WHERE meeting_id = ? AND number = ?",
                           arguments: [row["meeting_id"], row["number"]])
            return (row["meeting_id"], row["number"])
        }

        let store = try AgendaStore(path: path)
        let formats = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT meeting_id, number, raw_format, hex(raw_page) AS page FROM versions")
                .map { row -> (String, Int, String?, String) in (row["meeting_id"], row["number"], row["raw_format"], row["page"]) }
        }
        #expect(formats.count == 10)
        for (id, number, format, page) in formats {
            if (id, number) == damaged {
                #expect(format == nil && page == "00010203", "left as it was")
            } else {
                #expect(format == "zstd:\(PageDictionary.current.id)")
            }
        }
        do {
            _ = try store.rawPage(MeetingID(damaged.0)!, version: damaged.1)
            Issue.record("a damaged zlib page decoded")
        } catch {
            #expect("\(error)".contains("does not inflate"), "\(error)")
        }
    }
}

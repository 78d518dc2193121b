import AgendaCore
import AgendaDiff
import AgendaModel
import AgendaStore
import Foundation
import ModernGov
import Testing
import TestSupport

/// Today's extractor on the pages the first release stored (Tests/Fixtures/release-1: every
/// version keeps its page as fetched): each gives back the stored record and its content hash (in
/// the SHA-256 form it stored, which `ContentHash.matches` compares), so the extractor's upgrade — new
/// recognisers, the structure check, browser-style decoding — announces nothing on a council whose
/// pages did not change.
@Suite struct ReleaseOneExtractionTests {
    @Test func everyStoredPageExtractsToItsStoredRecordAndContentHash() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/release-1/agenda-sync.sqlite")
        let folder = try makeTemporaryFolder("release-1-extraction")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/agenda-sync.sqlite"
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        let store = try AgendaStore(path: copy)

        var checked = 0
        for row in try store.meetings() {
            for version in try store.history(of: row.id) {
                let stored = try #require(try store.meeting(row.id, version: version.number)?.meeting)
                let page = try #require(try store.rawPage(row.id, version: version.number))
                let parser = MeetingPageParser(sourceID: row.id.source)
                // As the first release fetched it (UTF-8, declared), and as a page whose charset is unknown.
                for contentType in [ContentType(headerValue: "text/html; charset=utf-8"), nil] {
                    let extracted = try parser.parse(page, url: stored.url, contentType: contentType)
                    #expect(extracted == stored, "\(row.id) v\(version.number)")
                    #expect(ContentHash(of: extracted).matches(version.contentHash), "\(row.id) v\(version.number)")
                }
                checked += 1
            }
        }
        #expect(checked == 10, "the fixture holds 10 versions")
    }
}

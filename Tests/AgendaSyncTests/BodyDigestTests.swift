@testable import AgendaSync
import Foundation
import GRDB
import Testing
import TestSupport

@Suite("Body digests")
struct BodyDigestTests {
    /// xxHash's own command-line tool (Debian's `xxhash`) is the oracle for the digest's canonical form.
    @Test("a body's digest is XXH3-128 in xxhsum's canonical hex", arguments: [0, 1, 15, 16, 17, 128, 129, 240, 241, 70_000])
    func matchesXxhsum(length: Int) async throws {
        var generator = SystemRandomNumberGenerator()
        let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let folder = try makeTemporaryFolder("digest")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/body"
        try Data(body).write(to: URL(fileURLWithPath: path))
        let result = try await ScriptProcess.run(executable: "/usr/bin/xxhsum", arguments: ["-H2", path])
        #expect(result.status == 0, "xxhsum (Debian's `xxhash`, installed by `make deps`): \(result.stderr)")
        let expected = result.stdout.split(separator: " ").first.map(String.init) ?? ""
        #expect(expected.count == 32)
        #expect(BodyDigest.of(body) == "xxh3:" + expected)
    }

    @Test("one changed byte changes the digest; the same bytes give the same digest")
    func sensitivity() {
        var body = Array("<html><body>Agenda</body></html>".utf8)
        let digest = BodyDigest.of(body)
        #expect(BodyDigest.of(body) == digest)
        body[body.count - 9] ^= 1
        #expect(BodyDigest.of(body) != digest)
    }

    @Test("digests an earlier release stored (SHA-256) make each page be parsed once more, with no version and no notice")
    func upgradeFromSHA256() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            try await h.editDatabase { db in
                try db.execute(sql: "UPDATE page_validators SET body_digest = lower(hex(randomblob(32)))")
            }
            let upgraded = try await h.sync()
            #expect(upgraded.source.outcome == .ok)
            #expect(upgraded.noticeCount == 0 && upgraded.source.versionsWritten == 0)
            let meetingFetches = try h.fetches(run: upgraded.source.runID!).filter { $0.url.contains("ieListDocuments.aspx") }
            #expect(meetingFetches.count == M.all.count && meetingFetches.allSatisfy { $0.outcome == .ok })
            for fetch in meetingFetches {
                #expect(try h.store.validators(for: fetch.url)?.bodyDigest?.hasPrefix(BodyDigest.prefix) == true)
            }
            let next = try await h.sync()
            #expect(next.noticeCount == 0)
            #expect(try h.fetches(run: next.source.runID!).allSatisfy { $0.outcome == .unchanged })
        }
    }
}

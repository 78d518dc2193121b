import AgendaCore
@testable import AgendaDiff
import AgendaModel
import AgendaStore
import Foundation
import GRDB
import Testing

/// Content hashes an earlier release stored (SHA-256 hex of the canonical JSON) against this
/// release's XXH3 ones: an upgrade mints no version of a meeting that did not change, and a meeting
/// that did change gets the version and notices it would have got anyway.
@Suite("Content hashes stored by an earlier release")
struct ContentHashUpgradeTests {
    /// Rewrites every stored content hash (meetings and versions) in the SHA-256 form an earlier
    /// release stored, and every body digest in its SHA-256 form too (random: no body matches, so
    /// every meeting page is parsed and its hash compared, as on the first cycle after an upgrade).
    static func storeAsAnEarlierReleaseDid(_ h: Harness, sha256: Bool) async throws {
        var hashes: [(id: String, version: Int, hash: String)] = []
        for state in try h.store.meetings(sourceID: Harness.sourceID) {
            let stored = try #require(try h.store.meeting(state.id)?.meeting)
            let hash = ContentHash(of: stored)
            #expect(hash.matches(state.contentHash) && state.contentHash == hash.value, "stored in this release's form")
            hashes.append((state.id.description, state.currentVersion, hash.sha256))
        }
        #expect(hashes.count == M.all.count)
        let rewrite = sha256 ? hashes : []
        try await h.editDatabase { db in
            for (id, version, hash) in rewrite {
                try db.execute(sql: "UPDATE meetings SET content_hash = ? WHERE id = ?", arguments: [hash, id])
                try db.execute(sql: "UPDATE versions SET content_hash = ? WHERE meeting_id = ? AND number = ?",
                               arguments: [hash, id, version])
            }
            try db.execute(sql: "UPDATE page_validators SET body_digest = lower(hex(randomblob(32)))")
        }
        if sha256 {
            let states = try h.store.meetings(sourceID: Harness.sourceID)
            #expect(states.allSatisfy { ContentHash.isSHA256($0.contentHash ?? "") }, "\(states.map(\.contentHash))")
        }
    }

    @Test("a meeting whose stored hash is SHA-256 and whose page did not change: no version, no notice, the hash kept")
    func unchangedMeetingIsNoChange() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            try await Self.storeAsAnEarlierReleaseDid(h, sha256: true)
            let before = try h.counts()
            let hashesBefore = try h.store.meetings(sourceID: Harness.sourceID).map(\.contentHash)

            let upgraded = try await h.sync()
            #expect(upgraded.source.outcome == .ok, "\(upgraded.source.error ?? "")")
            let meetingFetches = try h.fetches(run: upgraded.source.runID!).filter { $0.url.contains("ieListDocuments.aspx") }
            #expect(meetingFetches.count == M.all.count && meetingFetches.allSatisfy { $0.outcome == .ok },
                    "every meeting page parsed and its hash compared")
            #expect(upgraded.source.versionsWritten == 0 && upgraded.noticeCount == 0)
            let after = try h.counts()
            for table in ["meetings", "versions", "changes", "notices"] {
                #expect(after[table] == before[table], "\(table)")
            }
            #expect(try h.store.meetings(sourceID: Harness.sourceID).map(\.contentHash) == hashesBefore,
                    "nothing written: the SHA-256 hashes stay until a meeting's next version")

            let next = try await h.sync()
            #expect(next.source.versionsWritten == 0 && next.noticeCount == 0)
        }
    }

    @Test("a meeting whose stored hash is SHA-256 and whose page changed: the same version and notices as with this release's hash")
    func changedMeetingIsTheSameChange() async throws {
        /// The same council, stored with one form of hash, then one document added to a meeting.
        func changeAfterBaseline(sha256: Bool) async throws -> (written: Int, lines: [String: [String]], hash: String?) {
            try await withHarness { h in
                _ = try await h.sync()
                try await Self.storeAsAnEarlierReleaseDid(h, sha256: sha256)
                await h.site.update { content in
                    let url = content.documentURL("s120499", "Officer Update.pdf")
                    content.updateMeeting(M.planningNext) { meeting in
                        meeting.items[0].documents.append(Document(title: "Officer Update", url: url, size: "PDF 80 KB"))
                    }
                }
                let result = try await h.sync()
                #expect(result.source.outcome == .ok, "\(result.source.error ?? "")")
                let states = try h.store.meetingStates(sourceID: Harness.sourceID)
                let changed = try #require(states[h.meetingID(M.planningNext)])
                #expect(changed.currentVersion == 2)
                let stored = try #require(try h.store.meeting(changed.id)?.meeting)
                #expect(changed.contentHash == ContentHash.of(stored), "the new version stores this release's form")
                #expect(try h.store.history(of: changed.id).last?.contentHash == changed.contentHash)
                for state in states.values where state.id != changed.id {
                    #expect(state.currentVersion == 1 && ContentHash.isSHA256(state.contentHash ?? "") == sha256, "\(state.id)")
                }
                // The site's port differs between the two harnesses; the rest of each notice must not.
                let lines = result.lines.mapValues { $0.map { $0.replacingOccurrences(of: h.base.absoluteString, with: "BASE/") } }
                return (result.source.versionsWritten, lines, changed.contentHash)
            }
        }
        let current = try await changeAfterBaseline(sha256: false)
        let upgraded = try await changeAfterBaseline(sha256: true)
        #expect(current.written == 1 && current.lines["all"]?.count == 1 && current.lines["planning"]?.count == 1)
        #expect(upgraded.written == current.written)
        #expect(upgraded.lines == current.lines)
        #expect(upgraded.hash?.hasPrefix("xxh3:") == true && current.hash?.hasPrefix("xxh3:") == true)
    }
}

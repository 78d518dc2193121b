import AgendaCore
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing
import TestSupport

/// A council that moves its install (another port, another host name, a `/moderngov/` prefix, an
/// IPv6 address — all loopback here) with the same database and `base_url` updated: no notice, the
/// stored URLs follow (a new version without notices for each meeting read again), the sync log
/// says "site moved from … to …", and a real change after the move is announced with the new URLs.
@Suite("A site move is not a change")
struct SiteMoveTests {
    /// Starts a copy of `content` on a site of its own (its URLs rebased onto it).
    static func serve(_ content: SiteContent, on loopback: SampleCouncilSite.Loopback = .ipv4) async throws
        -> (SampleCouncilSite, String)
    {
        let site = SampleCouncilSite(content: content)
        return (site, try await site.start(on: loopback).absoluteString)
    }

    /// Every URL of every stored meeting (page, action list, item documents).
    static func storedURLs(_ h: Harness) throws -> [String] {
        try h.store.meetings(sourceID: Harness.sourceID).flatMap { state -> [String] in
            guard let meeting = try h.store.meeting(state.id)?.meeting else { return [] }
            return [meeting.url, state.url] + meeting.actionDocuments.map(\.url) + meeting.items.flatMap { $0.documents.map(\.url) }
        }
    }

    /// Moves the source to `base` and syncs: no notice, one silent version per meeting, every stored
    /// URL under `base`, and the move in the sync log.
    static func move(_ h: Harness, from old: String, to base: String, versions: inout Int,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let changes = try h.counts()["changes"]
        h.reconfigureSource { $0.baseURL = base }
        let result = try await h.sync()
        #expect(result.source.outcome == .ok, "\(result.source.error ?? "")", sourceLocation: sourceLocation)
        #expect(result.noticeCount == 0 && result.source.noticesWritten == 0, sourceLocation: sourceLocation)
        #expect(result.source.hold == nil, sourceLocation: sourceLocation)
        #expect(result.source.versionsWritten == M.all.count, sourceLocation: sourceLocation)
        versions += M.all.count
        let counts = try h.counts()
        #expect(counts["versions"] == versions && counts["notices"] == 0, sourceLocation: sourceLocation)
        #expect(counts["changes"] == changes, "the new versions carry no change", sourceLocation: sourceLocation)
        let urls = try storedURLs(h)
        #expect(!urls.isEmpty && urls.allSatisfy { $0.hasPrefix(base) }, "\(urls.filter { !$0.hasPrefix(base) }.prefix(3))",
                sourceLocation: sourceLocation)
        let notes = try h.lastRun()?.notes ?? []
        #expect(notes.first?.hasPrefix("site moved from \(old) to \(base)") == true, "\(notes)", sourceLocation: sourceLocation)
        // Settled: the next cycle is quiet, and mentions no move.
        let quiet = try await h.sync()
        #expect(quiet.noticeCount == 0 && quiet.source.versionsWritten == 0 && quiet.source.notes.isEmpty,
                sourceLocation: sourceLocation)
    }

    @Test("another port, another host name, a /moderngov/ prefix, IPv6: 0 notices; then a real change, with the new URLs")
    func movesAreSilentAndARealChangeAfterIsNot() async throws {
        try await withHarness { h in
            let first = h.base.absoluteString
            let baseline = try await h.sync()
            #expect(baseline.source.versionsWritten == M.all.count)
            var versions = M.all.count
            let content = await h.site.content

            // Another port (the old one no longer answers).
            let (portSite, portBase) = try await Self.serve(content)
            await h.site.stop()
            try await Self.move(h, from: first, to: portBase, versions: &versions)

            // Another host name for the same server.
            let named = portBase.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            try await Self.move(h, from: portBase, to: named, versions: &versions)

            // A /moderngov/ prefix (another server again), then IPv6.
            let (prefixSite, prefixBase) = try await Self.serve(content.rebased(to: "http://127.0.0.1/moderngov/"))
            await portSite.stop()
            #expect(prefixBase.hasSuffix("/moderngov/"))
            try await Self.move(h, from: named, to: prefixBase, versions: &versions)
            let (site, ipv6Base) = try await Self.serve(content, on: .ipv6)
            await prefixSite.stop()
            #expect(ipv6Base.hasPrefix("http://[::1]:"))
            try await Self.move(h, from: prefixBase, to: ipv6Base, versions: &versions)

            // A real change after the moves: its notice, with the new URLs.
            await site.update { $0.demoAddDocument() }
            let real = try await h.sync()
            #expect(real.noticeCount == 1)
            let notice = try #require(real.notice("all", meeting: M.cabinetNext))
            #expect(notice.changes.map(\.kind) == [.documentAdded])
            #expect(notice.changes.first?.url?.hasPrefix(ipv6Base + "documents/s120428/") == true, "\(notice.changes)")
            #expect(notice.meeting.url.hasPrefix(ipv6Base))
            #expect(notice.meeting.version == 6)
            await site.stop()
        }
    }

    @Test("a council that redirects its old address to a new site: the fetch is refused, and the hint names the new base_url")
    func aRedirectToTheNewSiteIsNamed() async throws {
        try await withHarness { h in
            let newBase = h.base.absoluteString
            // The old install answers every page with a redirect to the same page on the new one.
            let old = try RawServer.redirecting(to: newBase)
            defer { old.stop() }
            let oldBase = old.baseURL + "/"
            h.reconfigureSource { $0.baseURL = oldBase }
            let result = try await h.sync()
            #expect(result.source.outcome == .failed && result.noticeCount == 0)
            let failure = try #require(try h.store.lastFailure(sourceID: Harness.sourceID))
            #expect(failure.message.hasPrefix("refused to follow the redirect to \(newBase)"), "\(failure.message)")
            #expect(SiteMoveHint.newBase(baseURL: oldBase, failure: failure) == newBase)
            #expect(await h.site.requests.allSatisfy { !$0.target.contains("mgCommitteeStructure") }, "the new site is not asked")
        }
    }
}

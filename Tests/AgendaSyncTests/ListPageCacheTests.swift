import AgendaCore
import AgendaDiff
import AgendaModel
import AgendaStore
@testable import AgendaSync
import Foundation
import GRDB
import ModernGov
import SampleCouncil
import SampleCouncilTesting
import Testing

/// List pages that come back as they were last parsed are taken from `list_pages`
/// (`ListPageCache`); what the cycle then does must be exactly what parsing them would do.
@Suite("List pages as last parsed")
struct ListPageCacheTests {
    private static let listCount = 1 + 3   // the committee structure and three meetings lists

    private func isList(_ url: String) -> Bool {
        url.contains("mgCommitteeStructure") || url.contains("ieListMeetings")
    }

    @Test("an unchanged list is taken from its cached parse; a changed one is parsed again and its change seen")
    func unchangedAndChangedLists() async throws {
        try await withHarness { h in
            let first = try await h.sync()
            #expect(first.source.outcome == .ok)
            #expect(try h.counts()["list_pages"] == Self.listCount)
            let firstLists = try h.fetches(run: first.source.runID!).filter { isList($0.url) }
            #expect(firstLists.count == Self.listCount && firstLists.allSatisfy { $0.outcome == .ok && $0.validators == nil })

            let second = try await h.sync()
            #expect(second.source.outcome == .ok)
            #expect(second.noticeCount == 0)
            #expect(second.source.meetingsSeen == first.source.meetingsSeen, "every listed meeting is still checked")
            let secondLists = try h.fetches(run: second.source.runID!).filter { isList($0.url) }
            #expect(secondLists.count == Self.listCount)
            #expect(secondLists.allSatisfy { $0.outcome == .unchanged }, "\(secondLists.map(\.outcome))")

            // Cancelling a meeting changes its committee's list ("CANCELLED"): that list is parsed again.
            await h.site.update { $0.demoCancelMeeting() }
            let third = try await h.sync()
            #expect(third.source.outcome == .ok)
            #expect(third.notice("all", meeting: M.planningLater)?.changes.map(\.kind) == [.meetingCancelled])
            let planningList = await h.site.url(for: .meetingList(committee: SampleCouncilData.planning.id))?.absoluteString
            let thirdLists = try h.fetches(run: third.source.runID!).filter { isList($0.url) }
            #expect(thirdLists.first { $0.url == planningList }?.outcome == .ok)
            #expect(thirdLists.filter { $0.url != planningList }.allSatisfy { $0.outcome == .unchanged })
            #expect(try h.counts()["list_pages"] == Self.listCount)

            let fourth = try await h.sync()
            #expect(fourth.noticeCount == 0)
            #expect(try h.fetches(run: fourth.source.runID!).filter { isList($0.url) }.allSatisfy { $0.outcome == .unchanged })
        }
    }

    @Test("a list page with an ETag is asked for conditionally; its 304 gives the cached list")
    func notModifiedList() async throws {
        try await withHarness { h in
            await h.site.setValidators(.etag)
            _ = try await h.sync()
            await h.site.clearRequestLog()
            let second = try await h.sync()
            #expect(second.source.outcome == .ok)
            #expect(second.noticeCount == 0)
            let lists = try h.fetches(run: second.source.runID!).filter { isList($0.url) }
            #expect(lists.count == Self.listCount)
            for fetch in lists {
                #expect(fetch.outcome == .notModified && fetch.validators == "etag", "\(fetch.url): \(fetch.outcome)")
            }
            let requests = await h.site.requests
            #expect(requests.filter { isList($0.target) }.allSatisfy { $0.status == 304 && $0.headers["if-none-match"] != nil })
            #expect(requests.filter { $0.target.contains("ieListDocuments.aspx") }.count == M.all.count,
                    "the meetings of a 304 list are checked as ever")

            // A change that reaches a list after that: the list answers 200 and is read.
            await h.site.update { $0.demoCancelMeeting() }
            let third = try await h.sync()
            #expect(third.notice("all", meeting: M.planningLater)?.changes.map(\.kind) == [.meetingCancelled])
        }
    }

    enum Damage: CaseIterable { case listNotJSON, blobNotZstd }

    @Test("a cached list that is damaged is not used: its page is read whole and cached again, losing nothing",
          arguments: Damage.allCases)
    func damagedListing(_ damage: Damage) async throws {
        try await withHarness { h in
            _ = try await h.sync()
            switch damage {
            case .listNotJSON:   // stored well, but not a list: ListPageCache forgets it after the page came back the same
                let stored = try h.store.parsedListPages(sourceID: Harness.sourceID)
                try h.store.saveParsedListPages(stored.mapValues { page in
                    ParsedListPage(validators: page.validators, format: page.format, listing: Array("{".utf8))
                }, sourceID: Harness.sourceID)
            case .blobNotZstd:   // the blob itself damaged: the store leaves the row out, so the page is fetched whole
                try await h.editDatabase { db in try db.execute(sql: "UPDATE list_pages SET listing = x'7b'") }
            }
            await h.site.update { $0.demoCancelMeeting() }
            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            #expect(result.notice("all", meeting: M.planningLater)?.changes.map(\.kind) == [.meetingCancelled])
            #expect(result.notices(for: "all").count == 1)
            let lists = try h.fetches(run: result.source.runID!).filter { isList($0.url) }
            // With a list that is not JSON, each list the site did not change is fetched twice: its
            // conditional fetch (unchanged), then the fetch that reads it whole.
            #expect(lists.filter { $0.outcome == .unchanged }.count == (damage == .listNotJSON ? Self.listCount - 1 : 0))
            #expect(lists.filter { $0.outcome == .ok }.count == Self.listCount)
            let rewritten = try h.store.parsedListPages(sourceID: Harness.sourceID)
            #expect(rewritten.count == Self.listCount)
            #expect(rewritten.values.allSatisfy { $0.listing != Array("{".utf8) && $0.format == ListPageCache.format })

            let next = try await h.sync()
            #expect(next.noticeCount == 0)
            #expect(try h.fetches(run: next.source.runID!).filter { isList($0.url) }.allSatisfy { $0.outcome == .unchanged })
        }
    }

    /// A server that answers 304 whatever it is asked: with the cached list damaged, the page is asked
    /// for once more without validators, and a second 304 is that list's failure, not a loop.
    @Test("a 304 to a list asked for without validators fails that list, once")
    func notModifiedWithoutValidators() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let planningList = try #require(await h.site.url(for: .meetingList(committee: SampleCouncilData.planning.id))?
                .absoluteString)
            var stored = try h.store.parsedListPages(sourceID: Harness.sourceID)
            stored[planningList]?.listing = Array("{".utf8)
            try h.store.saveParsedListPages(stored, sourceID: Harness.sourceID)
            await h.site.fault(.meetingList(committee: SampleCouncilData.planning.id), .status(304))

            let result = try await h.sync()
            #expect(result.source.outcome == .partial, "\(result.source.error ?? "")")
            #expect(result.noticeCount == 0)
            let fetches = try h.fetches(run: result.source.runID!).filter { $0.url == planningList }
            #expect(fetches.map(\.status) == [304, 304], "\(fetches.map { "\($0.outcome) \($0.error ?? "")" })")
            #expect(fetches.last?.validators == nil)
            #expect(fetches.last?.outcome == .httpError)
            #expect(fetches.last?.error == "HTTP 304 to a request that sent no validators")
        }
    }

    @Test("a list cached in another format is not used: the page is read whole and cached again")
    func otherFormat() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            try await h.editDatabase { db in
                try db.execute(sql: "UPDATE list_pages SET format = ?", arguments: [ListPageCache.format + 1])
            }
            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            #expect(result.noticeCount == 0)
            let lists = try h.fetches(run: result.source.runID!).filter { isList($0.url) }
            #expect(lists.count == Self.listCount)
            #expect(lists.allSatisfy { $0.outcome == .ok && $0.validators == nil }, "\(lists.map(\.outcome))")
            #expect(try h.store.parsedListPages(sourceID: Harness.sourceID).values.allSatisfy { $0.format == ListPageCache.format })
        }
    }

    @Test("lists a cycle no longer reads are forgotten: a web-service list of another day's window, a committee no longer watched")
    func unreadListsAreForgotten() async throws {
        try await withHarness { h in
            h.reconfigureSource { $0.via = .webservice }
            #expect(try await h.sync().source.outcome == .ok)
            let first = Set(try h.store.parsedListPages(sourceID: Harness.sourceID).keys)
            #expect(first.count == Self.listCount)

            // Two days on, each meetings list's URL names another window: the old ones go.
            h.clock.advance(by: 2 * 86_400)
            let later = try await h.sync()
            #expect(later.source.outcome == .ok && later.noticeCount == 0)
            let second = Set(try h.store.parsedListPages(sourceID: Harness.sourceID).keys)
            #expect(second.count == Self.listCount, "\(second.sorted())")
            #expect(second.intersection(first).count == 1, "only GetCommittees keeps its URL: \(second.sorted())")

            // One committee watched: only its list stays.
            h.reconfigureSource { $0.committees = [SampleCouncilData.planning.id] }
            #expect(try await h.sync().source.outcome == .ok)
            let third = try h.store.parsedListPages(sourceID: Harness.sourceID).keys.sorted()
            #expect(third.count == 1 && third.first?.contains("\(SampleCouncilData.planning.id)") == true, "\(third)")
        }
    }

    /// What the list readers give on the real fixture pages (as JSON, to fingerprint it). When this
    /// changes, lists cached by an older release no longer mean what the parser now says: bump
    /// `ListPageCache.format`, then pin the new fingerprint here with it.
    @Test("the cached lists' format is pinned to what the parsers give on the fixtures")
    func formatFingerprint() throws {
        let (page, kingston, gloucester, html, service) = (ListFixtures.page, ListFixtures.kingston, ListFixtures.gloucester,
                                                           ListFixtures.html, ListFixtures.service)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var parsed: [Data] = []
        parsed.append(try encoder.encode(html.committees(try page("kingston-mgCommitteeStructure.html"),
                                                         url: kingston.committeeStructureURL, contentType: nil)))
        let meetingsURL = kingston.meetingsURL(committeeID: 711)
        let kingstonList = try html.meetings(try page("kingston-ieListMeetings-CommitteeId711.html"), url: meetingsURL,
                                             contentType: nil, committeeID: 711)
        parsed.append(try encoder.encode(kingstonList))
        parsed.append(try encoder.encode(service.committees(try page("gloucester-mgWebService-GetCommittees.xml"),
                                                            url: gloucester.webServiceCommitteesURL, contentType: nil)))
        let serviceList = try service.meetings(try page("gloucester-mgWebService-GetMeetings.xml"), url: "", contentType: nil,
                                               committeeID: 129)
        parsed.append(try encoder.encode(serviceList))
        #expect(!kingstonList.meetings.isEmpty && !serviceList.meetings.isEmpty)

        // What the cache stores decodes to exactly what was parsed.
        var cache = ListPageCache(stored: [:])
        let validators = PageValidators(etag: nil, lastModified: nil, bodyDigest: "d")
        cache.remember(kingstonList, for: meetingsURL, validators: validators)
        #expect(cache.list(MeetingList.self, for: meetingsURL) == kingstonList)

        let fingerprint = SHA256Digest.hex(of: Array(parsed.reduce(Data(), +)))
        #expect(ListPageCache.format == 2 && fingerprint == "04424d69a387f4e6b8413f89ebc7f34f2c8976062955ec8c5ca2f5e3fa981796",
                "the list parsers' output changed (fingerprint \(fingerprint)): bump ListPageCache.format and pin both")
    }

    @Test("a cached listing decodes to exactly what was encoded, and bytes cut short or run on decode to nothing")
    func listingEncoding() throws {
        let (page, kingston, gloucester, html, service) = (ListFixtures.page, ListFixtures.kingston, ListFixtures.gloucester,
                                                           ListFixtures.html, ListFixtures.service)
        let lists = [
            try html.meetings(try page("kingston-ieListMeetings-CommitteeId711.html"), url: kingston.meetingsURL(committeeID: 711),
                              contentType: nil, committeeID: 711),
            try service.meetings(try page("gloucester-mgWebService-GetMeetings.xml"), url: "", contentType: nil, committeeID: 129),
            MeetingList(committee: Committee(id: 7, name: "Café – “Scrutiny”"), meetings: [
                MeetingListEntry(id: MeetingID(source: "s", number: 1), committeeID: 7, url: "https://x/ieListDocuments.aspx?CId=7&MId=1",
                                 start: nil, dateText: "", cancelled: true, status: nil),
            ]),
            MeetingList(committee: Committee(id: 1, name: ""), meetings: []),
        ]
        #expect(lists[0].meetings.contains { $0.start != nil } && lists[0].meetings.contains { $0.status != nil })
        let committees = [try html.committees(try page("kingston-mgCommitteeStructure.html"), url: kingston.committeeStructureURL,
                                              contentType: nil), [], [Int.max, 1, 0]]
        for list in lists {
            let bytes = list.listingBytes
            #expect(MeetingList(listingBytes: bytes) == list)
            for end in 0 ..< bytes.count { #expect(MeetingList(listingBytes: Array(bytes[..<end])) == nil, "cut at \(end)") }
            #expect(MeetingList(listingBytes: bytes + [0]) == nil)
        }
        for ids in committees {
            #expect([Int](listingBytes: ids.listingBytes) == ids)
            #expect([Int](listingBytes: ids.listingBytes + [0]) == nil)
        }
        #expect(!committees[0].isEmpty)
        // A listing of the JSON format 1 stored is not one of these.
        #expect(MeetingList(listingBytes: Array(try JSONEncoder().encode(lists[0]))) == nil)
    }
}

extension Harness {
    /// Edits the database behind the store's back, as damage or an older release would have left it.
    func editDatabase(_ edit: @escaping @Sendable (Database) throws -> Void) async throws {
        let queue = try DatabaseQueue(path: databasePath)
        try await queue.write(edit)
        try queue.close()
    }
}

/// The list fixtures and the two readers that parse them.
private enum ListFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ModernGovTests/Fixtures")
    static func page(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }
    static let kingston = ModernGovSite(baseURL: "https://moderngov.kingston.gov.uk/")!
    static let gloucester = ModernGovSite(baseURL: "https://democracy.gloucester.gov.uk/")!
    static let html = HTMLMeetingReader(sourceID: "kingston", site: kingston)
    static let service = WebServiceMeetingReader(sourceID: "gloucester", site: gloucester)
}

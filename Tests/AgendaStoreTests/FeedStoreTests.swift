import AgendaCore
import AgendaModel
import Foundation
import Testing
@testable import AgendaStore

/// What the calendar and atom channels read and write in the store.
@Suite("Store: calendars and feeds")
struct FeedStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// Meeting 7892 at versions 1…3 and meeting 7893 at version 1, each version with a notice for "feed".
    func store() throws -> AgendaStore {
        let (store, _) = try makeStore()
        try store.registerSource(id: "leics", name: "L", baseURL: "https://x/")
        var clock = 0.0
        func commit(_ number: Int, _ version: Int) throws {
            clock += 60
            var meeting = sampleMeeting(number: number)
            meeting.title += " v\(version)"
            try store.commit(NewVersion(
                meeting: meeting, number: version, contentHash: "h\(number).\(version)", rawPage: [1],
                fetchedAt: Self.t0.addingTimeInterval(clock), changes: [],
                notices: [OutboxEntry(id: "ntc_\(number)_\(version)", subscriptionID: "feed", type: .meetingChanged,
                                      payload: Array("{\"n\":\"\(number).\(version)\"}".utf8))]))
        }
        try commit(7892, 1)
        try commit(7893, 1)
        try commit(7892, 2)
        try commit(7892, 3)
        return store
    }

    @Test func currentAndStoredVersionsCarryWhenTheyWereStored() throws {
        let store = try store()
        let ids = [MeetingID(source: "leics", number: 7893), MeetingID(source: "leics", number: 9999),
                   MeetingID(source: "leics", number: 7892)]
        let current = try store.currentVersions(of: ids)
        #expect(current.map(\.meeting.id.number) == [7893, 7892], "in the order asked, unknown ones left out")
        #expect(current.map(\.version) == [1, 3])
        #expect(current.map { String($0.meeting.title.suffix(3)) } == [" v1", " v3"])
        #expect(current.map(\.storedAt) == [Self.t0.addingTimeInterval(120), Self.t0.addingTimeInterval(240)])

        let second = try #require(try store.storedVersion(ids[2], number: 2))
        #expect(second.version == 2 && second.meeting.title.hasSuffix(" v2"))
        #expect(second.storedAt == Self.t0.addingTimeInterval(180))
        #expect(try store.storedVersion(ids[2])?.version == 3)
        #expect(try store.storedVersion(ids[2], number: 4) == nil)
        #expect(try store.meeting(ids[2], version: 2)?.meeting == second.meeting, "meeting(_:version:) reads the same")
    }

    @Test func theNewestNoticesComeFirst() throws {
        let store = try store()
        let payloads = try store.latestNoticePayloads(subscriptionID: "feed", limit: 3).map { String(decoding: $0, as: UTF8.self) }
        #expect(payloads == ["{\"n\":\"7892.3\"}", "{\"n\":\"7892.2\"}", "{\"n\":\"7893.1\"}"])
        #expect(try store.latestNoticePayloads(subscriptionID: "other", limit: 3).isEmpty)
    }

    @Test func aFeedWriteDeliversItsNoticesAndRemembersItsFingerprint() throws {
        let store = try store()
        #expect(try store.subscriptionState("feed").feedFingerprint == nil)
        try store.recordFeedWritten(subscriptionID: "feed", fingerprint: "abc", noticeIDs: ["ntc_7892_1", "ntc_7893_1"],
                                    at: Self.t0.addingTimeInterval(600))
        #expect(try store.subscriptionState("feed").feedFingerprint == "abc")
        #expect(try store.undeliveredNotices(subscriptionID: "feed").map(\.id) == ["ntc_7892_2", "ntc_7892_3"])
        // A feed (no fingerprint) leaves the remembered one alone.
        try store.recordFeedWritten(subscriptionID: "feed", fingerprint: nil, noticeIDs: ["ntc_7892_2"], at: Self.t0)
        #expect(try store.subscriptionState("feed").feedFingerprint == "abc")
        #expect(try store.undeliveredCount(subscriptionID: "feed") == 1)
        // Not shown: `status --json` and `outbox --json` encode the state without it.
        let json = String(decoding: try JSONEncoder().encode(try store.subscriptionState("feed")), as: UTF8.self)
        #expect(!json.contains("abc"))
    }
}

import AgendaCore
import AgendaDiff
import AgendaModel
import Foundation
import Testing

@Suite("NoticeComposer")
struct NoticeComposerTests {
    let composer = NoticeComposer()
    let source = NoticeSource(id: "kingston", name: "Royal Borough of Kingston upon Thames")
    let meeting = Factory.meeting()
    /// 2026-11-29T07:00:00Z plus a fraction that must not show.
    let occurredAt = Date(timeIntervalSince1970: 1_795_935_600.9)
    let changes = [
        Change(kind: .minutesPublished),
        Change(kind: .documentAdded, item: "59", title: "Annex 3 - Overview plan", url: "https://x/documents/s112374/a.pdf"),
    ]

    func compose(_ filter: SubscriptionFilter = .everything, id: String = "audit", version: Int = 3,
                changes: [Change]? = nil) -> Notice? {
        composer.notice(source: source, meeting: meeting, version: version, changes: changes ?? self.changes,
                        subscription: SubscriptionTarget(id: id, filter: filter), occurredAt: occurredAt)
    }

    @Test func carriesTheMeetingVersionAndTime() throws {
        let notice = try #require(compose())
        #expect(notice.type == .meetingChanged)
        #expect(notice.occurredAt == "2026-11-29T07:00:00Z")
        #expect(notice.source == source)
        #expect(notice.meeting == NoticeMeeting(meeting, version: 3))
        #expect(notice.changes == changes)
        #expect(notice.summary == "Minutes published; Item 59: document added (Annex 3 - Overview plan)")
    }

    @Test func aNewMeetingIsTypeMeetingNew() throws {
        let new = try #require(compose(changes: [Change(kind: .meetingNew, title: meeting.title)]))
        #expect(new.type == .meetingNew)
        #expect(new.summary == "New meeting: \(meeting.title)")
    }

    @Test func listsOnlyTheMatchingChanges() throws {
        let notice = try #require(compose(SubscriptionFilter(events: [.documentAdded])))
        #expect(notice.changes == [changes[1]])
        #expect(notice.summary == "Item 59: document added (Annex 3 - Overview plan)")
    }

    @Test func noMatchingChangeMeansNoNotice() {
        #expect(compose(SubscriptionFilter(events: [.meetingCancelled])) == nil)
        #expect(compose(SubscriptionFilter(sources: ["leics"])) == nil)
        #expect(compose(changes: []) == nil)
    }

    @Test func idIsSHA256OfSubscriptionMeetingAndVersion() throws {
        let id = NoticeID.make(subscriptionID: "audit", meetingID: MeetingID(source: "leics", number: 7892), version: 3)
        // printf 'audit\0leics/7892\0003' | sha256sum → 0b4e47e0e66bd45bcf156d74dbbf0dc2…
        #expect(id == "ntc_0b4e47e0e66bd45bcf156d74")
        #expect(try #require(compose()).id == NoticeID.make(subscriptionID: "audit", meetingID: meeting.id, version: 3))
    }

    @Test func idIsDeterministicAndIndependentOfTimeAndFilter() throws {
        let first = try #require(compose())
        let again = try #require(composer.notice(
            source: source, meeting: meeting, version: 3, changes: changes,
            subscription: SubscriptionTarget(id: "audit", filter: SubscriptionFilter(events: [.minutesPublished])),
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(first.id == again.id)
        #expect(first.id.hasPrefix("ntc_") && first.id.count == 28)
    }

    @Test func idDiffersAcrossSubscriptionsVersionsAndMeetings() throws {
        let ids = [
            NoticeID.make(subscriptionID: "audit", meetingID: meeting.id, version: 3),
            NoticeID.make(subscriptionID: "newsroom", meetingID: meeting.id, version: 3),
            NoticeID.make(subscriptionID: "audit", meetingID: meeting.id, version: 4),
            NoticeID.make(subscriptionID: "audit", meetingID: MeetingID(source: "kingston", number: 10222), version: 3),
            NoticeID.make(subscriptionID: "audit1", meetingID: meeting.id, version: 3),
        ]
        #expect(Set(ids).count == ids.count)
    }

    @Test func timestampIsUTCWholeSeconds() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.string(occurredAt) == "2026-11-29T07:00:00Z")
    }
}

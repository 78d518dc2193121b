import AgendaConfig
import AgendaCore
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The calendar and atom channels end to end: the sample council on 127.0.0.1, real syncs and
/// the real outbox, every file read back by Python's icalendar and feedparser.
@Suite("Calendar and Atom delivery from the outbox")
struct FeedOutboxTests {
    static let planning = SubscriptionFilter(committees: ["\(Harness.sourceID)/\(SampleCouncilData.planning.id)"])

    func calendarSubscription(_ id: String, _ path: String, filter: SubscriptionFilter = .everything, title: String? = nil)
        -> SubscriptionConfiguration {
        SubscriptionConfiguration(id: id, channel: .calendar(CalendarChannelSettings(path: path, title: title)), filter: filter)
    }

    func atomSubscription(_ id: String, _ path: String, entries: Int = 100) -> SubscriptionConfiguration {
        SubscriptionConfiguration(id: id, channel: .atom(AtomChannelSettings(path: path, title: "Sample: what changed",
                                                                             entries: entries)))
    }

    /// The file's inode and modification time (to the nanosecond): a rewrite changes the first, any write the second.
    func identity(_ path: String) -> (inode: UInt, seconds: Int, nanoseconds: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt(info.st_ino), info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
    }

    func same(_ a: (inode: UInt, seconds: Int, nanoseconds: Int)?, _ b: (inode: UInt, seconds: Int, nanoseconds: Int)?) -> Bool {
        guard let a, let b else { return false }
        return a == b
    }

    /// Subscriptions "cal" (every meeting), "planning-cal" (the Planning Committee's) and "feed" (every
    /// notice), in the harness's folder; returns their paths.
    func addCalendarsAndFeed(_ h: Harness) -> (all: String, planning: String, feed: String) {
        let paths = (all: h.folder + "/all.ics", planning: h.folder + "/planning.ics", feed: h.folder + "/changes.atom")
        h.reconfigure {
            $0.subscriptions += [calendarSubscription("cal", paths.all),
                                 calendarSubscription("planning-cal", paths.planning, filter: Self.planning),
                                 atomSubscription("feed", paths.feed)]
        }
        return paths
    }

    func uid(_ number: Int) -> String { "meeting.\(Harness.sourceID).\(number)@127.0.0.1" }

    @Test("the calendar exists after the baseline; a cycle that changed nothing leaves both files alone")
    func baselineAndOnlyThen() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let (all, planning, feed) = addCalendarsAndFeed(h)
            let baseline = try await h.sync()
            #expect(baseline.report.succeeded)
            #expect(try h.store.outboxCounts().allSatisfy { $0.subscriptionID == "all" }, "the baseline is silent")

            let calendars = try await DocumentCheck.calendars([all, planning])
            #expect(calendars.allSatisfy { $0.errors.isEmpty }, "\(calendars.map(\.errors))")
            #expect(calendars[0].calname == "Sample Borough Council meetings")
            #expect(Set(calendars[0].events.compactMap(\.uid)) == Set(M.all.map(uid)))
            #expect(calendars[0].events.allSatisfy { $0.sequence == 1 && $0.status == "CONFIRMED" })
            // Earliest first.
            let starts = calendars[0].events.compactMap(\.start?.value)
            #expect(starts == starts.sorted() && starts.count == 7)
            #expect(Set(calendars[1].events.compactMap(\.uid)) == Set([M.planningPast, M.planningNext, M.planningLater].map(uid)))
            let emptyFeed = try await DocumentCheck.feed(feed)
            #expect(emptyFeed.errors == [] && emptyFeed.entries.isEmpty)

            let before = [all, planning, feed].map(identity)
            let bytes = try [all, planning, feed].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            let unchanged = try await h.sync()
            #expect(unchanged.source.versionsWritten == 0)
            for (index, path) in [all, planning, feed].enumerated() {
                #expect(same(identity(path), before[index]), "\(path) was written by a cycle that changed nothing")
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes[index])
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.folder).filter { $0.hasPrefix(".") }.isEmpty)
        }
    }

    @Test("a change rewrites the calendars it concerns: same UID, SEQUENCE up; the feed gains the notice")
    func changesGoThroughTheOutbox() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let (all, planning, feed) = addCalendarsAndFeed(h)
            _ = try await h.sync()
            let planningBefore = identity(planning)
            let allBefore = identity(all)

            // A document added to the Cabinet's next meeting: the Cabinet is not in the planning calendar.
            await h.site.update { $0.demoAddDocument() }
            let added = try await h.sync()
            let notice = try #require(added.notice("all", meeting: M.cabinetNext))
            #expect(!same(identity(all), allBefore), "rewritten: a new file renamed into place")
            #expect(same(identity(planning), planningBefore), "a calendar without the meeting is left alone")
            for subscription in ["cal", "feed"] {
                #expect(try h.store.outboxEntries(subscriptionID: subscription, states: nil).map(\.state) == [.delivered],
                        "\(subscription)")
            }
            #expect(try h.store.outboxEntries(subscriptionID: "planning-cal", states: nil).isEmpty)
            var calendar = try await DocumentCheck.calendar(all)
            #expect(calendar.errors == [])
            let event = try #require(calendar.event(uid(M.cabinetNext)))
            #expect(event.sequence == 2)
            #expect(event.description?.contains("Appendix C - Savings Tracker") == true)
            let stamp = Timestamp.string(h.clock.now).replacingOccurrences(of: "Z", with: "+00:00")
            #expect(event.dtstamp == stamp && event.last_modified == stamp, "when the version was stored")

            // Cancelled: it stays, cancelled. Then moved into summer time, and back into winter.
            await h.site.update { $0.demoCancelMeeting() }
            _ = try await h.sync()
            await h.site.update { content in
                _ = content.updateMeeting(M.cabinetNext) { Edits.reschedule(&$0, days: 189) }  // Tue 15 June 2027
            }
            let summer = try await h.sync()
            #expect(summer.notice("all", meeting: M.cabinetNext)?.changes.map(\.kind) == [.meetingRescheduled])
            calendar = try await DocumentCheck.calendar(all)
            let cancelled = try #require(calendar.event(uid(M.planningLater)))
            #expect(cancelled.status == "CANCELLED" && cancelled.sequence == 2)
            #expect(cancelled.summary?.hasPrefix("CANCELLED: Planning Committee") == true)
            let moved = try #require(calendar.event(uid(M.cabinetNext)))
            #expect(moved.sequence == 3)
            #expect(moved.start == .london("2027-06-15T19:00:00"))
            #expect(moved.end == .london("2027-06-15T21:00:00"))
            #expect(moved.start_utc_offset == 3600 && moved.start_utc_offset_zoneinfo == 3600)

            await h.site.update { content in
                _ = content.updateMeeting(M.cabinetNext) { Edits.reschedule(&$0, days: -154) }  // Tue 12 January 2027
            }
            _ = try await h.sync()
            let planningCalendar = try await DocumentCheck.calendar(planning)
            calendar = try await DocumentCheck.calendar(all)
            let winter = try #require(calendar.event(uid(M.cabinetNext)))
            #expect(winter.sequence == 4 && winter.uid == event.uid)
            #expect(winter.start == .london("2027-01-12T19:00:00"))
            #expect(winter.start_utc_offset == 0)
            #expect(planningCalendar.event(uid(M.planningLater))?.status == "CANCELLED")

            // The feed: one entry per notice, newest first, ids from the outbox.
            let atom = try await DocumentCheck.feed(feed)
            #expect(atom.errors == [])
            let ids = try h.store.outboxEntries(subscriptionID: "feed", states: nil).map { "urn:agenda-sync:\($0.id)" }
            #expect(atom.entries.map(\.id) == ids && ids.count == 4)
            let oldest = try #require(atom.entries.last?.title)
            #expect(oldest.hasPrefix("Cabinet, ") && oldest.hasSuffix(": " + notice.summary), "\(oldest)")
            #expect(atom.entries.first?.categories == ["meeting.rescheduled"])
            #expect(try h.store.undeliveredCount(subscriptionID: "feed") == 0)
            #expect(try h.store.undeliveredCount(subscriptionID: "cal") == 0)
        }
    }

    @Test("a replay rewrites nothing that is right; a missing folder fails the notices until it exists")
    func replayAndFailure() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let folder = h.folder + "/feeds"
            h.reconfigure { $0.subscriptions += [calendarSubscription("cal", folder + "/all.ics"), atomSubscription("feed", folder + "/all.atom")] }
            let baseline = try await h.sync(deliveryMayFail: true)
            #expect(!baseline.report.succeeded)
            #expect(baseline.report.delivery.errors.contains {
                $0 == "cal: refusing to write notices to \(folder)/all.ics: its directory \(folder) does not exist; "
                    + "create it (only the file is created)"
            }, "\(baseline.report.delivery.errors)")
            await h.site.update { $0.demoAddDocument() }
            let failed = try await h.sync(deliveryMayFail: true)
            #expect(failed.report.delivery.failed == 2)
            for subscription in ["cal", "feed"] {
                let row = try #require(try h.store.outboxEntries(subscriptionID: subscription, states: nil).first)
                #expect(row.state == .failed && row.lastError?.contains("does not exist; create it") == true, "\(row)")
                #expect(row.nextAttemptAt == h.clock.now.addingTimeInterval(60))
            }
            // The folder appears; the retry a minute later writes both files.
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            let early = try await h.deliver().0
            #expect(early.delivered == 0 && early.deferred == 2, "not before the retry time")
            h.clock.advance(by: 60)
            let retried = try await h.deliver().0
            #expect(retried.delivered == 2 && retried.errors.isEmpty, "\(retried.errors)")
            let calendar = try await DocumentCheck.calendar(folder + "/all.ics")
            #expect(calendar.errors == [] && calendar.events.count == 7)
            #expect(calendar.event(uid(M.cabinetNext))?.sequence == 2)

            // Replay: the notices are delivered again, and the files, already right, are not touched.
            let before = [folder + "/all.ics", folder + "/all.atom"].map(identity)
            #expect(try h.store.replayNotices(subscriptionID: "cal", since: .distantPast) == 1)
            #expect(try h.store.replayNotices(subscriptionID: "feed", since: .distantPast) == 1)
            let replayed = try await h.deliver().0
            #expect(replayed.delivered == 2)
            #expect(same(identity(folder + "/all.ics"), before[0]) && same(identity(folder + "/all.atom"), before[1]))
            // A file removed by hand is written again at the next round.
            try FileManager.default.removeItem(atPath: folder + "/all.ics")
            _ = try await h.deliver()
            #expect(try await DocumentCheck.calendar(folder + "/all.ics").events.count == 7)
        }
    }

    @Test("keywords choose meetings by any of their titles; a meeting known only by its day is an all-day event")
    func keywordsAndAllDayMeetings() async throws {
        try await withHarness(subscriptions: [.all]) { h in
            let path = h.folder + "/send.ics"
            h.reconfigure { $0.subscriptions += [calendarSubscription("send", path, filter: SubscriptionFilter(keywords: ["SEND", "home to school"]))] }
            _ = try await h.sync()
            var calendar = try await DocumentCheck.calendar(path)
            #expect(calendar.calname == "Sample Borough Council meetings")
            // "SEND Sufficiency Strategy Update" (scrutiny, past) and "Home to School Transport Policy" (cabinet, next).
            #expect(Set(calendar.events.compactMap(\.uid)) == Set([M.scrutinyPast, M.cabinetNext].map(uid)))

            // A version whose start is a day without a time, stored as the pipeline stores it.
            var stored = try #require(try h.store.storedVersion(h.meetingID(M.scrutinyPast)))
            stored.meeting.start = LondonDateTime(date: try #require(stored.meeting.start).date, time: nil)
            try h.store.commit(NewVersion(meeting: stored.meeting, number: stored.version + 1, contentHash: "day-only",
                                          rawPage: [1], fetchedAt: h.clock.now, changes: [], notices: []))
            _ = try await h.deliver()
            calendar = try await DocumentCheck.calendar(path)
            #expect(calendar.errors == [])
            let allDay = try #require(calendar.event(uid(M.scrutinyPast)))
            let day = try #require(stored.meeting.start).date
            #expect(allDay.start == .day(day.iso8601))
            #expect(allDay.end == .day(day.adding(days: 1).iso8601))
            #expect(allDay.sequence == 2, "a silently stored version rewrites the calendar too")
        }
    }
}

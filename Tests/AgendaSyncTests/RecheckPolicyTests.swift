import AgendaConfig
import AgendaModel
import AgendaStore
import Foundation
import Testing
@testable import AgendaSync

@Suite("Re-checking meeting pages by date")
struct RecheckPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = RecheckPolicy(upcoming: 14 * 86_400, later: 6 * 3_600, past: 3 * 3_600)

    func state(version: Int = 1, status: MeetingStatus = .confirmed) -> MeetingState {
        MeetingState(id: MeetingID(source: "s", number: 1), committeeID: 1, committeeName: "C", title: "T", start: nil,
                     status: status, url: "http://127.0.0.1/", currentVersion: version, contentHash: "h",
                     announceNew: false, firstSeenAt: Date(timeIntervalSince1970: 1_767_225_600), missingSince: nil)
    }

    @Test func upcomingMeetingsAreReadEveryCycle() {
        #expect(policy.nextCheck(start: now.addingTimeInterval(3 * 86_400), now: now) == nil)
        #expect(policy.nextCheck(start: now.addingTimeInterval(-3_600), now: now) == nil, "today's meeting")
    }

    @Test func farFutureAndPastMeetingsWaitForTheirTier() {
        #expect(policy.nextCheck(start: now.addingTimeInterval(30 * 86_400), now: now) == now.addingTimeInterval(6 * 3_600))
        #expect(policy.nextCheck(start: now.addingTimeInterval(-10 * 86_400), now: now) == now.addingTimeInterval(3 * 3_600))
        #expect(policy.nextCheck(start: nil, now: now) == nil, "an unknown date is read every cycle")
    }

    @Test func aPageIsDueWhenNewWhenItsListEntryChangedOrWhenItsTimeCame() {
        let later = now.addingTimeInterval(3_600)
        #expect(policy.isDue(state: state(version: 0), listedCancelled: false, nextCheck: later, now: now))
        #expect(policy.isDue(state: state(), listedCancelled: true, nextCheck: later, now: now), "newly CANCELLED")
        #expect(!policy.isDue(state: state(), listedCancelled: false, nextCheck: later, now: now))
        #expect(policy.isDue(state: state(), listedCancelled: false, nextCheck: now, now: now))
        #expect(policy.isDue(state: state(), listedCancelled: false, nextCheck: nil, now: now))
    }

    @Test func aSourceOverridesTheTiersItSets() {
        let overridden = policy.overridden(by: RecheckOverrides(later: ConfigDuration(seconds: 3_600)))
        #expect(overridden == RecheckPolicy(upcoming: 14 * 86_400, later: 3_600, past: 3 * 3_600))
    }
}

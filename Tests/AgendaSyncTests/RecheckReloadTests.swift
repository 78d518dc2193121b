import AgendaConfig
import AgendaStore
import Foundation
import SampleCouncil
import Testing
@testable import AgendaSync

/// The daemon re-reads far-off meeting pages by tier; a tier made shorter (SIGHUP, or a restart with
/// a new config) applies to the checks already planned, not only to the ones planned after it.
@Suite struct RecheckReloadTests {
    @Test func aShorterTierPullsInChecksPlannedUnderTheLongerOne() async throws {
        try await withHarness { h in
            let laterPage = await h.meetingURL(SampleCouncilData.Meetings.planningLater)
            func cycle(later: Int) async throws -> [String] {
                var source = h.configuration.sources[0]
                source.recheck = RecheckOverrides(later: ConfigDuration(seconds: later))
                let engine = SyncEngine(context: SyncContext(configuration: h.configuration, store: h.store, client: h.client,
                                                             now: { [clock = h.clock] in clock.now }, recheck: RecheckPolicy()))
                let report = await engine.syncSource(source)
                #expect(report.outcome == .ok, "\(report.error ?? "")")
                return try h.fetches(run: try #require(report.runID)).map(\.url)
            }

            // Read at the baseline, then planned 6 hours out.
            #expect(try await cycle(later: 6 * 3600).contains(laterPage))
            let planned = try #require(try h.store.meetingCheckTimes(sourceID: Harness.sourceID)[
                h.meetingID(SampleCouncilData.Meetings.planningLater).description])
            #expect(planned == h.clock.now.addingTimeInterval(6 * 3600))

            // recheck_later = "1h" from now on: the planned check moves to at most an hour away…
            h.clock.advance(by: 60)
            #expect(try await !cycle(later: 3600).contains(laterPage))
            let pulledIn = try #require(try h.store.meetingCheckTimes(sourceID: Harness.sourceID)[
                h.meetingID(SampleCouncilData.Meetings.planningLater).description])
            #expect(pulledIn == h.clock.now.addingTimeInterval(3600))

            // …and the page is read once that hour has passed, not five hours later.
            h.clock.advance(by: 3601)
            #expect(try await cycle(later: 3600).contains(laterPage))
        }
    }
}

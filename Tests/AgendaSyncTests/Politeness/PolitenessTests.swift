import AgendaCore
import AgendaConfig
import AgendaStore
import AgendaSync
import Foundation
import Testing

/// H6: what the council's server measures — connections in flight at once and the gap between
/// request starts — over a real sync.
@Suite("Politeness, measured by the server")
struct PolitenessTests {
    /// 30 meeting pages on one host, one connection, 100 ms spacing.
    @Test func thirtyPagesOneAtATimeSpaced() async throws {
        let council = try TestCouncil(extraMeetings: 27, hold: 0.02)
        try #require(council.meetingNumbers.count == 30)
        try await withPoliteWorld(council: council, spacing: ConfigDuration(milliseconds: 100)!) { world in
            let started = ContinuousClock.now
            let (report, _) = await world.sync()
            let elapsed = ContinuousClock.now - started
            let failures = try world.fetches(report.sources[0]).filter { $0.outcome.isFailure }
            #expect(report.sources[0].outcome == .ok, "\(failures)")
            let requests = world.council.requests
            #expect(requests.filter { $0.target.contains("ieListDocuments") }.count == 30)
            #expect(requests.count == 32, "robots.txt, the list and 30 pages")

            let gaps = zip(requests.dropFirst(), requests).map { $0.start - $1.start }
            let minimumGap = try #require(gaps.min())
            let peak = world.council.peakInFlight
            let figures = "\(requests.count) requests in \(elapsed), peak in flight \(peak), "
                + "gap between starts min \(minimumGap.wholeMilliseconds) ms, median \(gaps.sorted()[gaps.count / 2].wholeMilliseconds) ms"
            print("politeness (1 source, max_connections_per_host 1, request_spacing 100ms): " + figures)
            #expect(peak == 1, "\(figures)")
            // The server sees arrivals (the kernel's receive time, so not how late its own thread
            // reads them), not the client's starts: a request sent late after its start (the first on
            // a new connection, a client thread preempted on a busy machine) shortens the gap after it.
            // Arrivals can only be late, never early, so request i cannot arrive sooner than i spacings
            // after the first one, less the first one's own delay: that bound is tight.
            #expect(minimumGap >= .milliseconds(80), "\(figures); without spacing the gap would be the 20 ms hold")
            for (index, request) in requests.enumerated() {
                #expect(request.start - requests[0].start >= .milliseconds(100 * index - 25), "request \(index): \(figures)")
            }
            #expect(world.council.connectionCount <= 2, "connections are reused, not opened per request")
        }
    }

    /// Two sources on one host run concurrently, yet the host sees one request at a time and the
    /// spacing holds across both: the limits are per host, not per source.
    @Test func twoSourcesShareTheHostsLimits() async throws {
        let council = try TestCouncil(extraMeetings: 7, hold: 0.06)
        try await withPoliteWorld(council: council, sources: 2, spacing: ConfigDuration(milliseconds: 50)!) { world in
            let (report, _) = await world.sync()
            #expect(report.sources.allSatisfy { $0.outcome == .ok })
            let requests = world.council.requests
            #expect(requests.filter { $0.target.contains("ieListDocuments") }.count == 20)
            #expect(requests.filter { $0.target == "/robots.txt" }.count == 1, "robots.txt read once for both")
            let minimumGap = try #require(zip(requests.dropFirst(), requests).map { $0.start - $1.start }.min())
            print("politeness (2 sources on one host, 1 connection, 50ms): peak \(world.council.peakInFlight), "
                  + "min gap \(minimumGap.wholeMilliseconds) ms over \(requests.count) requests")
            #expect(world.council.peakInFlight == 1)
            #expect(minimumGap >= .milliseconds(25))
        }
    }

    /// The control: with two connections allowed and almost no spacing, the same two sources do
    /// overlap — so the server's in-flight count would have caught a broken limit.
    @Test func theMeasurementSeesOverlapWhenItIsAllowed() async throws {
        let council = try TestCouncil(extraMeetings: 7, hold: 0.06)
        try await withPoliteWorld(council: council, sources: 2, maxConnectionsPerHost: 2) { world in
            let (report, _) = await world.sync()
            #expect(report.sources.allSatisfy { $0.outcome == .ok })
            #expect(world.council.peakInFlight == 2)
        }
    }

    /// A source's own `request_spacing` applies to its requests.
    @Test func aSourceMaySetItsOwnSpacing() async throws {
        let council = try TestCouncil()
        let world = try PoliteWorld(council: council, spacing: ConfigDuration(milliseconds: 1)!)
        defer { world.close() }
        var configuration = world.configuration
        configuration.sources[0].requestSpacing = ConfigDuration(milliseconds: 150)!
        let engine = SyncEngine(context: SyncContext(configuration: configuration, store: world.store, client: world.client,
                                                     now: { [clock = world.clock] in clock.now }))
        let report = await engine.syncOnce()
        #expect(report.sources[0].outcome == .ok)
        let requests = council.requests
        let minimumGap = try #require(zip(requests.dropFirst(), requests).map { $0.start - $1.start }.min())
        // As in thirtyPagesOneAtATimeSpaced: arrivals may be late, never early.
        let gapList = zip(requests.dropFirst(), requests).map { ($0.start - $1.start).wholeMilliseconds }
        #expect(minimumGap >= .milliseconds(120), "\(gapList); the daemon's own spacing is 1 ms")
        for (index, request) in requests.enumerated() {
            #expect(request.start - requests[0].start >= .milliseconds(150 * index - 25), "request \(index): \(gapList)")
        }
    }
}

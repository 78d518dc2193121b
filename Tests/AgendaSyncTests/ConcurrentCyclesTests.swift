import AgendaConfig
import AgendaSync
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing

/// `max_concurrent_cycles`: `sync` runs at most that many source cycles at once.
@Suite("Concurrent source cycles")
struct ConcurrentCyclesTests {
    /// Three councils, each its own host, whose meeting pages answer slowly (a cycle takes over two
    /// seconds): with a limit of 1 their cycles follow one another; with 3 they all overlap.
    @Test("sync runs at most max_concurrent_cycles sources at once", arguments: [1, 3])
    func syncHonoursTheLimit(limit: Int) async throws {
        try await withHarness { h in
            var others: [SampleCouncilSite] = []
            var sources = [h.configuration.sources[0]]
            do {
                for id in ["second", "third"] {
                    let site = SampleCouncilSite(testing: SampleCouncilData.content(reference: TestClock.reference))
                    let base = try await site.start()
                    others.append(site)
                    sources.append(SourceConfiguration(id: id, name: "Council \(id)", baseURL: base.absoluteString))
                }
                try await check(h, sites: [h.site] + others, sources: sources, limit: limit)
            } catch {
                for site in others { await site.stop() }
                throw error
            }
            for site in others { await site.stop() }
        }
    }

    private func check(_ h: Harness, sites: [SampleCouncilSite], sources: [SourceConfiguration], limit: Int) async throws {
        for site in sites { await site.fault(.path("/ieListDocuments.aspx"), .delay(.milliseconds(300))) }
        h.reconfigure {
            $0.sources = sources
            $0.daemon.maxConcurrentCycles = limit
        }
        let report = await h.engine.syncOnce()
        #expect(report.sources.map(\.outcome) == [.ok, .ok, .ok], "\(report.sources.map { $0.error ?? "" })")
        var windows: [(first: Date, last: Date)] = []
        for site in sites {
            let times = await site.requests.map(\.time)
            windows.append((try #require(times.min()), try #require(times.max())))
        }
        windows.sort { $0.first < $1.first }
        if limit == 1 {
            for (earlier, later) in zip(windows, windows.dropFirst()) {
                #expect(earlier.last < later.first, "a council was read while another one's cycle ran: \(windows)")
            }
        } else {
            let lastStart = windows.map(\.first).max()!
            #expect(windows.allSatisfy { lastStart < $0.last }, "the three cycles did not run together: \(windows)")
        }
    }
}

import AgendaFetch
import Foundation
import Testing
@testable import SampleCouncil

@Suite struct SharedSocketPoolTests {
    /// Many sites on one event loop, each its own port, each answering libcurl (as the national benchmark runs 400).
    @Test func manySitesServeOnOneSharedPool() async throws {
        let pool = SharedSocketPool()
        let sites = (0..<50).map { _ in SampleCouncilSite(content: Fixtures.demo()) }
        let client = HTTPClient(configuration: FetchConfiguration(
            userAgent: "agenda-sync-tests/1.0 (+mailto:tests@example.invalid)",
            // Bounds each fetch; only separates "answered" from "hung" on a loaded machine.
            limits: FetchLimits(connectTimeout: .seconds(30), totalTimeout: .seconds(60))))
        defer { client.shutdown() }
        do {
            var bases: [URL] = []
            for site in sites { bases.append(try await site.start(pool: pool)) }
            #expect(Set(bases.map(\.port)).count == sites.count)
            #expect(bases.allSatisfy { $0.host == "127.0.0.1" })

            // Every site at once (the client queues beyond its connection limit), then each page checked.
            let bodies = try await withThrowingTaskGroup(of: (Int, FetchResponse).self) { group in
                for (index, base) in bases.enumerated() {
                    group.addTask { (index, try await client.fetch(FetchRequest(url: base.absoluteString + "mgCommitteeStructure.aspx"))) }
                }
                var responses: [Int: FetchResponse] = [:]
                for try await (index, response) in group { responses[index] = response }
                return responses
            }
            #expect(bodies.count == sites.count)
            for (index, site) in sites.enumerated() {
                let expected = try #require(await site.page(for: .committeeStructure))
                #expect(bodies[index]?.status == 200, "site \(index)")
                #expect(bodies[index].map { String(decoding: $0.body, as: UTF8.self) } == expected, "site \(index)")
            }
        } catch {
            await stopAll(sites, pool: pool)
            throw error
        }
        await stopAll(sites, pool: pool)
    }

    @Test func aShutDownPoolRefusesNewSites() async throws {
        let pool = SharedSocketPool()
        let site = SampleCouncilSite(content: Fixtures.demo())
        try await site.start(pool: pool)
        await stopAll([site], pool: pool)
        await #expect(throws: SharedSocketPoolError.shutDown) {
            try await SampleCouncilSite(content: Fixtures.demo()).start(pool: pool)
        }
    }

    private func stopAll(_ sites: [SampleCouncilSite], pool: SharedSocketPool) async {
        for site in sites { await site.stop() }
        await pool.shutdown()
    }
}

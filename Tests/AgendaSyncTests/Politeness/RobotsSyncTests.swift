import AgendaStore
import AgendaSync
import Foundation
import Testing

/// H7: robots.txt is read before a host's first page and obeyed; 4xx allows, 5xx or no answer
/// disallows; the answer is trusted for at most a day (an hour when it was an error).
@Suite("robots.txt during a sync")
struct RobotsSyncTests {
    @Test func readFirstAndObeyed() async throws {
        let council = try TestCouncil()
        council.answer(council.robotsURL, .ok("User-agent: *\nDisallow: /ieListDocuments.aspx\n"))
        try await withPoliteWorld(council: council) { world in
            let (report, notices) = await world.sync()
            let source = report.sources[0]
            #expect(source.outcome == .partial)
            #expect(notices.isEmpty)
            // robots.txt first, then the list; not one meeting page.
            #expect(world.council.targets == ["/robots.txt", TestCouncil.target(world.council.listURL)])
            let rows = try world.fetches(source)
            #expect(rows.first?.url == world.council.robotsURL)
            #expect(rows.first?.outcome == .ok && rows.first?.status == 200)
            let meetingRows = rows.filter { $0.url.contains("ieListDocuments") }
            #expect(meetingRows.count == 3)
            for row in meetingRows {
                #expect(row.outcome == .robotsDisallowed)
                #expect(row.status == nil)
                #expect(row.error?.contains("disallows /ieListDocuments.aspx?CId=102&MId=") == true, "\(row.error ?? "")")
                #expect(row.error?.contains("\"Disallow: /ieListDocuments.aspx\"") == true)
            }
            #expect(try world.versionCount() == 0)
            #expect(source.failures == 3)
            // Not fetched again while cached.
            world.council.clearLog()
            _ = await world.sync()
            #expect(!world.council.targets.contains("/robots.txt"))
        }
    }

    @Test func ourOwnGroupWinsOverStar() async throws {
        let council = try TestCouncil()
        council.answer(council.robotsURL, .ok("User-agent: *\nAllow: /\n\nUser-agent: agenda-sync-tests\nDisallow: /\n"))
        try await withPoliteWorld(council: council) { world in
            let (report, _) = await world.sync()
            #expect(report.sources[0].outcome == .failed)
            #expect(world.council.targets == ["/robots.txt"])
            let rows = try world.fetches(report.sources[0])
            #expect(rows.map(\.outcome) == [.ok, .robotsDisallowed])
            #expect(rows.last?.error?.contains("for agenda-sync-tests (\"Disallow: /\")") == true, "\(rows.last?.error ?? "")")
        }
    }

    @Test func notFoundAllowsEverything() async throws {
        try await withPoliteWorld(council: try TestCouncil()) { world in
            let (report, _) = await world.sync()
            #expect(report.sources[0].outcome == .ok)
            #expect(world.council.targets.first == "/robots.txt")
            #expect(world.council.targets.filter { $0.contains("ieListDocuments") }.count == 3)
            let robots = try world.fetches(report.sources[0]).first
            #expect(robots?.url == world.council.robotsURL && robots?.status == 404 && robots?.outcome == .ok)
            #expect(try world.versionCount() == 3)
            #expect(await world.hostState()?.robots == .unavailable(status: 404))
        }
    }

    /// 5xx and no answer both mean "disallow everything" — and the robots.txt is tried again after an hour.
    @Test(arguments: [false, true])
    func unreachableDisallowsEverything(stall: Bool) async throws {
        let council = try TestCouncil()
        council.answer(council.robotsURL, stall ? .stall : .status(503))
        try await withPoliteWorld(council: council) { world in
            let (report, notices) = await world.sync()
            let source = report.sources[0]
            #expect(source.outcome == .failed)
            #expect(notices.isEmpty)
            #expect(world.council.targets == ["/robots.txt"], "nothing but robots.txt was requested")
            let rows = try world.fetches(source)
            #expect(rows.count == 2)
            #expect(rows[0].outcome == (stall ? .transportError : .httpError))
            #expect(rows[0].status == (stall ? nil : 503))
            #expect(rows[0].error?.contains("every page of the host counts as disallowed") == true, "\(rows[0].error ?? "")")
            #expect(rows[1].url == world.council.listURL)
            #expect(rows[1].outcome == .robotsDisallowed)
            #expect(rows[1].error?.contains(stall ? "too slow" : "HTTP 503") == true, "\(rows[1].error ?? "")")
            #expect(try world.versionCount() == 0)

            // Within the hour: still disallowed, robots.txt not asked again.
            world.council.restore(world.council.robotsURL)
            world.council.clearLog()
            let soon = await world.sync(advance: 30 * 60)
            #expect(world.council.requests.isEmpty)
            #expect(soon.report.sources[0].outcome == .failed)

            // After it: read again (now a 404), and the pages are fetched.
            let later = await world.sync(advance: 31 * 60)
            #expect(later.report.sources[0].outcome == .ok)
            #expect(world.council.targets.first == "/robots.txt")
            #expect(try world.versionCount() == 3)
        }
    }

    /// Conditional GET for robots.txt too: a 304 renews the rules it had.
    @Test func reReadConditionally() async throws {
        let council = try TestCouncil()
        let blocked = council.meetingURL(council.meetingNumbers[0])
        council.answer(council.robotsURL, .tagged("User-agent: *\nDisallow: \(TestCouncil.target(blocked))$\n", etag: "\"r1\""))
        try await withPoliteWorld(council: council) { world in
            let first = await world.sync()
            #expect(try world.fetches(first.report.sources[0]).first?.outcome == .ok)
            #expect(try world.row(first.report.sources[0], url: blocked)?.outcome == .robotsDisallowed)

            world.council.clearLog()
            let (report, _) = await world.sync(advance: 24 * 3_600)
            let rows = try world.fetches(report.sources[0])
            #expect(rows.first?.url == world.council.robotsURL)
            #expect(rows.first?.outcome == .notModified && rows.first?.status == 304 && rows.first?.validators == "etag")
            #expect(rows.first { $0.url == blocked }?.outcome == .robotsDisallowed, "the cached rules still apply")
            #expect(!world.council.targets.contains(TestCouncil.target(blocked)))
            #expect(world.council.targets.filter { $0.contains("ieListDocuments") }.count == 2)
        }
    }

    @Test func reReadAfterTheCacheExpires() async throws {
        try await withPoliteWorld(council: try TestCouncil()) { world in
            _ = await world.sync()
            world.council.clearLog()
            _ = await world.sync(advance: 23 * 3_600)
            #expect(!world.council.targets.contains("/robots.txt"), "trusted for 24 h")

            world.council.answer(world.council.robotsURL, .ok("User-agent: *\nDisallow: /\n"))
            world.council.clearLog()
            let (report, _) = await world.sync(advance: 3_600)
            #expect(world.council.targets == ["/robots.txt"], "re-read after 24 h, and obeyed")
            #expect(report.sources[0].outcome == .failed)
        }
    }
}

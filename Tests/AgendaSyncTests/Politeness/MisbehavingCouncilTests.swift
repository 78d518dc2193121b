import AgendaFetch
import AgendaStore
import AgendaSync
import Foundation
import Testing

/// A council misbehaving on one meeting page, and what the sync log must say about it.
struct Misbehaviour: Sendable, CustomTestStringConvertible {
    var name: String
    var answer: @Sendable (_ council: TestCouncil, _ url: String) -> Answer
    /// Expected in the row's error text.
    var cause: String
    /// How many requests the server sees for the page (redirects included).
    var requests: Int = 1

    var testDescription: String { name }

    static let all: [Misbehaviour] = [
        Misbehaviour(name: "a slow drip (1 byte/s)", answer: { _, _ in .drip(interval: 1) }, cause: "too slow"),
        Misbehaviour(name: "headers, then a stall", answer: { _, _ in .stall }, cause: "too slow"),
        Misbehaviour(name: "a body past the cap", answer: { _, _ in .oversized(bytes: 3 << 20) },
                     cause: "larger than the 1048576-byte limit"),
        Misbehaviour(name: "a gzip bomb (55 kB → 8 MiB)", answer: { _, _ in .gzip(GzipBomb.zeros(decodedBytes: 8 << 20)) },
                     cause: "larger than the 1048576-byte limit"),
        Misbehaviour(name: "a redirect loop", answer: { _, url in .redirect(url) }, cause: "too many redirects", requests: 6),
        Misbehaviour(name: "a redirect to file:///etc/passwd", answer: { _, _ in .redirect("file:///etc/passwd") },
                     cause: "only http and https"),
        Misbehaviour(name: "a redirect to gopher://", answer: { _, _ in .redirect("gopher://127.0.0.1:70/1") },
                     cause: "only http and https"),
        Misbehaviour(name: "a reset mid-body", answer: { _, _ in .resetMidBody },
                     cause: "connection closed before the response was complete"),
    ]
}

/// H1–H4 at the sync level: each misbehaviour is a failed fetch — no crash, no version, no notice, the
/// right sync-log row — and the host's backoff or pause shows in what the server saw.
@Suite("A misbehaving council")
struct MisbehavingCouncilTests {
    /// A baseline of the Planning Committee's meetings, then the last one misbehaves.
    @Test(arguments: Misbehaviour.all)
    func transferFailure(_ case: Misbehaviour) async throws {
        try await withPoliteWorld(council: try TestCouncil()) { world in
            let baseline = await world.sync()
            let baselineRows = try world.fetches(baseline.report.sources[0])
            try #require(baseline.report.sources[0].outcome == .ok, "\(baselineRows)")
            let order = world.council.targets.filter { $0.contains("ieListDocuments") }
            let versions = try world.versionCount()
            let faulty = world.council.base + order.last!.dropFirst()
            world.council.answer(faulty, `case`.answer(world.council, faulty))
            world.council.clearLog()

            let (report, notices) = await world.sync()
            let source = report.sources[0]
            #expect(source.outcome == .partial)
            #expect(source.failures == 1)
            #expect(notices.isEmpty)
            #expect(try world.versionCount() == versions, "no version stored")
            let row = try #require(try world.row(source, url: faulty))
            #expect(row.outcome == .transportError)
            #expect(row.status == nil)
            // For the drip and the stall, "too slow" says the 2 s low-speed limit ended it, not the 8 s timeout.
            #expect(row.error?.contains(`case`.cause) == true, "\(row.error ?? "no error")")
            // The pages before it were fetched as usual; the bad one as often as the case implies.
            #expect(world.council.targets.filter { $0.contains("ieListDocuments") && $0 != order.last! } == order.dropLast())
            #expect(world.council.requests(for: faulty).count == `case`.requests)
            // One error: the host's failure count and backoff (jitter pinned to its ceiling: 1m·2¹).
            let state = try #require(await world.hostState())
            #expect(state.consecutiveFailures == 1)
            #expect(state.backoffUntil == world.clock.now.addingTimeInterval(120))
            #expect(state.pausedUntil == nil)

            // Good again: clean, and the failure count is reset.
            world.council.restore(faulty)
            let clean = await world.sync()
            #expect(clean.report.sources[0].outcome == .ok)
            #expect(clean.notices.isEmpty)
            #expect(await world.hostState()?.consecutiveFailures == 0)
            #expect(await world.hostState()?.backoffUntil == nil)
        }
    }

    /// H4: 500s back off. Three in a row and the cycle leaves the host alone; the count carries over.
    @Test func serverErrorsStopTheHostAfterThreeInARow() async throws {
        try await withPoliteWorld(council: try TestCouncil(extraMeetings: 3)) { world in
            _ = await world.sync()
            let order = world.council.targets.filter { $0.contains("ieListDocuments") }.map { world.council.base + $0.dropFirst() }
            try #require(order.count == 6)
            for url in order.dropFirst() { world.council.answer(url, .status(500)) }
            world.council.clearLog()
            let versions = try world.versionCount()

            let (report, notices) = await world.sync()
            let source = report.sources[0]
            #expect(source.outcome == .partial)
            #expect(notices.isEmpty)
            #expect(try world.versionCount() == versions)
            // The server saw the first page and three 500s, then nothing.
            let seen = world.council.targets.filter { $0.contains("ieListDocuments") }.map { world.council.base + $0.dropFirst() }
            #expect(seen == Array(order.prefix(4)))
            let rows = try world.fetches(source)
            for url in order[1...3] {
                let row = rows.first { $0.url == url }
                #expect(row?.outcome == .httpError)
                #expect(row?.status == 500)
                #expect(row?.error == "HTTP 500")
            }
            for url in order[4...] {
                let row = rows.first { $0.url == url }
                #expect(row?.outcome == .paused)
                #expect(row?.status == nil)
                #expect(row?.error?.contains("3 errors in a row") == true, "\(row?.error ?? "")")
                #expect(row?.error?.contains("HTTP 500") == true)
            }
            // Backoff after 3 failures: min(6h, 1m·2³) with the jitter at its ceiling.
            let state = try #require(await world.hostState())
            #expect(state.consecutiveFailures == 3)
            #expect(state.backoffUntil == world.clock.now.addingTimeInterval(480))
            #expect(state.resumeAt == state.backoffUntil)

            // Next cycle: the first page is fine (reset), then three more 500s.
            world.council.clearLog()
            let next = await world.sync()
            #expect(next.report.sources[0].outcome == .partial)
            #expect(world.council.targets.filter { $0.contains("ieListDocuments") }.count == 4)
            #expect(await world.hostState()?.consecutiveFailures == 3)
        }
    }

    /// H4: a 429 or 503 pauses the whole host until `Retry-After`, in either form: nothing more is
    /// requested from it in this cycle, nor in the next while the pause lasts.
    @Test(arguments: [(429, false), (429, true), (503, false), (503, true)])
    func retryAfterPausesTheHost(status: Int, asDate: Bool) async throws {
        try await withPoliteWorld(council: try TestCouncil()) { world in
            _ = await world.sync()
            let order = world.council.targets.filter { $0.contains("ieListDocuments") }.map { world.council.base + $0.dropFirst() }
            try #require(order.count == 3)
            // An HTTP-date has whole seconds: the date the server names, exactly.
            let named = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 121).rounded(.down))
            let retryAfter = asDate ? Self.httpDate(named) : "120"
            world.council.answer(order[0], .status(status, ["Retry-After": retryAfter]))
            world.council.clearLog()
            let versions = try world.versionCount()

            let askedFrom = Date()
            let (report, notices) = await world.sync()
            let askedUntil = Date()
            let source = report.sources[0]
            let pausedAt = world.clock.now
            #expect(source.outcome == .partial)
            #expect(notices.isEmpty)
            #expect(try world.versionCount() == versions)
            // The list, the page that said "later", and nothing after it.
            #expect(world.council.targets == [TestCouncil.target(world.council.listURL), TestCouncil.target(order[0])])
            let rows = try world.fetches(source)
            let refused = try #require(rows.first { $0.url == order[0] })
            #expect(refused.outcome == .httpError)
            #expect(refused.status == status)
            #expect(refused.error == "HTTP \(status) (Retry-After: \(retryAfter))")
            for url in order.dropFirst() {
                let row = rows.first { $0.url == url }
                #expect(row?.outcome == .paused)
                #expect(row?.error?.contains("asked us to wait (HTTP \(status), Retry-After: \(retryAfter))") == true,
                        "\(row?.error ?? "")")
            }
            let state = try #require(await world.hostState())
            let pausedUntil = try #require(state.pausedUntil)
            // A date is read against our wall clock when the answer arrived (during the sync), so
            // the pause is the time from then until the named date; "120" is exactly 120 s.
            let pause = pausedUntil.timeIntervalSince(pausedAt)
            let readBetween = named.timeIntervalSince(askedUntil) - 0.001...named.timeIntervalSince(askedFrom) + 0.001
            #expect(asDate ? readBetween.contains(pause) : pause == 120, "\(pause) not in \(readBetween)")
            #expect(state.consecutiveFailures == 1)

            // A minute later the host is still paused: not one request, and the cycle fails.
            world.council.restore(order[0])
            world.council.clearLog()
            let during = await world.sync()
            #expect(world.council.requests.isEmpty, "\(world.council.targets)")
            #expect(during.report.sources[0].outcome == .failed)
            #expect(try world.fetches(during.report.sources[0]).allSatisfy { $0.outcome == .paused })
            #expect(during.notices.isEmpty)

            // Once the pause is over, everything is fetched again.
            let after = await world.sync(advance: 62)
            #expect(after.report.sources[0].outcome == .ok)
            #expect(world.council.targets.filter { $0.contains("ieListDocuments") }.count == 3)
            #expect(await world.hostState()?.pausedUntil == nil)
            #expect(await world.hostState()?.consecutiveFailures == 0)
        }
    }

    /// A `Retry-After` of a second or so is simply waited out: the next request comes after it.
    @Test func aShortRetryAfterIsWaitedOut() async throws {
        try await withPoliteWorld(council: try TestCouncil()) { world in
            _ = await world.sync()
            let order = world.council.targets.filter { $0.contains("ieListDocuments") }.map { world.council.base + $0.dropFirst() }
            world.council.answer(order[0], .status(503, ["Retry-After": "1"]))
            world.council.clearLog()

            let (report, _) = await world.sync()
            #expect(report.sources[0].failures == 1)
            let meetings = world.council.requests.filter { $0.target.contains("ieListDocuments") }
            #expect(meetings.count == 3, "the other pages were still fetched")
            let gap = meetings[1].start - meetings[0].start
            #expect(gap >= .milliseconds(990), "\(gap)")
            #expect(await world.hostState()?.pausedUntil == nil)
        }
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

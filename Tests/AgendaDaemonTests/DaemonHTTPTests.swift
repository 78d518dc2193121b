import AgendaFetch
import AgendaStore
import Foundation
import SampleCouncilTesting
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's HTTP listener (`[daemon] http_listen`), from outside: the real binary, scraped with
/// libcurl, its metrics checked by Prometheus' own `promtool`, its health following a council that
/// goes down and comes back, its published feeds with validators, bad requests, and SIGTERM.
@Suite(.serialized) struct DaemonHTTPTests {
    @Test func metricsHealthFeedsBadRequestsAndShutdown() async throws {
        let world = try await DaemonWorld(sources: ["sample"])
        try world.writeConfig(interval: "1s", extraDaemon: """
            http_listen = "127.0.0.1:0"
            backoff_base = "1s"
            backoff_cap = "2s"
            """)
        let calendarPath = world.folder + "/meetings.ics"
        try world.writeConfigText(try String(contentsOfFile: world.configPath, encoding: .utf8) + """

            [[subscription]]
            id = "meetings"
            channel = "calendar"
            path = "\(calendarPath)"
            publish = true

            [[subscription]]
            id = "changes"
            channel = "atom"
            path = "\(world.folder)/changes.atom"
            title = "Sample: what changed"

            """)
        let checked = try await AgendaSyncBinary.run(["check-config", "--config", world.configPath])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("\n  http listener: 127.0.0.1:0 (/metrics, /healthz, /feeds/ID)\n"), "\(checked.stdout)")
        #expect(checked.stdout.contains("\n  subscription meetings: calendar, published at /feeds/meetings\n"), "\(checked.stdout)")
        #expect(checked.stdout.contains("\n  subscription changes: atom\n"), "\(checked.stdout)")
        let daemon = try world.startDaemon()
        defer { daemon.kill() }
        let client = HTTPClient(configuration: FetchConfiguration(userAgent: DaemonWorld.userAgent))
        defer { client.shutdown() }

        let port = try await Self.listenerPort(of: daemon)
        let base = "http://127.0.0.1:\(port)"
        func get(_ path: String, etag: String? = nil, lastModified: String? = nil) async throws -> FetchResponse {
            try await client.fetch(FetchRequest(url: base + path, etag: etag, lastModified: lastModified))
        }
        func okCycles() -> Int { daemon.events("cycle.finished").filter { $0.contains(" outcome=ok ") }.count }
        #expect(await eventually(timeout: .seconds(120)) { okCycles() >= 1 }, "\(daemon.log)")

        // /metrics: Prometheus text that promtool accepts, with the pipeline's series.
        let first = try await get("/metrics")
        #expect(first.status == 200)
        #expect(first.contentType == "text/plain; version=0.0.4; charset=utf-8")
        let firstText = String(decoding: first.body, as: UTF8.self)
        try await expectPromtoolAccepts(firstText, folder: world.folder)
        for series in ["agenda_sync_cycle_duration_seconds_bucket{source=\"sample\",le=\"+Inf\"}",
                       "agenda_sync_fetch_duration_seconds_count{source=\"sample\"}",
                       "agenda_sync_fetched_bytes_total{source=\"sample\"}",
                       "agenda_sync_versions_written_total{source=\"sample\"}",
                       "agenda_sync_last_successful_cycle_timestamp_seconds{source=\"sample\"}",
                       "agenda_sync_source_held{source=\"sample\"} 0",
                       "agenda_sync_outbox_pending{subscription=\"all\"}",
                       "agenda_sync_outbox_oldest_pending_age_seconds{subscription=\"all\"}",
                       "agenda_sync_build_info{"] {
            #expect(firstText.contains(series), "\(series) missing from:\n\(firstText)")
        }
        let okFetches = "agenda_sync_fetches_total{source=\"sample\",outcome=\"ok\"}"
        let fetchedBefore = try #require(Self.value(okFetches, in: firstText) ?? Self.value(
            "agenda_sync_fetches_total{outcome=\"ok\",source=\"sample\"}", in: firstText), "\(firstText)")
        #expect(fetchedBefore >= 1)
        // Counters move with the next cycles (every page is re-read, unchanged or 304) — while a
        // client holds a connection with half a request: it stalls neither polling nor other scrapes.
        let stalled = try Self.connectAndStall(port: port)
        defer { close(stalled) }
        let cyclesBefore = Self.totalCycles(in: firstText)
        #expect(await eventually(timeout: .seconds(120)) {
            guard let text = try? await get("/metrics") else { return false }
            return Self.totalCycles(in: String(decoding: text.body, as: UTF8.self)) > cyclesBefore
        })

        // /healthz: 200 while the council answers, 503 naming it while it fails, 200 again after.
        let healthy = try await get("/healthz")
        #expect(healthy.status == 200, "\(String(decoding: healthy.body, as: UTF8.self))")
        let healthyBody = try Self.json(healthy.body)
        #expect(healthyBody["status"] as? String == "ok")
        #expect((healthyBody["sources"] as? [[String: Any]])?.first?["health"] as? String == "healthy")
        await world.site.fault(.committeeStructure, .status(500))
        #expect(await eventually(timeout: .seconds(120)) { (try? await get("/healthz"))?.status == 503 }, "\(daemon.log)")
        let down = try Self.json(try await get("/healthz").body)
        #expect(down["status"] as? String == "unhealthy")
        #expect(down["unhealthy"] as? [String] == ["sample"])
        await world.site.clearFaults()
        #expect(await eventually(timeout: .seconds(120)) { (try? await get("/healthz"))?.status == 200 }, "\(daemon.log)")

        // /feeds/ID: the published calendar with validators and 304s; unpublished and unknown ids are 404.
        #expect(await eventually(timeout: .seconds(60)) { (try? await get("/feeds/meetings"))?.status == 200 }, "\(daemon.log)")
        let calendar = try await get("/feeds/meetings")
        #expect(calendar.contentType == "text/calendar; charset=utf-8")
        #expect(calendar.body == Array(try Data(contentsOf: URL(fileURLWithPath: calendarPath))))
        #expect(String(decoding: calendar.body, as: UTF8.self).hasPrefix("BEGIN:VCALENDAR"))
        let etag = try #require(calendar.etag)
        let lastModified = try #require(calendar.lastModified)
        let byETag = try await get("/feeds/meetings", etag: etag)
        #expect(byETag.status == 304 && byETag.body.isEmpty)
        #expect(byETag.etag == etag)
        #expect(try await get("/feeds/meetings", lastModified: lastModified).status == 304)
        #expect(try await get("/feeds/meetings", etag: "\"stale\"").status == 200)
        #expect(try await get("/feeds/changes").status == 404)   // atom, but not published
        #expect(try await get("/feeds/all").status == 404)       // a file subscription
        #expect(try await get("/feeds/nothing").status == 404)

        // Bad requests get 4xx, and the listener goes on answering.
        #expect(try await RawHTTPClient.sendRaw(Array("GET metrics HTTP/1.1\r\nConnection: close\r\n\r\n".utf8), port: port).status == 400)
        #expect(try await RawHTTPClient.sendRaw(Array("GET /metrics SPDY/3\r\nConnection: close\r\n\r\n".utf8), port: port).status == 400)
        #expect(try await RawHTTPClient.request(URL(string: base)!, "/metrics", method: "POST").status == 405)
        #expect(try await RawHTTPClient.request(URL(string: base)!, "/metrics", method: "DELETE").headers["allow"] == "GET")
        #expect(try await RawHTTPClient.request(URL(string: base)!, "/admin").status == 404)
        #expect(try await get("/metrics").status == 200)

        // SIGTERM: the daemon stops cleanly and the port no longer answers.
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        #expect(daemon.events("http.stopped").count == 1, "\(daemon.log)")
        await #expect(throws: RawHTTPClientError.self) {
            try await RawHTTPClient.request(URL(string: base)!, "/healthz", timeout: 10)
        }

        // Restarted while the council fails: the last successful cycle is the persisted one, not absent.
        await world.site.fault(.committeeStructure, .status(500))
        let remembered = try #require(try AgendaStore(path: world.databasePath).scheduleStates()["sample"]?.lastSuccessAt)
        let restarted = try world.startDaemon(logName: "restarted.log")
        defer { restarted.kill() }
        let newPort = try await Self.listenerPort(of: restarted)
        let afterRestart = try await client.fetch(FetchRequest(url: "http://127.0.0.1:\(newPort)/metrics"))
        let seeded = Self.value("agenda_sync_last_successful_cycle_timestamp_seconds{source=\"sample\"}",
                                in: String(decoding: afterRestart.body, as: UTF8.self))
        #expect(seeded.map { abs($0 - remembered.timeIntervalSince1970) < 1 } == true,
                "\(String(describing: seeded)) vs \(remembered.timeIntervalSince1970)")
        restarted.signal(SIGTERM)
        #expect(await restarted.waitForExit(timeout: .seconds(60)) == 0, "\(restarted.log)")
        await world.close()
    }

    /// A reload that drops a source and a subscription drops their series too: a removed council's
    /// last-success time must not grow old on a dashboard, nor a removed subscription's counters linger.
    @Test func aReloadRemovesTheSeriesOfWhatItDrops() async throws {
        let world = try await DaemonWorld(sources: ["kept", "gone"])
        try world.writeConfig(interval: "1s", subscriptions: ["all", "old"], extraDaemon: "http_listen = \"127.0.0.1:0\"")
        let daemon = try world.startDaemon()
        defer { daemon.kill() }
        let client = HTTPClient(configuration: FetchConfiguration(userAgent: DaemonWorld.userAgent))
        defer { client.shutdown() }
        let port = try await Self.listenerPort(of: daemon)
        func scrape() async -> String {
            guard let response = try? await client.fetch(FetchRequest(url: "http://127.0.0.1:\(port)/metrics")),
                  response.status == 200 else { return "" }
            return String(decoding: response.body, as: UTF8.self)
        }
        let goneSeries = ["agenda_sync_last_successful_cycle_timestamp_seconds{source=\"gone\"}", "agenda_sync_source_held{source=\"gone\"}",
                          "agenda_sync_fetched_bytes_total{source=\"gone\"}"]
        let oldSeries = ["agenda_sync_outbox_pending{subscription=\"old\"}",
                         "agenda_sync_notices_delivered_total{subscription=\"old\",channel=\"file\"}"]
        // Both councils' baselines, then a change at "kept" delivered to both subscriptions.
        #expect(await eventually(timeout: .seconds(120)) { goneSeries.allSatisfy((await scrape()).contains) }, "\(daemon.log)")
        await world.site.update { $0.demoAddDocument() }
        #expect(await eventually(timeout: .seconds(120)) { oldSeries.allSatisfy((await scrape()).contains) }, "\(daemon.log)")

        try world.writeConfig(interval: "1s", subscriptions: ["all"], extraDaemon: "http_listen = \"127.0.0.1:0\"", only: ["kept"])
        daemon.signal(SIGHUP)
        #expect(await eventually(timeout: .seconds(60)) { daemon.events("config.reloaded").count == 1 }, "\(daemon.log)")
        // Two more cycles of "kept" after the reload: a cycle of "gone" that was running then has ended too.
        let cyclesAtReload = daemon.events("cycle.finished").count
        #expect(await eventually(timeout: .seconds(120)) { daemon.events("cycle.finished").count >= cyclesAtReload + 2 }, "\(daemon.log)")
        let text = await scrape()
        try await expectPromtoolAccepts(text, folder: world.folder)
        #expect(!text.contains("source=\"gone\""), "\(text)")
        #expect(!text.contains("subscription=\"old\""), "\(text)")
        for series in ["agenda_sync_last_successful_cycle_timestamp_seconds{source=\"kept\"}", "agenda_sync_source_held{source=\"kept\"} 0",
                       "agenda_sync_outbox_pending{subscription=\"all\"}",
                       "agenda_sync_notices_delivered_total{subscription=\"all\",channel=\"file\"}"] {
            #expect(text.contains(series), "\(series) missing from:\n\(text)")
        }
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
        await world.close()
    }

    /// `promtool check metrics` (Debian's prometheus package) reads the exposition on stdin: exit 0, no lint.
    private func expectPromtoolAccepts(_ text: String, folder: String) async throws {
        let path = folder + "/scrape.prom"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = try await ScriptProcess.run(executable: "/bin/sh", arguments: ["-c", "exec promtool check metrics < \"$0\"", path])
        #expect(result.status == 0, "promtool: \(result.stdout)\(result.stderr)")
    }

    /// The port the daemon's listener bound (`http_listen = "127.0.0.1:0"`), from its `http.listening` line.
    private static func listenerPort(of daemon: DaemonProcess) async throws -> UInt16 {
        #expect(await eventually(timeout: .seconds(60)) { !daemon.events("http.listening").isEmpty }, "\(daemon.log)")
        let listening = try #require(daemon.events("http.listening").first)
        return try #require(listening.split(separator: ":").last.flatMap { UInt16($0) }, "\(listening)")
    }

    /// A connection to the listener that sends the start of a request and then nothing.
    private static func connectAndStall(port: UInt16) throws -> Int32 {
        let fd = try RawHTTPClient.connect(port: port)
        let partial = Array("GET /metr".utf8)
        try #require(send(fd, partial, partial.count, 0) == partial.count)
        return fd
    }

    /// The value of one series line (`NAME{LABELS} VALUE`).
    private static func value(_ series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// Every finished cycle of every source and outcome.
    private static func totalCycles(in text: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix("agenda_sync_cycles_total{") }
            .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }

    private static func json(_ body: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }
}

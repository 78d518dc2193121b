import AgendaConfig
import AgendaFetch
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing
import TestSupport

/// One politeness test's world, in `Harness`'s style: a `TestCouncil` on 127.0.0.1, sources that
/// watch its Planning Committee, a store and a notice file in a fresh folder, a client with short
/// limits (so a drip or a stall costs seconds, not minutes), and an engine wired as the daemon wires
/// it — with a `HostPolicy` whose backoff jitter always draws its ceiling, so backoff is predictable.
final class PoliteWorld {
    static let userAgent = "agenda-sync-tests/1.0 (+mailto:tests@example.invalid)"
    /// Limits small enough that a misbehaving server costs about two seconds.
    static let limits = FetchLimits(maxBodyBytes: 1 << 20, connectTimeout: .seconds(5), totalTimeout: .seconds(8),
                                    lowSpeedLimitBytesPerSecond: 100, lowSpeedTime: .seconds(2))

    let council: TestCouncil
    let folder: String
    let clock: TestClock
    let store: AgendaStore
    let client: HTTPClient
    let hosts: HostPolicy
    let configuration: AgendaConfiguration
    let engine: SyncEngine
    private let tail: LineTail

    /// `sources` sources watch the council (ids "sample", "sample2", …), all on the same host.
    init(council: TestCouncil, sources: Int = 1, spacing: ConfigDuration = ConfigDuration(milliseconds: 1)!,
         maxConnectionsPerHost: Int = 1, notifyExisting: Bool = false) throws {
        self.council = council
        folder = try makeTemporaryFolder("agenda-sync-polite")
        clock = TestClock()
        let daemon = DaemonConfiguration(database: folder + "/agenda-sync.sqlite", userAgent: Self.userAgent,
                                         maxConnectionsPerHost: maxConnectionsPerHost, requestSpacing: spacing)
        let sourceConfigurations = (0..<sources).map { index in
            SourceConfiguration(id: index == 0 ? "sample" : "sample\(index + 1)", name: SampleCouncilData.councilName,
                                baseURL: council.base, committees: [TestCouncil.committee.id], notifyExisting: notifyExisting)
        }
        configuration = AgendaConfiguration(
            daemon: daemon, sources: sourceConfigurations,
            subscriptions: [SubscriptionConfiguration(id: "all", channel: .file(FileChannelSettings(path: folder + "/all.jsonl")))])
        store = try AgendaStore(path: daemon.database)
        client = HTTPClient(configuration: FetchConfiguration(userAgent: Self.userAgent, limits: Self.limits,
                                                              maxConnectionsPerHost: maxConnectionsPerHost))
        let now: @Sendable () -> Date = { [clock] in clock.now }
        hosts = HostPolicy(settings: PolitenessSettings(daemon: daemon), client: client, now: now, random: { $0.upperBound })
        engine = SyncEngine(context: SyncContext(configuration: configuration, store: store, client: client, now: now,
                                                 hosts: hosts))
        tail = LineTail(path: folder + "/all.jsonl")
    }

    /// One full cycle, the clock moved on `advance` seconds first; returns the report and the new notices.
    func sync(advance: TimeInterval = 60) async -> (report: SyncReport, notices: [String]) {
        clock.advance(by: advance)
        let report = await engine.syncOnce()
        return (report, tail.newLines())
    }

    /// The fetch log rows of one run, oldest first.
    func fetches(_ report: SourceReport) throws -> [FetchLogEntry] {
        guard let run = report.runID else { return [] }
        return try store.fetches(ofRun: run)
    }

    func row(_ report: SourceReport, url: String) throws -> FetchLogEntry? {
        try fetches(report).first { $0.url == url }
    }

    func hostState() async -> HostState? {
        await hosts.state(of: council.base)
    }

    func versionCount() throws -> Int {
        try store.tableCounts()["versions"] ?? 0
    }

    func close() {
        client.shutdown()
        council.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Builds a world, runs `body`, and always shuts the client and the council down.
func withPoliteWorld<T>(council: TestCouncil, sources: Int = 1, spacing: ConfigDuration = ConfigDuration(milliseconds: 1)!,
                        maxConnectionsPerHost: Int = 1, notifyExisting: Bool = false,
                        _ body: (PoliteWorld) async throws -> T) async throws -> T {
    let world = try PoliteWorld(council: council, sources: sources, spacing: spacing,
                                maxConnectionsPerHost: maxConnectionsPerHost, notifyExisting: notifyExisting)
    defer { world.close() }
    return try await body(world)
}

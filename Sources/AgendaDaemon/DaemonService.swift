import AgendaConfig
import AgendaFetch
import AgendaStore
import AgendaSync
import Foundation
import Logging
import ServiceLifecycle

/// `agenda-sync run` as a ServiceLifecycle service: polls every source on its own schedule,
/// delivers notices, and keeps systemd informed (READY, STATUS, WATCHDOG, STOPPING).
///
/// Graceful shutdown (SIGTERM, SIGINT) stops new cycles, cancels the running ones — their libcurl
/// transfers abort, a version and its notices commit together or not at all, notice lines are
/// written whole — delivers what was committed, and returns.
public final class DaemonService: Service, Sendable {
    /// What the daemon runs on; all of it lives as long as the process.
    public struct Dependencies: Sendable {
        public var store: AgendaStore
        public var client: HTTPClient
        /// Webhook POSTs go through their own client (no redirects, the webhook timeout), kept for
        /// the process's life; nil makes one per delivery round.
        public var webhookClient: HTTPClient?
        public var hosts: HostPolicy
        public var scheduler: SourceScheduler
        public var notifier: SystemdNotifier
        public var watchdog: WatchdogSchedule?
        public var logger: Logger
        public var now: @Sendable () -> Date
        /// The longest wait between delivery rounds; a round also runs after every cycle that wrote
        /// notices and when a retry, a throttle's end or a digest falls due.
        public var deliveryInterval: Duration = .seconds(60)
        /// After SIGTERM, how long in-flight work may take before the process exits regardless.
        public var stopDeadline: TimeInterval = 8

        public init(store: AgendaStore, client: HTTPClient, hosts: HostPolicy, scheduler: SourceScheduler,
                    notifier: SystemdNotifier, watchdog: WatchdogSchedule?, logger: Logger,
                    now: @escaping @Sendable () -> Date = { Date() }, webhookClient: HTTPClient? = nil) {
            self.store = store
            self.client = client
            self.webhookClient = webhookClient
            self.hosts = hosts
            self.scheduler = scheduler
            self.notifier = notifier
            self.watchdog = watchdog
            self.logger = logger
            self.now = now
        }
    }

    let configuration: AgendaConfiguration
    let dependencies: Dependencies
    /// The config in force, for the HTTP listener (reloads replace it).
    let live: LiveConfiguration
    private let events = DaemonEvents()

    public init(configuration: AgendaConfiguration, dependencies: Dependencies) {
        self.configuration = configuration
        self.dependencies = dependencies
        live = LiveConfiguration(configuration)
    }

    /// Hands the main loop a re-read config (from SIGHUP); it is applied or rejected there.
    public func requestReload(_ result: Result<AgendaConfiguration, ConfigError>) {
        events.post(.reload(result))
    }

    public func run() async throws {
        let loop = MainLoop(configuration: configuration, dependencies: dependencies, events: events, live: live)
        try await loop.run()
    }
}

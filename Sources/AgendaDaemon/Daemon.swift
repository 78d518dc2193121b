import AgendaConfig
import AgendaFetch
import AgendaStore
import AgendaSync
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `agenda-sync run`: loads the config, opens the database, and runs the daemon service and the
/// SIGHUP reloader in a service group until SIGTERM or SIGINT.
public enum Daemon {
    /// Exit statuses, as for every command: 0 stopped cleanly; 1 failed while running, or the
    /// database stayed busy or its disk full for the whole start-up wait (systemd restarts it); 2
    /// the config or the database path was unusable at start (a read-only, damaged or unopenable
    /// file included: waiting does not mend it, so systemd does not restart on 2:
    /// `RestartPreventExitStatus=2`).
    /// `startMetadata` is added to the `daemon.starting` line (the executable's allocator).
    public static func run(configPath: String, environment: [String: String], logger: Logger,
                           startMetadata: Logger.Metadata = [:]) async -> Int32 {
        logger.info("daemon.starting", metadata: startMetadata.merging(["config": "\(configPath)", "pid": "\(getpid())"]) { $1 })
        let configuration: AgendaConfiguration
        do {
            configuration = try ConfigLoader.load(path: configPath)
        } catch {
            logger.error("config.invalid", metadata: ["config": "\(configPath)", "error": "\(oneLine(error.description))"])
            return error.exitStatus
        }
        let notifier = SystemdNotifier(environment: environment)
        let store: AgendaStore
        switch await StartupDatabase(path: configuration.daemon.database, logger: logger, notifier: notifier).open() {
        case .success(let opened):
            store = opened
        case .failure(let error):
            logger.error("database.unusable", metadata: ["database": "\(configuration.daemon.database)",
                                                         "error": "\(oneLine(error.description))"])
            return error.isTransient ? 1 : 2
        }
        let client = HTTPClient(configuration: FetchConfiguration(daemon: configuration.daemon))
        defer { client.shutdown() }
        let webhookClient = OutboxDispatcher.makeWebhookClient(configuration: configuration)
        defer { webhookClient.shutdown() }
        let hosts = HostPolicy(settings: PolitenessSettings(daemon: configuration.daemon), client: client)
        let service = DaemonService(configuration: configuration, dependencies: DaemonService.Dependencies(
            store: store, client: client, hosts: hosts,
            scheduler: SourceScheduler(settings: SourceScheduler.Settings(daemon: configuration.daemon)),
            notifier: notifier,
            watchdog: WatchdogSchedule(environment: environment), logger: logger, webhookClient: webhookClient))
        // Trap SIGHUP before READY=1, so an early reload never meets the default action (exit).
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let reloader = ConfigReloader(path: configPath, hangups: hangups) { service.requestReload($0) }
        var lifecycleLogger = logger
        lifecycleLogger.logLevel = .warning
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: reloader),
        ]
        // Last in the group, so a graceful shutdown closes it first (services stop in reverse order).
        if let address = configuration.daemon.httpListen {
            let routes = DaemonRoutes(configuration: service.live, store: store, metrics: DaemonMetrics.shared,
                                      logger: logger, now: { Date() })
            services.append(.init(service: HTTPListener(address: address, routes: routes, logger: logger)))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: lifecycleLogger))
        do {
            try await group.run()
        } catch {
            logger.critical("daemon.failed", metadata: ["error": "\(oneLine("\(error)"))"])
            return 1
        }
        return 0
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: "; ")
    }
}

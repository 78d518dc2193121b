import AgendaDaemon
import ArgumentParser
import Foundation
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run as a service: poll every source on its own schedule until SIGTERM.",
        discussion: """
            Each source is polled every `interval` (± 10% jitter); failing sources back off exponentially. \
            The schedule is kept in the database, so a restart resumes it: sources that are not due wait, \
            overdue ones are spread over a minute. Meeting pages are re-read by date: meetings in the next \
            two weeks every cycle, later ones every 6 hours, past ones every 3 hours.

            Signals: SIGTERM or SIGINT stops new fetches, abandons the ones in flight (what was committed \
            stays committed), delivers what is due and exits 0 within 10 seconds. SIGHUP reloads the config; \
            a config with errors, or one that changes a setting only a restart applies (database, user_agent, \
            proxy, max_page_bytes, politeness), is rejected and the running one kept.

            systemd: Type=notify (READY=1, STATUS=, WATCHDOG=1 at half of WatchdogSec, STOPPING=1). \
            Logs go to stderr, one `<priority>event key=value…` line per event.
            A database that another sync/run keeps locked, or whose disk is full, is waited for at start (about a \
            minute, logged once as database.unavailable).
            Exit status: 0 stopped cleanly; 1 failed while running, or the database stayed busy or full; 2 config, \
            database path or database file (read-only, damaged) unusable at start.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(name: .long, help: ArgumentHelp("Least severe level logged: debug, info, notice, warning, error.",
                                            valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel): use trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level) }
        let logger = Logger(label: "agenda-sync")
        let status = await Daemon.run(configPath: options.resolvedPath, environment: ProcessInfo.processInfo.environment,
                                      logger: logger, startMetadata: ["allocator": "\(Allocator.name)"])
        if status != 0 { throw ExitCode(status) }
    }
}

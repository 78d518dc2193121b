import AgendaStore
import Logging

/// Opening the database when the daemon starts. A database that is busy (another `sync` or `run`
/// holds its lock) or on a full disk usually passes: the daemon waits and tries again, with
/// backoff, for `retryDelays` in all (about a minute; each wait extends systemd's start timeout),
/// and says so once (`database.unavailable`) rather than on every try. Anything else — a missing or
/// unwritable directory, a read-only, damaged or unopenable file — does not pass by waiting.
struct StartupDatabase {
    static let retryDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15), .seconds(15), .seconds(15)]

    var path: String
    var logger: Logger
    var notifier: SystemdNotifier
    var retryDelays = Self.retryDelays

    /// The open, migrated store whose write lock could be taken, or the last error (transient ones
    /// only after every retry).
    func open() async -> Result<AgendaStore, StoreError> {
        var delays = retryDelays[...]
        var waited = false
        while true {
            let error: StoreError
            do {
                let store = try AgendaStore(path: path)
                try store.checkWritable()
                if waited { logger.notice("database.available", metadata: ["database": "\(path)"]) }
                return .success(store)
            } catch let caught {
                error = caught
            }
            guard error.isTransient, let delay = delays.popFirst() else { return .failure(error) }
            if !waited {
                let total = retryDelays.reduce(Duration.zero, +)
                logger.warning("database.unavailable", metadata: [
                    "database": "\(path)", "error": "\(error)", "retrying_for_s": "\(total.components.seconds)",
                ])
                waited = true
            }
            // The next try may itself wait out SQLite's busy timeout (5 s): room for both, and some.
            notifier.extendStartTimeout(by: delay + .seconds(15), status: "waiting for the database: \(error)")
            try? await Task.sleep(for: delay)
        }
    }
}

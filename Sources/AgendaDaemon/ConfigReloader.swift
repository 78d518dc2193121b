import AgendaConfig
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the config: each signal reads the file again and hands the result (a validated
/// config or every problem found) to the main loop, which applies it or rejects it and keeps the
/// running config.
public struct ConfigReloader: Service {
    let path: String
    let hangups: UnixSignalsSequence
    let deliver: @Sendable (Result<AgendaConfiguration, ConfigError>) -> Void

    /// `hangups` must already trap SIGHUP (create it before announcing readiness, so an early
    /// `systemctl reload` is not the signal's default action: termination).
    public init(path: String, hangups: UnixSignalsSequence,
                deliver: @escaping @Sendable (Result<AgendaConfiguration, ConfigError>) -> Void) {
        self.path = path
        self.hangups = hangups
        self.deliver = deliver
    }

    public func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            deliver(Result { () throws(ConfigError) in try ConfigLoader.load(path: path) })
        }
    }
}

import AgendaConfig
import AgendaSync

/// What wakes the daemon's main loop. Everything that happens to the daemon arrives here, in
/// order, so the loop alone owns the schedule and the config.
enum DaemonEvent: Sendable {
    /// A source's cycle ended (or was abandoned at shutdown).
    case cycleFinished(CycleResult)
    /// SIGHUP: the config file read again, or why it could not be.
    case reload(Result<AgendaConfiguration, ConfigError>)
    /// A delivery round ended.
    case deliveryFinished(DeliveryReport)
    /// An SMTP relay pass over the email spools ended.
    case relayFinished
    /// A deadline the loop asked for (a source due, a watchdog ping, a delivery round).
    case alarm
    /// SIGTERM / SIGINT (graceful shutdown of the service group).
    case shutdown
}

/// The main loop's inbox: many senders, one reader.
final class DaemonEvents: Sendable {
    let stream: AsyncStream<DaemonEvent>
    private let continuation: AsyncStream<DaemonEvent>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: DaemonEvent.self)
    }

    func post(_ event: DaemonEvent) {
        continuation.yield(event)
    }

    func close() {
        continuation.finish()
    }
}

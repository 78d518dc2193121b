import AgendaConfig
import Synchronization

/// The config the daemon runs with now, for the HTTP listener: the main loop replaces it when a
/// SIGHUP reload is applied, so `/healthz` and `/feeds/NAME` answer for the sources and
/// subscriptions in force.
final class LiveConfiguration: Sendable {
    private let configuration: Mutex<AgendaConfiguration>

    init(_ configuration: AgendaConfiguration) {
        self.configuration = Mutex(configuration)
    }

    var value: AgendaConfiguration { configuration.withLock { $0 } }

    func replace(with new: AgendaConfiguration) {
        configuration.withLock { $0 = new }
    }
}

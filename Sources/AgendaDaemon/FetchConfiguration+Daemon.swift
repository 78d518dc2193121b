import AgendaConfig
import AgendaFetch

extension FetchConfiguration {
    /// The HTTP client of the daemon: `[daemon]`'s user agent, page cap, proxy and connections per host.
    init(daemonSettings daemon: DaemonConfiguration) {
        self.init(userAgent: daemon.userAgent, limits: FetchLimits(maxBodyBytes: daemon.maxPageBytes),
                  maxConnectionsPerHost: daemon.maxConnectionsPerHost, proxy: daemon.proxy)
    }
}

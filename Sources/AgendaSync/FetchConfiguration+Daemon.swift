import AgendaConfig
import AgendaFetch

extension FetchConfiguration {
    /// The HTTP client for councils' pages, as `sync`, `run` and `demo` all make it: `[daemon]`'s
    /// user agent, page cap, connections per host and proxy.
    public init(daemon: DaemonConfiguration) {
        self.init(userAgent: daemon.userAgent, limits: FetchLimits(maxBodyBytes: daemon.maxPageBytes),
                  maxConnectionsPerHost: daemon.maxConnectionsPerHost, proxy: daemon.proxy)
    }
}

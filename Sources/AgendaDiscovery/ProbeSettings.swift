import AgendaConfig
import AgendaFetch
import AgendaSync

/// How a probe treats the council: the daemon's HTTP client and politeness (`[daemon]` of the
/// config when there is one, the defaults otherwise), its User-Agent or the one given on the
/// command line, and the spacing between requests (the source's own, else `[daemon]`'s).
public struct ProbeSettings: Sendable {
    public var fetch: FetchConfiguration
    public var politeness: PolitenessSettings
    public var spacing: Duration
    /// The dates whose meetings a sync reads (`[daemon] window`, else the default): the web
    /// service lists a committee's meetings for these dates only.
    public var window: RecheckWindow

    /// - Parameters:
    ///   - daemon: the config's `[daemon]`; nil when there is no config (the defaults apply).
    ///   - userAgent: replaces `[daemon]`'s User-Agent; required when `daemon` is nil.
    ///   - source: a configured source, whose `request_spacing` wins.
    public init(daemon: DaemonConfiguration?, userAgent: String?, source: SourceConfiguration? = nil) {
        if let daemon {
            fetch = FetchConfiguration(daemon: daemon)
            politeness = PolitenessSettings(daemon: daemon)
        } else {
            fetch = FetchConfiguration(userAgent: userAgent ?? "")
            politeness = PolitenessSettings()
        }
        if let userAgent { fetch.userAgent = userAgent }
        spacing = (source?.requestSpacing?.duration) ?? politeness.requestSpacing
        window = daemon?.window ?? .default
    }
}

/// The `[daemon]` table.
public struct DaemonConfiguration: Hashable, Sendable {
    public static let defaultDatabase = "/var/lib/agenda-sync/agenda-sync.sqlite"
    public static let defaultInterval = ConfigDuration(seconds: 30 * 60)!
    public static let defaultMaxPageBytes = 8 * 1024 * 1024
    public static let defaultMaxConnectionsPerHost = 1
    public static let defaultMaxConcurrentCycles = 32
    public static let defaultRequestSpacing = ConfigDuration(milliseconds: 1_000)!
    public static let defaultRobotsCache = ConfigDuration(seconds: 24 * 3_600)!
    public static let defaultBackoffBase = ConfigDuration(seconds: 60)!
    public static let defaultBackoffCap = ConfigDuration(seconds: 6 * 3_600)!
    public static let defaultCalendarDuration = ConfigDuration(seconds: 2 * 3_600)!
    public static let defaultLogRetention = ConfigDuration(seconds: 30 * 86_400)!
    public static let defaultOutboxRetention = ConfigDuration(seconds: 30 * 86_400)!

    /// SQLite database path (absolute; a relative path in the file is resolved against the config's directory).
    public var database: String
    /// Sent with every request; validated to contain a contact (a URL or an email address).
    public var userAgent: String
    /// The From: of email notices, e.g. `Agenda alerts <alerts@example.org>`; required when an email subscription exists.
    public var mailFrom: String?
    /// Default poll interval of a source (`interval`, default 30m).
    public var interval: ConfigDuration
    /// Meetings re-checked by date (`window`, default 60d past, 365d future).
    public var window: RecheckWindow
    /// Hard cap on the bytes of one fetched page (`max_page_bytes`, default 8 MiB).
    public var maxPageBytes: Int
    /// Proxy URL for fetches (`proxy`), e.g. `http://proxy.example:3128`; nil for a direct connection.
    public var proxy: String?
    /// Transfers to one council host at once (`max_connections_per_host`, default 1, at most 4).
    public var maxConnectionsPerHost: Int
    /// Least time between the starts of two requests to one host (`request_spacing`, default 1s);
    /// a source may set its own.
    public var requestSpacing: ConfigDuration
    /// How long a host's robots.txt is trusted before it is fetched again (`robots_cache`, default and
    /// maximum 24h, RFC 9309 §2.4).
    public var robotsCache: ConfigDuration
    /// Exponential backoff after consecutive errors on a host: the n-th waits a random time up to
    /// min(`backoff_cap`, `backoff_base`·2ⁿ). Defaults 1m and 6h.
    public var backoffBase: ConfigDuration
    public var backoffCap: ConfigDuration
    /// How long a meeting lasts in calendars (`calendar_duration`, default 2h): its `DTEND` is the start plus
    /// this. One value for every channel, because the calendar file and the event an email carries share a
    /// `UID`, and a calendar app must not see the same event end at two times.
    public var calendarDuration: ConfigDuration
    /// `smtp_url` & co.: the relay for the email spools; nil when mail is left for another relay.
    public var smtp: SMTPRelayConfiguration?
    /// Fetch rows of the sync log older than this are removed; each cycle's summary stays (`log_retention`, default 30d).
    public var logRetention: ConfigDuration
    /// Delivered notices older than this leave the outbox (`outbox_retention`, default 30d).
    public var outboxRetention: ConfigDuration
    /// The raw pages of superseded versions older than this are dropped, their typed records kept
    /// (`page_retention`; nil, the default, keeps every page).
    public var pageRetention: ConfigDuration?
    /// `http_listen`: where the daemon serves /metrics, /healthz and /feeds/NAME; nil (the default): no listener.
    public var httpListen: HTTPListenAddress?
    /// Source cycles run at once by `sync` and `run` (`max_concurrent_cycles`, default 32): each holds
    /// its new pages until it stores them, so this bounds memory when many sources are due together
    /// (every source's baseline, at start-up). Sources past the limit wait for a cycle to end.
    public var maxConcurrentCycles: Int

    public init(database: String = DaemonConfiguration.defaultDatabase, userAgent: String, mailFrom: String? = nil,
                interval: ConfigDuration = DaemonConfiguration.defaultInterval, window: RecheckWindow = .default,
                maxPageBytes: Int = DaemonConfiguration.defaultMaxPageBytes, proxy: String? = nil,
                maxConnectionsPerHost: Int = DaemonConfiguration.defaultMaxConnectionsPerHost,
                requestSpacing: ConfigDuration = DaemonConfiguration.defaultRequestSpacing,
                robotsCache: ConfigDuration = DaemonConfiguration.defaultRobotsCache,
                backoffBase: ConfigDuration = DaemonConfiguration.defaultBackoffBase,
                backoffCap: ConfigDuration = DaemonConfiguration.defaultBackoffCap,
                calendarDuration: ConfigDuration = DaemonConfiguration.defaultCalendarDuration,
                smtp: SMTPRelayConfiguration? = nil,
                logRetention: ConfigDuration = DaemonConfiguration.defaultLogRetention,
                outboxRetention: ConfigDuration = DaemonConfiguration.defaultOutboxRetention,
                pageRetention: ConfigDuration? = nil, httpListen: HTTPListenAddress? = nil,
                maxConcurrentCycles: Int = DaemonConfiguration.defaultMaxConcurrentCycles) {
        self.database = database
        self.userAgent = userAgent
        self.mailFrom = mailFrom
        self.interval = interval
        self.window = window
        self.maxPageBytes = maxPageBytes
        self.proxy = proxy
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.requestSpacing = requestSpacing
        self.robotsCache = robotsCache
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.calendarDuration = calendarDuration
        self.smtp = smtp
        self.logRetention = logRetention
        self.outboxRetention = outboxRetention
        self.pageRetention = pageRetention
        self.httpListen = httpListen
        self.maxConcurrentCycles = maxConcurrentCycles
    }
}

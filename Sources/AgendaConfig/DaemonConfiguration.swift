/// The `[daemon]` table.
public struct DaemonConfiguration: Hashable, Sendable {
    public static let defaultDatabase = "/var/lib/agenda-sync/agenda-sync.sqlite"
    public static let defaultInterval = ConfigDuration(seconds: 30 * 60)!
    public static let defaultMaxPageBytes = 8 * 1024 * 1024

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

    public init(database: String = DaemonConfiguration.defaultDatabase, userAgent: String, mailFrom: String? = nil,
                interval: ConfigDuration = DaemonConfiguration.defaultInterval, window: RecheckWindow = .default,
                maxPageBytes: Int = DaemonConfiguration.defaultMaxPageBytes, proxy: String? = nil) {
        self.database = database
        self.userAgent = userAgent
        self.mailFrom = mailFrom
        self.interval = interval
        self.window = window
        self.maxPageBytes = maxPageBytes
        self.proxy = proxy
    }
}

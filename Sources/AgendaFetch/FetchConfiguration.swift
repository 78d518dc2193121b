/// Hard limits for one transfer. Every one is always set on the libcurl handle: a council site
/// that drips, stalls, redirects forever or serves a gzip bomb costs bounded time and memory.
public struct FetchLimits: Sendable, Hashable {
    /// Largest body accepted, counted on **decoded** bytes in the write callback, so a small
    /// compressed response that inflates past it is stopped too. Exceeding it throws
    /// ``FetchError/bodyTooLarge(limit:)``. A body of exactly this size is accepted.
    public var maxBodyBytes: Int
    /// `CURLOPT_CONNECTTIMEOUT_MS`: DNS + TCP + TLS handshake. At least 1 ms is always set.
    public var connectTimeout: Duration
    /// `CURLOPT_TIMEOUT_MS`: the whole transfer, redirects included. At least 1 ms is always set.
    /// Time spent queued behind ``FetchConfiguration/maxConnectionsPerHost`` does not count:
    /// the client starts a transfer only when the host has a free slot.
    public var totalTimeout: Duration
    /// `CURLOPT_LOW_SPEED_LIMIT`: abort when fewer than this many bytes per second arrive for
    /// ``lowSpeedTime``. 0 disables the check (the total timeout still applies).
    public var lowSpeedLimitBytesPerSecond: Int
    /// `CURLOPT_LOW_SPEED_TIME`, rounded up to whole seconds (libcurl's unit), at least 1 s.
    public var lowSpeedTime: Duration
    /// Whether 3xx responses with a `Location` are followed — only within the request's site
    /// (see ``HTTPClient/fetch(_:)``). `false` for webhooks, where a 3xx is returned as a response
    /// (status 3xx, `Location` in ``FetchResponse/headers``).
    public var followRedirects: Bool
    /// Redirects followed at most. One more redirect than this throws
    /// ``FetchError/tooManyRedirects(_:)``.
    public var maxRedirects: Int

    public init(
        maxBodyBytes: Int = 8 << 20,
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60),
        lowSpeedLimitBytesPerSecond: Int = 100,
        lowSpeedTime: Duration = .seconds(30),
        followRedirects: Bool = true,
        maxRedirects: Int = 5
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimitBytesPerSecond = lowSpeedLimitBytesPerSecond
        self.lowSpeedTime = lowSpeedTime
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
    }
}

/// How an ``HTTPClient`` behaves. Fixed for the client's life.
public struct FetchConfiguration: Sendable, Hashable {
    /// Sent on every request. Required: say who you are and how to reach you, e.g.
    /// `agenda-sync/1.0 (+https://example.org/bot; ops@example.org)`. Never a browser's.
    public var userAgent: String
    /// Limits for requests that don't bring their own (``FetchRequest/limits``).
    public var limits: FetchLimits
    /// Transfers to one host (scheme, name and port: the request URL's origin) that run at once.
    /// Further requests to that host wait in a FIFO queue inside the client; each redirect hop
    /// queues again. Also set as `CURLMOPT_MAX_HOST_CONNECTIONS`, as a backstop.
    public var maxConnectionsPerHost: Int
    /// Transfers that run at once over all hosts (`CURLMOPT_MAX_TOTAL_CONNECTIONS`).
    public var maxTotalConnections: Int
    /// Proxy URL (`CURLOPT_PROXY`). `nil` means no proxy; the `http_proxy`, `HTTPS_PROXY`,
    /// `ALL_PROXY` and `NO_PROXY` environment variables are never consulted.
    public var proxy: String?
    /// `CURLOPT_ACCEPT_ENCODING`. `""` offers every encoding this libcurl can decode.
    /// Decoding is automatic; ``FetchLimits/maxBodyBytes`` applies to the decoded bytes.
    public var acceptEncoding: String
    /// `CURLOPT_MAXLIFETIME_CONN`: a pooled connection older than this is not reused, so a
    /// long-running daemon re-validates certificates now and then.
    public var maxConnectionLifetime: Duration

    public init(
        userAgent: String,
        limits: FetchLimits = FetchLimits(),
        maxConnectionsPerHost: Int = 1,
        maxTotalConnections: Int = 16,
        proxy: String? = nil,
        acceptEncoding: String = "gzip, br",
        maxConnectionLifetime: Duration = .seconds(3600)
    ) {
        self.userAgent = userAgent
        self.limits = limits
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
        self.proxy = proxy
        self.acceptEncoding = acceptEncoding
        self.maxConnectionLifetime = maxConnectionLifetime
    }
}

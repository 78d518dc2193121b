/// An async HTTP client over libcurl's multi interface, for polling council sites politely and
/// safely (GET), and for posting webhooks (POST, ``FetchRequest/body``).
///
/// - One dedicated thread runs every transfer; `fetch` suspends without blocking a thread.
/// - At most ``FetchConfiguration/maxConnectionsPerHost`` transfers to one host run at once
///   (default 1); the rest wait, first come first served, and their timeouts start only when
///   they do. ``FetchConfiguration/maxTotalConnections`` caps all hosts together.
/// - Transfers to different hosts (or ports) never wait on each other, up to the total cap.
/// - Only `http` and `https`, for the request and every redirect; TLS verification is always
///   on; no proxy unless configured; every limit in ``FetchLimits`` is enforced.
/// - A request with ``ConnectPolicy/publicOnly`` never connects to a non-public address.
/// - Any HTTP status is returned as a ``FetchResponse``; failures throw ``FetchError``.
/// - Cancelling the calling task aborts its transfer and throws `CancellationError`.
///
/// Call ``shutdown()`` when done (also done on deinit): it ends unfinished transfers with
/// ``FetchError/shutDown``, closes pooled connections and joins the thread.
///
/// The first client in a process calls `curl_global_init` and sets SIGPIPE to ignored.
public final class HTTPClient: Sendable {
    public let configuration: FetchConfiguration
    private let loop: MultiLoop

    public init(configuration: FetchConfiguration) {
        self.configuration = configuration
        loop = MultiLoop(
            maxPerHost: configuration.maxConnectionsPerHost,
            maxTotal: configuration.maxTotalConnections)
    }

    deinit {
        loop.shutdown()
    }

    /// GETs `request.url` (POSTs ``FetchRequest/body`` when there is one), following redirects
    /// within the limits, and returns the final response.
    ///
    /// Sends `If-None-Match` / `If-Modified-Since` when the request carries validators; a 304
    /// comes back as a response with status 304 and an empty body.
    ///
    /// - Throws: ``FetchError`` for transport failures and broken limits; `CancellationError`
    ///   when the calling task is cancelled.
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        try Task.checkCancellation()
        let transfer = try Transfer(request: request, configuration: configuration)
        return try await loop.perform(transfer)
    }

    /// Stops the client and joins its thread. Idempotent; later fetches throw
    /// ``FetchError/shutDown``.
    public func shutdown() {
        loop.shutdown()
    }
}

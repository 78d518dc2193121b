import AgendaCore
import CCurl

/// An async HTTP client over libcurl's multi interface, for polling council sites politely and
/// safely (GET), and for posting webhooks (POST, ``FetchRequest/body``).
///
/// - One dedicated thread runs every transfer; `fetch` suspends without blocking a thread.
/// - At most ``FetchConfiguration/maxConnectionsPerHost`` transfers to one host run at once
///   (default 1); the rest wait, first come first served, and their timeouts start only when
///   they do. ``FetchConfiguration/maxTotalConnections`` caps all hosts together.
/// - Transfers to different hosts (or ports) never wait on each other, up to the total cap.
/// - Only `http` and `https`, for the request and every redirect; redirects only within the
///   request's site; TLS verification is always on; no proxy unless configured; every limit in
///   ``FetchLimits`` is enforced.
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
    /// Redirects (301, 302, 303, 307, 308 with a `Location`) are followed one transfer per hop,
    /// only within the request's site and never from a public address to a non-public one
    /// (`RedirectRule`); another target throws ``FetchError/redirectRefused(target:reason:)``
    /// without a request to it. A 303 (and a 301 or 302 answering a POST) is followed with a GET,
    /// as libcurl and browsers do.
    ///
    /// Sends `If-None-Match` / `If-Modified-Since` when the request carries validators; a 304
    /// comes back as a response with status 304 and an empty body.
    ///
    /// - Throws: ``FetchError`` for transport failures and broken limits; `CancellationError`
    ///   when the calling task is cancelled.
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        try Task.checkCancellation()
        let limits = request.limits ?? configuration.limits
        let rule = RedirectRule(origin: try Transfer.checkedOrigin(request.url), maxRedirects: max(0, limits.maxRedirects))
        var hop = request
        var redirects = 0, elapsed = 0, queued = 0
        while true {
            let transfer = try Transfer(request: hop, configuration: configuration)
            var response: FetchResponse
            do {
                response = try await loop.perform(transfer)
            } catch FetchError.addressRefused(let address, let range) where redirects > 0 {
                throw rule.refusedHop(hop.url, address: address, range: range)
            }
            elapsed += response.elapsedMilliseconds
            queued += response.queuedMilliseconds
            guard limits.followRedirects, RedirectRule.statuses.contains(response.status),
                  let target = response.redirectTarget else {
                response.elapsedMilliseconds = elapsed
                response.queuedMilliseconds = queued
                response.redirectCount = redirects
                return response
            }
            try rule.check(target, followed: redirects)
            if redirects == 0 {
                hop.connectPolicy = RedirectRule.hopPolicy(request: request.connectPolicy, requestAddress: response.connectedAddress)
            }
            redirects += 1
            hop.url = target
            if response.status == 303 || (hop.body != nil && (response.status == 301 || response.status == 302)) {
                hop.body = nil
            }
            // The total timeout covers every hop.
            var hopLimits = limits
            hopLimits.totalTimeout = limits.totalTimeout - .milliseconds(elapsed)
            guard hopLimits.totalTimeout > .zero else {
                throw FetchError.timedOut(CurlDiagnostic(
                    code: Int(CURLE_OPERATION_TIMEDOUT.rawValue),
                    message: "the \(limits.totalTimeout) total timeout ran out after \(redirects) redirects"))
            }
            hop.limits = hopLimits
        }
    }

    /// Stops the client and joins its thread. Idempotent; later fetches throw
    /// ``FetchError/shutDown``.
    public func shutdown() {
        loop.shutdown()
    }
}

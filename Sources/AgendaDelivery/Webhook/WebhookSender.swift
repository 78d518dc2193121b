import AgendaFetch
import Foundation

/// Makes one Standard Webhooks delivery attempt: a signed POST, never redirected, classified.
///
/// Retrying is the outbox's job (``WebhookRetrySchedule``): call ``deliver(id:body:to:at:)``
/// again with the same id and a new time, and the attempt is re-stamped and re-signed.
///
/// Deliveries share the ``HTTPClient`` they are given. Attempts to different endpoint hosts (or
/// ports) run side by side and never wait on each other, up to the client's total connection
/// cap; attempts to the same host and port share its per-host limit, so a slow endpoint can
/// only hold up endpoints on the same host. ``clientConfiguration(userAgent:)`` suits this.
public struct WebhookSender: Sendable {
    public let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    /// A configuration for the client that delivers webhooks: two attempts at once per endpoint
    /// host, 32 in all, no proxy. Per-attempt limits come from each ``WebhookEndpoint``.
    public static func clientConfiguration(userAgent: String) -> FetchConfiguration {
        FetchConfiguration(userAgent: userAgent, maxConnectionsPerHost: 2, maxTotalConnections: 32)
    }

    /// Largest response body read; only its first bytes go into a failure's reason.
    static let maxResponseBytes = 256 * 1024

    /// POSTs `body` to `endpoint` with the Standard Webhooks headers: `content-type:
    /// application/json`, `webhook-id: id` (the notice id, the same on every retry),
    /// `webhook-timestamp` (`date` in Unix seconds) and `webhook-signature` (one `v1,` signature
    /// per secret), plus the client's user agent.
    ///
    /// Never throws: every outcome, cancellation included, is a ``WebhookAttemptResult``.
    public func deliver(id: String, body: [UInt8], to endpoint: WebhookEndpoint, at date: Date) async -> WebhookAttemptResult {
        guard Self.isValidID(id) else {
            return .failed(status: nil, reason: "invalid webhook-id \(String(reflecting: String(id.prefix(80)))): "
                + "it must be 1–256 visible ASCII characters without \".\"")
        }
        let timestamp = Int(date.timeIntervalSince1970.rounded(.down))
        let signature = WebhookSignature.header(id: id, timestamp: timestamp, body: body, secrets: endpoint.secrets)
        let request = FetchRequest(
            url: endpoint.url,
            headers: [
                HTTPHeaderField(name: "content-type", value: "application/json"),
                HTTPHeaderField(name: "webhook-id", value: id),
                HTTPHeaderField(name: "webhook-timestamp", value: String(timestamp)),
                HTTPHeaderField(name: "webhook-signature", value: signature),
            ],
            limits: FetchLimits(
                maxBodyBytes: Self.maxResponseBytes,
                connectTimeout: endpoint.timeout,
                totalTimeout: endpoint.timeout,
                lowSpeedLimitBytesPerSecond: 0,   // the total timeout bounds the attempt
                followRedirects: false,
                maxRedirects: 0),
            body: body,
            connectPolicy: endpoint.allowPrivate ? .any : .publicOnly)

        do {
            let response = try await client.fetch(request)
            return Self.classify(response, at: date)
        } catch let error as FetchError {
            if case .addressRefused = error { return .refused(reason: error.message) }
            return .failed(status: nil, reason: error.message)
        } catch is CancellationError {
            return .failed(status: nil, reason: "the delivery was cancelled")
        } catch {
            return .failed(status: nil, reason: "\(error)")
        }
    }

    /// Standard Webhooks: 2xx delivered; 410 gone; 429/502/503/504 throttled; everything else,
    /// 3xx included, failed.
    static func classify(_ response: FetchResponse, at date: Date) -> WebhookAttemptResult {
        let status = response.status
        switch status {
        case 200..<300:
            return .delivered(status: status)
        case 410:
            return .gone
        case 429, 502, 503, 504:
            return .throttled(status: status, retryAfter: response.retryAfter.flatMap { RetryAfter.delay($0, now: date) })
        case 300..<400:
            let target = response.header("Location").map { " to \(shortened($0))" } ?? ""
            return .failed(status: status, reason: "HTTP \(status): redirect\(target) not followed")
        default:
            let text = shortened(String(decoding: response.body.prefix(512), as: UTF8.self))
            return .failed(status: status, reason: "HTTP \(status)" + (text.isEmpty ? "" : ": \(text)"))
        }
    }

    /// One short line: controls become spaces, runs of spaces collapse, at most 120 characters.
    static func shortened(_ text: String) -> String {
        var line = ""
        for scalar in text.unicodeScalars {
            let isSpace = scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
            if isSpace {
                if !line.isEmpty, line.last != " " { line.append(" ") }
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        while line.last == " " { line.removeLast() }
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }

    /// `webhook-id` goes into a header and into the signed content, where "." separates fields.
    static func isValidID(_ id: String) -> Bool {
        (1...256).contains(id.utf8.count) && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ".") }
    }
}

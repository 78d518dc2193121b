import Foundation

/// How one webhook attempt ended, classified as Standard Webhooks says.
public enum WebhookAttemptResult: Sendable, Hashable, CustomStringConvertible {
    /// A 2xx: the notice is delivered.
    case delivered(status: Int)
    /// 410 Gone: the subscriber wants no more deliveries; disable the subscription.
    case gone
    /// 429, 502, 503 or 504: the endpoint asks us to slow down. Retry, and not before
    /// `retryAfter` seconds when the response said (`Retry-After`, seconds or HTTP-date).
    case throttled(status: Int, retryAfter: TimeInterval?)
    /// Any other status (a 3xx too: redirects are never followed), with `status`, or a transport
    /// failure (no connection, timeout, DNS failure…) with `status` nil. Retry on schedule.
    case failed(status: Int?, reason: String)
    /// The SSRF guard refused the endpoint's address (loopback, private…, see
    /// ``WebhookEndpoint/allowPrivate``); nothing was sent. A failure, retried on schedule.
    case refused(reason: String)

    /// The HTTP status of the response, when there was one.
    public var status: Int? {
        switch self {
        case .delivered(let status), .throttled(let status, _): status
        case .gone: 410
        case .failed(let status, _): status
        case .refused: nil
        }
    }

    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    /// One line for the outbox's `last_error`; nil when delivered.
    public var lastError: String? {
        switch self {
        case .delivered: nil
        case .gone: "HTTP 410 Gone: the endpoint asks for the subscription to be disabled"
        case .throttled(let status, let retryAfter):
            "HTTP \(status): throttled" + (retryAfter.map { ", Retry-After \(Int(min($0, 1e9).rounded(.up))) s" } ?? "")
        case .failed(_, let reason): reason
        case .refused(let reason): reason
        }
    }

    public var description: String {
        switch self {
        case .delivered(let status): "delivered (HTTP \(status))"
        default: lastError ?? ""
        }
    }
}

/// Where one subscription's webhooks go, and how.
public struct WebhookEndpoint: Sendable, Hashable {
    /// The `http` or `https` URL that receives the POSTs.
    public var url: String
    /// The signing keys (every delivery carries one signature per key).
    public var secrets: WebhookSecrets
    /// Allow loopback, private, link-local and other non-public addresses. Off by default: the
    /// URL comes from a subscriber, and without this guard it could reach internal services.
    public var allowPrivate: Bool
    /// The whole attempt, connect included (Standard Webhooks recommends 15–30 s).
    public var timeout: Duration

    public init(url: String, secrets: WebhookSecrets, allowPrivate: Bool = false, timeout: Duration = .seconds(15)) {
        self.url = url
        self.secrets = secrets
        self.allowPrivate = allowPrivate
        self.timeout = timeout
    }
}

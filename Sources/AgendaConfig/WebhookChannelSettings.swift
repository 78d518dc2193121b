/// `channel = "webhook"`: Standard Webhooks POSTs.
public struct WebhookChannelSettings: Hashable, Sendable {
    /// The http or https endpoint.
    public var url: String
    /// File holding the `whsec_…` signing secret (absolute). Read at delivery, not at load.
    public var secretFile: String
    /// Permit loopback / private / link-local targets (off by default: SSRF guard).
    public var allowPrivate: Bool

    public init(url: String, secretFile: String, allowPrivate: Bool = false) {
        self.url = url
        self.secretFile = secretFile
        self.allowPrivate = allowPrivate
    }
}

/// `channel = "email"`: RFC 5322 messages written into a Maildir-layout spool.
public struct EmailChannelSettings: Hashable, Sendable {
    /// The recipient, e.g. `Jane Doe <jane@example.org>`.
    public var to: String
    /// The Maildir spool directory (absolute). Created / checked at delivery, not at load.
    public var spool: String
    /// One digest per period instead of one message per notice; nil sends each notice at once.
    public var digest: EmailDigest?
    /// When a digest goes out (`digest_at`, UK time); used only with `digest`.
    public var digestAt: DigestTime
    /// For a `List-Unsubscribe` header: an http(s) or mailto URL.
    public var unsubscribeURL: String?

    public init(to: String, spool: String, digest: EmailDigest? = nil, digestAt: DigestTime = .default,
                unsubscribeURL: String? = nil) {
        self.to = to
        self.spool = spool
        self.digest = digest
        self.digestAt = digestAt
        self.unsubscribeURL = unsubscribeURL
    }
}

/// `digest = "daily" | "hourly"`.
public enum EmailDigest: String, Hashable, Sendable, CaseIterable {
    case daily
    case hourly
}

/// What a host, as written in a URL or a setting, is known to be before any DNS lookup: the
/// non-public range of a numeric host (any spelling ``IPAddress/init(urlHost:)`` reads), or the
/// loopback range for `localhost` and `*.localhost` (RFC 6761: they never leave the machine).
/// A host name says nothing until it is resolved; the connect guard checks the address then.
public enum HostClass {
    /// The non-public range `host` is in, or nil when it is a public address or a host name.
    /// `host` may be bracketed (`[::1]`) or bare (`::1`), any case, with or without a final dot.
    public static func nonPublicRange(of host: String) -> IPAddressRange? {
        var lowered = host.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }   // the root: "localhost." is localhost
        if lowered == "localhost" || lowered.hasSuffix(".localhost") { return localhost }
        let address = IPAddress(urlHost: lowered) ?? (lowered.contains(":") ? IPAddress(lowered) : nil)
        return address?.nonPublicRange
    }

    /// True when `host` is a loopback address or a localhost name.
    public static func isLoopback(_ host: String) -> Bool {
        nonPublicRange(of: host)?.isLoopback ?? false
    }

    private static let localhost = IPAddressRange.ipv4Blocked.first { $0.isLoopback }!.embedded(in: "localhost:")
}

import AgendaFetch

/// Spots webhook targets written as loopback, private or link-local addresses, so that
/// check-config can say at once that `allow_private = true` is needed. Host names that resolve to
/// such addresses can only be caught at delivery, which checks the address it connects to.
enum PrivateAddress {
    static func isPrivate(host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        // The same classifier as delivery's connect guard (strict dotted-quad or IPv6 text only).
        return IPAddress(host).map { !$0.isPublic } ?? false
    }
}

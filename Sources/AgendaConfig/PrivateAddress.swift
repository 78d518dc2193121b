/// Spots webhook targets written as loopback, private or link-local addresses, so that
/// check-config can say at once that `allow_private = true` is needed. Host names that resolve to
/// such addresses can only be caught at delivery, which checks again after resolving.
enum PrivateAddress {
    static func isPrivate(host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if let octets = ipv4(host) { return isPrivate(ipv4: octets) }
        if host.contains(":") { return isPrivate(ipv6: host) }
        return false
    }

    private static func ipv4(_ host: String) -> [Int]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), value <= 255 else { return nil }
            return value
        }
        return octets.count == 4 ? octets : nil
    }

    private static func isPrivate(ipv4 o: [Int]) -> Bool {
        switch (o[0], o[1]) {
        case (0, _), (10, _), (127, _): true                 // "this" network, private, loopback
        case (169, 254): true                               // link-local
        case (172, 16...31): true                           // private
        case (192, 168): true                               // private
        case (100, 64...127): true                          // carrier-grade NAT
        default: false
        }
    }

    private static func isPrivate(ipv6 host: String) -> Bool {
        if host == "::1" || host == "::" { return true }
        if let mapped = host.split(separator: ":").last, host.hasPrefix("::ffff:"), let octets = ipv4(String(mapped)) {
            return isPrivate(ipv4: octets)
        }
        let first = host.split(separator: ":", omittingEmptySubsequences: false).first.map { $0.lowercased() } ?? ""
        guard let value = UInt16(first, radix: 16), !first.isEmpty else { return false }
        return value & 0xFE00 == 0xFC00     // fc00::/7 unique local
            || value & 0xFFC0 == 0xFE80     // fe80::/10 link-local
    }
}

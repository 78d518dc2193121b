/// A CIDR block with a name for people, e.g. "loopback 127.0.0.0/8".
public struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The block's first address, e.g. `127.0.0.0`.
    public let prefix: IPAddress
    /// Prefix length in bits.
    public let length: Int
    /// What the block is, e.g. "loopback", "private", "IPv4-mapped loopback".
    public let name: String
    /// A loopback block (127.0.0.0/8, `::1`), also when embedded in an IPv6 form.
    public let isLoopback: Bool

    public var description: String { "\(name) \(prefix)/\(length)" }

    /// Whether `bytes` (same family as the prefix) start with this block's first `length` bits.
    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == prefix.bytes.count else { return false }
        var bits = length
        for (a, b) in zip(bytes, prefix.bytes) where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if a & mask != b & mask { return false }
            bits -= 8
        }
        return true
    }

    /// This IPv4 block as found inside an IPv6 form: "IPv4-mapped loopback 127.0.0.0/8".
    func embedded(in wrapper: String) -> IPAddressRange {
        IPAddressRange(prefix: prefix, length: length, name: "\(wrapper) \(name)", isLoopback: isLoopback)
    }

    private static func block(_ text: String, _ length: Int, _ name: String, loopback: Bool = false) -> IPAddressRange {
        IPAddressRange(prefix: IPAddress(text)!, length: length, name: name, isLoopback: loopback)
    }

    /// The IPv4 special-purpose blocks (IANA registry) that are not globally reachable, with
    /// multicast and the reserved class E. Most specific first, so 255.255.255.255 is named
    /// "broadcast", not "reserved".
    public static let ipv4Blocked: [IPAddressRange] = [
        block("0.0.0.0", 8, "\"this network\""),
        block("10.0.0.0", 8, "private"),
        block("100.64.0.0", 10, "shared address space (carrier-grade NAT)"),
        block("127.0.0.0", 8, "loopback", loopback: true),
        block("169.254.0.0", 16, "link-local"),
        block("172.16.0.0", 12, "private"),
        block("192.0.0.0", 24, "IETF protocol assignments"),
        block("192.0.2.0", 24, "documentation (TEST-NET-1)"),
        block("192.168.0.0", 16, "private"),
        block("198.18.0.0", 15, "benchmarking"),
        block("198.51.100.0", 24, "documentation (TEST-NET-2)"),
        block("203.0.113.0", 24, "documentation (TEST-NET-3)"),
        block("224.0.0.0", 4, "multicast"),
        block("255.255.255.255", 32, "broadcast"),
        block("240.0.0.0", 4, "reserved"),
    ]

    /// The IPv6 special-purpose blocks that are not globally reachable, blocked whatever follows
    /// the prefix.
    public static let ipv6Blocked: [IPAddressRange] = [
        block("::", 128, "unspecified"),
        block("::1", 128, "loopback", loopback: true),
        block("::ffff:0:0:0", 96, "IPv4-translated"),
        block("64:ff9b:1::", 48, "local-use IPv4/IPv6 translation"),
        block("100::", 64, "discard-only"),
        block("2001::", 32, "Teredo"),
        block("2001:2::", 48, "benchmarking"),
        block("2001:db8::", 32, "documentation"),
        block("3fff::", 20, "documentation"),
        block("fc00::", 7, "unique local"),
        block("fe80::", 10, "link-local"),
        block("fec0::", 10, "site-local (deprecated)"),
        block("ff00::", 8, "multicast"),
    ]

    /// IPv6 blocks that carry an IPv4 address at `offset` (4 bytes), which then decides.
    static let ipv6Embedding: [(range: IPAddressRange, offset: Int)] = [
        (block("::ffff:0:0", 96, "IPv4-mapped"), 12),
        (block("::", 96, "IPv4-compatible"), 12),
        (block("64:ff9b::", 96, "NAT64"), 12),
        (block("2002::", 16, "6to4"), 2),
    ]
}

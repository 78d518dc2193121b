#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, as raw network-order bytes, and whether it is a public one.
///
/// Built from text with `inet_pton` (so only the canonical forms: dotted-quad IPv4 and RFC 4291
/// IPv6 text; not `0x7f000001`, `127.1` or octal) or from a socket address. The SSRF guard
/// checks the *resolved* address libcurl is about to connect to, so the many numeric spellings
/// a URL host may take never reach this type as text.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public let bytes: [UInt8]

    /// `bytes` must hold exactly 4 or 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses `"192.0.2.1"` or `"2001:db8::1"` (also `"::ffff:127.0.0.1"`). No brackets, no zone.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6` of `length` bytes; nil for any other family or a
    /// length too short for its family.
    public init?(socketAddress: UnsafeRawPointer, length: Int) {
        let familyOffset = MemoryLayout<sockaddr>.offset(of: \sockaddr.sa_family)!
        guard length >= familyOffset + MemoryLayout<sa_family_t>.size else { return nil }
        let family = Int32(socketAddress.loadUnaligned(fromByteOffset: familyOffset, as: sa_family_t.self))
        switch family {
        case AF_INET:
            guard length >= MemoryLayout<sockaddr_in>.size else { return nil }
            var address = socketAddress.loadUnaligned(as: sockaddr_in.self).sin_addr
            self.bytes = withUnsafeBytes(of: &address) { Array($0) }
        case AF_INET6:
            guard length >= MemoryLayout<sockaddr_in6>.size else { return nil }
            var address = socketAddress.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            self.bytes = withUnsafeBytes(of: &address) { Array($0) }
        default:
            return nil
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The canonical text (`inet_ntop`): `127.0.0.1`, `::ffff:127.0.0.1`, `fe80::1`.
    public var description: String {
        var buffer = [UInt8](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok = bytes.withUnsafeBytes { raw in
            buffer.withUnsafeMutableBufferPointer { out in
                out.withMemoryRebound(to: CChar.self) {
                    inet_ntop(isIPv4 ? AF_INET : AF_INET6, raw.baseAddress, $0.baseAddress, socklen_t($0.count)) != nil
                }
            }
        }
        guard ok, let end = buffer.firstIndex(of: 0) else { return bytes.map { String($0, radix: 16) }.joined(separator: ":") }
        return String(decoding: buffer[..<end], as: UTF8.self)
    }

    /// The non-public range this address falls in, or nil when it is a public address.
    ///
    /// IPv4: 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16,
    /// 198.18/15, 224/4, 240/4 (255.255.255.255 included). IPv6: `::`, `::1`, fc00::/7,
    /// fe80::/10, fec0::/10, ff00::/8; for IPv4-mapped `::ffff:0:0/96`, IPv4-compatible `::/96`
    /// and NAT64 `64:ff9b::/96` the embedded IPv4 address decides.
    public var nonPublicRange: IPAddressRange? {
        if isIPv4 { return IPAddressRange.ipv4Blocked.first { $0.contains(bytes) } }
        if let special = IPAddressRange.ipv6Blocked.first(where: { $0.contains(bytes) }) { return special }
        for wrapper in IPAddressRange.ipv6Embedding where wrapper.contains(bytes) {
            let embedded = Array(bytes[12..<16])
            return IPAddressRange.ipv4Blocked.first { $0.contains(embedded) }
                .map { IPAddressRange(prefix: $0.prefix, length: $0.length, name: "\(wrapper.name) \($0.name)") }
        }
        return nil
    }

    /// True when the address is in none of the ranges of ``nonPublicRange``.
    public var isPublic: Bool { nonPublicRange == nil }
}

/// A CIDR block with a name for people, e.g. "loopback 127.0.0.0/8".
public struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The block's first address, e.g. `127.0.0.0`.
    public let prefix: IPAddress
    /// Prefix length in bits.
    public let length: Int
    /// What the block is, e.g. "loopback", "private", "IPv4-mapped loopback".
    public let name: String

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

    private static func block(_ text: String, _ length: Int, _ name: String) -> IPAddressRange {
        IPAddressRange(prefix: IPAddress(text)!, length: length, name: name)
    }

    /// Most specific first, so 255.255.255.255 is named "broadcast", not "reserved".
    static let ipv4Blocked: [IPAddressRange] = [
        block("0.0.0.0", 8, "\"this network\""),
        block("10.0.0.0", 8, "private"),
        block("100.64.0.0", 10, "shared address space (carrier-grade NAT)"),
        block("127.0.0.0", 8, "loopback"),
        block("169.254.0.0", 16, "link-local"),
        block("172.16.0.0", 12, "private"),
        block("192.0.0.0", 24, "IETF protocol assignments"),
        block("192.168.0.0", 16, "private"),
        block("198.18.0.0", 15, "benchmarking"),
        block("224.0.0.0", 4, "multicast"),
        block("255.255.255.255", 32, "broadcast"),
        block("240.0.0.0", 4, "reserved"),
    ]

    static let ipv6Blocked: [IPAddressRange] = [
        block("::", 128, "unspecified"),
        block("::1", 128, "loopback"),
        block("fc00::", 7, "unique local"),
        block("fe80::", 10, "link-local"),
        block("fec0::", 10, "site-local (deprecated)"),
        block("ff00::", 8, "multicast"),
    ]

    /// IPv6 blocks whose last 32 bits are an IPv4 address, which then decides.
    static let ipv6Embedding: [IPAddressRange] = [
        block("::ffff:0:0", 96, "IPv4-mapped"),
        block("::", 96, "IPv4-compatible"),
        block("64:ff9b::", 96, "NAT64"),
    ]
}

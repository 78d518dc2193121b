#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, as raw network-order bytes, and whether it is a public one.
///
/// The one address classifier of agenda-sync: check-config's look at a URL's host, the connect
/// guard's look at the address libcurl is about to connect to, the redirect and document-link
/// rules and the SMTP loopback rule all ask ``nonPublicRange`` (the table is
/// ``IPAddressRange/ipv4Blocked`` and its IPv6 siblings).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public let bytes: [UInt8]

    /// `bytes` must hold exactly 4 or 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses the canonical text forms only (`inet_pton`): `"192.0.2.1"`, `"2001:db8::1"`,
    /// `"::ffff:127.0.0.1"`. No brackets, no zone, no `127.1` or `0x7f000001` (see
    /// ``init(urlHost:)`` for those).
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

    /// The address a URL's host names when it is numeric, read as libcurl (and browsers) read it:
    /// an IPv6 literal in brackets, or an IPv4 address in any spelling `inet_aton` accepts —
    /// `127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1` — so that check-config sees the address the
    /// connection would go to. Nil for a host name.
    public init?(urlHost host: String) {
        if host.hasPrefix("["), host.hasSuffix("]") {
            guard let address = IPAddress(String(host.dropFirst().dropLast())), !address.isIPv4 else { return nil }
            self = address
            return
        }
        // inet_aton stops at whitespace; a URL host never holds any, but a caller's text might.
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        var v4 = in_addr()
        guard inet_aton(host, &v4) != 0 else { return nil }
        self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
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
    /// The blocks of the IANA IPv4 and IPv6 special-purpose address registries that are not
    /// globally reachable (``IPAddressRange/ipv4Blocked``, ``IPAddressRange/ipv6Blocked``), plus
    /// multicast and reserved space. For IPv6 forms that carry an IPv4 address — IPv4-mapped
    /// `::ffff:0:0/96`, IPv4-compatible `::/96`, NAT64 `64:ff9b::/96` (last 32 bits) and 6to4
    /// `2002::/16` (bits 16–47) — the embedded address decides.
    public var nonPublicRange: IPAddressRange? {
        if isIPv4 { return IPAddressRange.ipv4Blocked.first { $0.contains(bytes) } }
        if let special = IPAddressRange.ipv6Blocked.first(where: { $0.contains(bytes) }) { return special }
        for wrapper in IPAddressRange.ipv6Embedding where wrapper.range.contains(bytes) {
            let embedded = Array(bytes[wrapper.offset ..< wrapper.offset + 4])
            return IPAddressRange.ipv4Blocked.first { $0.contains(embedded) }.map { $0.embedded(in: wrapper.range.name) }
        }
        return nil
    }

    /// True when the address is in none of the ranges of ``nonPublicRange``.
    public var isPublic: Bool { nonPublicRange == nil }

    /// True for 127.0.0.0/8, `::1`, and those inside the IPv6 forms that embed an IPv4 address.
    public var isLoopback: Bool { nonPublicRange?.isLoopback ?? false }
}

import AgendaFetch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The SSRF classifier, on strings and socket addresses only: nothing here connects anywhere.
@Suite("IP address classifier")
struct IPAddressTests {

    /// (address, the range's prefix/length it must fall in)
    static let blocked: [(String, String)] = [
        // IPv4, first and last address of each range
        ("0.0.0.0", "0.0.0.0/8"), ("0.255.255.255", "0.0.0.0/8"),
        ("10.0.0.1", "10.0.0.0/8"), ("10.255.255.255", "10.0.0.0/8"),
        ("100.64.0.0", "100.64.0.0/10"), ("100.127.255.255", "100.64.0.0/10"),
        ("127.0.0.1", "127.0.0.0/8"), ("127.255.255.254", "127.0.0.0/8"),
        ("169.254.169.254", "169.254.0.0/16"), ("169.254.0.0", "169.254.0.0/16"),
        ("172.16.0.0", "172.16.0.0/12"), ("172.31.255.255", "172.16.0.0/12"),
        ("192.0.0.0", "192.0.0.0/24"), ("192.0.0.255", "192.0.0.0/24"),
        ("192.168.0.1", "192.168.0.0/16"), ("192.168.255.255", "192.168.0.0/16"),
        ("198.18.0.0", "198.18.0.0/15"), ("198.19.255.255", "198.18.0.0/15"),
        ("224.0.0.1", "224.0.0.0/4"), ("239.255.255.255", "224.0.0.0/4"),
        ("240.0.0.1", "240.0.0.0/4"), ("254.255.255.255", "240.0.0.0/4"),
        ("255.255.255.255", "255.255.255.255/32"),
        // IPv6
        ("::", "::/128"), ("::1", "::1/128"),
        ("fc00::1", "fc00::/7"), ("fdff:ffff::1", "fc00::/7"),
        ("fe80::1", "fe80::/10"), ("febf:ffff::1", "fe80::/10"),
        ("fec0::1", "fec0::/10"),
        ("ff02::1", "ff00::/8"), ("ff0e::101", "ff00::/8"),
        // IPv4 inside IPv6: the embedded address decides
        ("::ffff:127.0.0.1", "127.0.0.0/8"), ("::ffff:10.1.2.3", "10.0.0.0/8"),
        ("::ffff:169.254.169.254", "169.254.0.0/16"), ("::ffff:0.0.0.0", "0.0.0.0/8"),
        ("::10.0.0.1", "10.0.0.0/8"), ("::192.168.1.1", "192.168.0.0/16"),
        ("64:ff9b::127.0.0.1", "127.0.0.0/8"), ("64:ff9b::a9fe:a9fe", "169.254.0.0/16"),
        // libcurl-security.md "IPv6 Addresses": the bypass spellings
        ("::ffff:7f00:1", "127.0.0.0/8"), ("::127.0.0.1", "127.0.0.0/8"), ("0:00::0:1", "::1/128"),
        ("0000:0000:0000:0000:0000:0000:0000:0001", "::1/128"), ("::FFFF:7F00:0001", "127.0.0.0/8"),
    ]

    @Test("every blocked range, with its edge addresses and the IPv6 bypass spellings", arguments: blocked)
    func blockedAddresses(_ text: String, _ block: String) throws {
        let address = try #require(IPAddress(text), "\(text) should parse")
        let range = try #require(address.nonPublicRange, "\(text) must not be public")
        #expect("\(range.prefix)/\(range.length)" == block)
        #expect(!address.isPublic)
    }

    static let allowed = [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
        "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
        "192.0.1.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
        "2a00:1450::1", "2001:4860:4860::8888", "2606:4700:4700::1111", "fbff:ffff::1", "fe00::1",
        "::ffff:8.8.8.8", "::8.8.8.8", "64:ff9b::1.1.1.1",
    ]

    @Test("public addresses are allowed", arguments: allowed)
    func publicAddresses(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isPublic)
        #expect(address.nonPublicRange == nil)
    }

    @Test("range names say what the address is")
    func names() throws {
        #expect(try #require(IPAddress("127.0.0.1")?.nonPublicRange).description == "loopback 127.0.0.0/8")
        #expect(try #require(IPAddress("255.255.255.255")?.nonPublicRange).name == "broadcast")
        #expect(try #require(IPAddress("::ffff:7f00:1")?.nonPublicRange).description == "IPv4-mapped loopback 127.0.0.0/8")
        #expect(try #require(IPAddress("::127.0.0.1")?.nonPublicRange).name == "IPv4-compatible loopback")
        #expect(try #require(IPAddress("0:00::0:1")?.nonPublicRange).description == "loopback ::1/128")
        #expect(try #require(IPAddress("169.254.169.254")?.nonPublicRange).name == "link-local")
    }

    @Test("only canonical text parses: numeric URL spellings are left to the resolved-address check")
    func textForms() {
        for text in ["0x7f000001", "2130706433", "127.1", "0177.0.0.1", "127.0.0.01", "localhost", "[::1]",
                     "fe80::1%eth0", "", " 127.0.0.1", "1.2.3.4.5", "::ffff:1.2.3", "gggg::1"] {
            #expect(IPAddress(text) == nil, "\(text)")
        }
        #expect(IPAddress("127.0.0.1")?.bytes == [127, 0, 0, 1])
        #expect(IPAddress("0:00::0:1")?.description == "::1")
        #expect(IPAddress("::FFFF:7F00:0001")?.description == "::ffff:127.0.0.1")
        #expect(IPAddress("2A00:1450:0::1")?.description == "2a00:1450::1")
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
        #expect(IPAddress(bytes: [10, 0, 0, 1])?.description == "10.0.0.1")
    }

    @Test("socket addresses: sockaddr_in and sockaddr_in6 read as the resolver hands them over")
    func socketAddresses() throws {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = UInt16(8080).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr)
        let fromV4 = withUnsafeBytes(of: &v4) { IPAddress(socketAddress: $0.baseAddress!, length: $0.count) }
        #expect(fromV4 == IPAddress("127.0.0.1"))
        #expect(fromV4?.isPublic == false)

        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        inet_pton(AF_INET6, "::ffff:7f00:1", &v6.sin6_addr)
        let fromV6 = withUnsafeBytes(of: &v6) { IPAddress(socketAddress: $0.baseAddress!, length: $0.count) }
        #expect(fromV6 == IPAddress("::ffff:127.0.0.1"))
        #expect(fromV6?.nonPublicRange?.name == "IPv4-mapped loopback")

        var public6 = sockaddr_in6()
        public6.sin6_family = sa_family_t(AF_INET6)
        inet_pton(AF_INET6, "2a00:1450::1", &public6.sin6_addr)
        #expect(withUnsafeBytes(of: &public6) { IPAddress(socketAddress: $0.baseAddress!, length: $0.count) }?.isPublic == true)

        // Too short for its family, or another family: not an address.
        #expect(withUnsafeBytes(of: &v6) { IPAddress(socketAddress: $0.baseAddress!, length: 8) } == nil)
        var unix = sockaddr_un()
        unix.sun_family = sa_family_t(AF_UNIX)
        #expect(withUnsafeBytes(of: &unix) { IPAddress(socketAddress: $0.baseAddress!, length: $0.count) } == nil)
    }
}

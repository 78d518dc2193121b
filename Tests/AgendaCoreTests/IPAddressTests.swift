import AgendaCore
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
        ("192.0.2.0", "192.0.2.0/24"), ("192.0.2.255", "192.0.2.0/24"),
        ("198.51.100.0", "198.51.100.0/24"), ("198.51.100.255", "198.51.100.0/24"),
        ("203.0.113.0", "203.0.113.0/24"), ("203.0.113.255", "203.0.113.0/24"),
        ("224.0.0.1", "224.0.0.0/4"), ("239.255.255.255", "224.0.0.0/4"),
        ("240.0.0.1", "240.0.0.0/4"), ("254.255.255.255", "240.0.0.0/4"),
        ("255.255.255.255", "255.255.255.255/32"),
        // IPv6
        ("::", "::/128"), ("::1", "::1/128"),
        ("fc00::1", "fc00::/7"), ("fdff:ffff::1", "fc00::/7"),
        ("fe80::1", "fe80::/10"), ("febf:ffff::1", "fe80::/10"),
        ("fec0::1", "fec0::/10"),
        ("ff02::1", "ff00::/8"), ("ff0e::101", "ff00::/8"),
        // IANA IPv6 special-purpose blocks that are not globally reachable
        ("::ffff:0:0:0", "::ffff:0:0:0/96"), ("::ffff:0:8.8.8.8", "::ffff:0:0:0/96"),
        ("64:ff9b:1::", "64:ff9b:1::/48"), ("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "64:ff9b:1::/48"),
        ("100::", "100::/64"), ("100::ffff:ffff:ffff:ffff", "100::/64"),
        ("2001::", "2001::/32"), ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::/32"),
        ("2001:2::", "2001:2::/48"), ("2001:2:0:ffff::1", "2001:2::/48"),
        ("2001:db8::", "2001:db8::/32"), ("2001:db8:ffff::1", "2001:db8::/32"),
        ("3fff::1", "3fff::/20"), ("3fff:fff::1", "3fff::/20"),
        // IPv4 inside IPv6: the embedded address decides
        ("::ffff:127.0.0.1", "127.0.0.0/8"), ("::ffff:10.1.2.3", "10.0.0.0/8"),
        ("::ffff:169.254.169.254", "169.254.0.0/16"), ("::ffff:0.0.0.0", "0.0.0.0/8"),
        ("::10.0.0.1", "10.0.0.0/8"), ("::192.168.1.1", "192.168.0.0/16"),
        ("64:ff9b::127.0.0.1", "127.0.0.0/8"), ("64:ff9b::a9fe:a9fe", "169.254.0.0/16"),
        ("2002:7f00:1::", "127.0.0.0/8"), ("2002:a00:1::1", "10.0.0.0/8"), ("2002:c0a8:101::", "192.168.0.0/16"),
        ("2002:c000:201::", "192.0.2.0/24"),
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
        "192.0.1.255", "192.0.3.0", "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0",
        "2002:808:808::1", "64:ff9b:2::1", "2001:1::1", "2001:3::1", "2001:db9::1", "3fff:1000::1", "100:0:0:1::",
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
        #expect(try #require(IPAddress("2002:7f00:1::")?.nonPublicRange).description == "6to4 loopback 127.0.0.0/8")
        #expect(try #require(IPAddress("2001::1")?.nonPublicRange).name == "Teredo")
        #expect(try #require(IPAddress("203.0.113.7")?.nonPublicRange).name == "documentation (TEST-NET-3)")
    }

    @Test("loopback, also inside the IPv6 forms that carry an IPv4 address")
    func loopback() {
        for text in ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::"] {
            #expect(IPAddress(text)?.isLoopback == true, "\(text)")
        }
        for text in ["10.0.0.1", "::", "fe80::1", "8.8.8.8", "::ffff:0:127.0.0.1"] {
            #expect(IPAddress(text)?.isLoopback == false, "\(text)")
        }
    }

    /// (URL host as written, the address libcurl connects to)
    static let urlHostSpellings: [(String, String)] = [
        ("127.0.0.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"), ("0x7F000001", "127.0.0.1"), ("127.0.0.01", "127.0.0.1"), ("0", "0.0.0.0"),
        ("10.1", "10.0.0.1"), ("3232235777", "192.168.1.1"), ("[::1]", "::1"), ("[::ffff:7f00:1]", "::ffff:127.0.0.1"),
        ("8.8.8.8", "8.8.8.8"), ("134744072", "8.8.8.8"),
    ]

    @Test("URL hosts are read the way inet_aton (and libcurl) reads them", arguments: urlHostSpellings)
    func urlHosts(host: String, address: String) {
        #expect(IPAddress(urlHost: host) == IPAddress(address))
    }

    @Test func namesAreNotAddresses() {
        for host in ["localhost", "council.example", "127.0.0.1.example", "0x7g.1", "[127.0.0.1]", "[::1", "", "1.2.3.4.5",
                     "[fe80::1%eth0]"] {
            #expect(IPAddress(urlHost: host) == nil, "\(host)")
        }
    }

    @Test("HostClass: numeric hosts in every spelling, and localhost names, before any DNS")
    func hostClass() {
        for host in ["127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "127.1", "localhost", "LOCALHOST", "a.localhost",
                     "localhost.", "a.localhost.", "127.0.0.1.",
                     "[::1]", "::1", "[::ffff:127.0.0.1]", "10.0.0.1", "167772161", "[fd00::1]", "192.0.2.1", "[2001:db8::1]"] {
            #expect(HostClass.nonPublicRange(of: host) != nil, "\(host)")
        }
        for host in ["council.example", "8.8.8.8", "134744072", "[2a00:1450::1]", "localhost.example"] {
            #expect(HostClass.nonPublicRange(of: host) == nil, "\(host)")
        }
        #expect(HostClass.isLoopback("2130706433"))
        #expect(HostClass.isLoopback("localhost"))
        #expect(!HostClass.isLoopback("10.0.0.1"))
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

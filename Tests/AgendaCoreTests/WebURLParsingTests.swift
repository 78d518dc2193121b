import AgendaCore
import Testing

/// `WebURL.parse`: settings read exactly as written, or the reason they are not a URL.
@Suite struct WebURLParsingTests {
    @Test func partsAsWritten() throws {
        let url = try WebURL.parse("HTTPS://user:pw@Host.Example:8443/Mod%65rnGov/?a=1#top").get()
        #expect(url.scheme == "https")
        #expect(url.userInfo == "user:pw")
        #expect(url.host == "host.example")
        #expect(url.port == 8443)
        #expect(url.path == "/Mod%65rnGov/")
        #expect(url.query == "a=1")
        #expect(url.fragment == "top")
        #expect(url.string == "https://user:pw@host.example:8443/Mod%65rnGov/?a=1#top")

        let relay = try WebURL.parse("smtp://[::1]:2525").get()
        #expect(relay.host == "[::1]" && relay.bareHost == "::1" && relay.port == 2525 && relay.path.isEmpty)
        #expect(try WebURL.parse("socks5h://127.0.0.1:1080").get().effectivePort == 1080)
        #expect(try WebURL.parse("https://h.example").get().effectivePort == 443)
        #expect(try WebURL.parse("smtps://h.example").get().effectivePort == 465)
    }

    @Test(arguments: [
        ("", WebURL.ParseError.empty),
        ("democracy.leics.gov.uk", .noScheme),
        ("/relative", .noScheme),
        ("https:example.org", .noAuthority),
        ("mailto:a@b.example", .noAuthority),
        ("https://exa mple.org/", .whitespaceOrControl),
        ("https://example.org/\r\n", .whitespaceOrControl),
        ("https://example.org/caf\u{E9}", .invalidCharacter),
        ("https://example.org/a%zz", .invalidCharacter),
        ("https://example.org/<x>", .invalidCharacter),
        ("https://", .emptyHost),
        ("smtp://:25", .emptyHost),
        ("https://[::1", .unclosedBracket),
        ("https://[127.0.0.1]/", .notIPv6("127.0.0.1")),
        ("https://[::1]x/", .textAfterIPv6),
        ("https://a!b.example/", .invalidHost("a!b.example")),
        ("https://h.example:0/", .invalidPort("0")),
        ("https://h.example:65536/", .invalidPort("65536")),
        ("https://h.example:+25/", .invalidPort("+25")),
        ("https://h.example:/", .invalidPort("")),
    ])
    func reasons(text: String, error: WebURL.ParseError) {
        #expect(WebURL.parse(text) == .failure(error))
    }

    @Test func schemeOfAText() {
        #expect(WebURL.scheme(of: "HTTPS://x") == "https")
        #expect(WebURL.scheme(of: "mailto:x@y") == "mailto")
        #expect(WebURL.scheme(of: "democracy.leics.gov.uk") == nil)
        #expect(WebURL.scheme(of: "1http://x") == nil)
    }
}

/// Origins: the unit of politeness and admission, and the redirect and document-link rules.
@Suite struct OriginTests {
    func origin(_ url: String) -> WebURL.Origin { WebURL.Origin(url: url)! }

    @Test func defaultPortsFilledIn() {
        #expect(origin("HTTPS://Democracy.Leics.gov.uk/x") == origin("https://democracy.leics.gov.uk:443/y"))
        #expect(origin("https://democracy.leics.gov.uk/").port == 443)
        #expect(origin("http://127.0.0.1:8080/x").description == "http://127.0.0.1:8080")
        #expect(origin("http://[::1]:8080/x").description == "http://[::1]:8080")
        #expect(origin("http://h.example:80/").description == "http://h.example")
        #expect(WebURL.Origin(url: "file:///etc/passwd") == nil)
    }

    @Test("the https upgrade: same host, http on 80 to https on 443, and nothing else")
    func httpsUpgrade() {
        let plain = origin("http://council.example/")
        #expect(origin("https://council.example/").isHTTPSUpgrade(of: plain))
        #expect(origin("https://council.example:443/").isHTTPSUpgrade(of: origin("http://council.example:80/")))
        #expect(!origin("https://council.example:8443/").isHTTPSUpgrade(of: plain), "another port")
        #expect(!origin("https://council.example/").isHTTPSUpgrade(of: origin("http://council.example:8080/")), "from another port")
        #expect(!origin("https://www.council.example/").isHTTPSUpgrade(of: plain), "another host")
        #expect(!plain.isHTTPSUpgrade(of: origin("https://council.example/")), "a downgrade is not an upgrade")
        #expect(!plain.isHTTPSUpgrade(of: plain))
    }

    @Test("redirects: the same origin or its https upgrade only")
    func redirectRule() {
        let site = origin("http://council.example/mg/")
        #expect(site.allowsRedirect(to: origin("http://council.example/other")))
        #expect(site.allowsRedirect(to: origin("https://council.example/mg/")))
        #expect(!site.allowsRedirect(to: origin("http://council.example:8080/")))
        #expect(!site.allowsRedirect(to: origin("http://evil.example/")))
        #expect(!site.allowsRedirect(to: origin("http://127.0.0.1/")))
        let secure = origin("https://council.example/")
        #expect(!secure.allowsRedirect(to: origin("http://council.example/")), "never down to http")
        let local = origin("http://127.0.0.1:8080/")
        #expect(local.allowsRedirect(to: origin("http://127.0.0.1:8080/x")))
        #expect(!local.allowsRedirect(to: origin("http://127.0.0.1:8081/x")))
        #expect(!local.allowsRedirect(to: origin("http://localhost:8080/x")))
    }

    @Test("same site, for document links: either direction of the http/https pair")
    func sameSite() {
        let page = origin("https://council.example/")
        #expect(page.isSameSite(as: origin("http://council.example/")))
        #expect(origin("http://council.example/").isSameSite(as: page))
        #expect(!page.isSameSite(as: origin("https://www.council.example/")))
        #expect(!page.isSameSite(as: origin("https://council.example:8443/")))
    }
}

/// The SMTP relay address, as check-config and the relay read it.
@Suite struct SMTPRelayURLTests {
    @Test func readsHostAndPort() throws {
        let relay = try SMTPRelayURL("SMTPS://Mail.Example.org")
        #expect(relay.scheme == "smtps" && relay.host == "mail.example.org" && relay.port == 465)
        #expect(try SMTPRelayURL("smtp://mail.example.org:587/").port == 587)
        #expect(try SMTPRelayURL("smtp://[::1]:2525").host == "::1")
    }

    @Test(arguments: [
        ("ftp://mail.example.org", SMTPRelayURL.Problem.scheme("ftp")),
        ("ftp://[::1", .scheme("ftp")),
        ("smtp://u:p@mail.example.org", .userInfo),
        ("smtp://mail.example.org/helo", .pathQueryOrFragment),
        ("smtp://mail.example.org/?x", .pathQueryOrFragment),
        ("smtp://mail.example.org#x", .pathQueryOrFragment),
        ("smtp://mail_example.org", .hostCharacters),
        ("mail.example.org:25", .notAURL(.noAuthority)),
    ])
    func problems(text: String, problem: SMTPRelayURL.Problem) {
        #expect(throws: problem) { try SMTPRelayURL(text) }
    }

    @Test("loopback is decided by the address classifier, not by a \"127.\" prefix")
    func loopback() throws {
        for host in ["127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "localhost", "relay.localhost"] {
            #expect(try SMTPRelayURL("smtp://\(host):25").isLoopback, "\(host)")
        }
        for host in ["127.example.org", "10.0.0.1", "192.168.1.1", "mail.example.org", "[2001:4860:4860::8888]"] {
            #expect(try !SMTPRelayURL("smtp://\(host):25").isLoopback, "\(host)")
        }
    }
}

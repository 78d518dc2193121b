import AgendaConfig
import Testing

@Suite("URLs")
struct URLErrorTests {
    func sourceError(_ baseURL: String) -> [String] {
        errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "\(baseURL)"
        """)
    }

    @Test func baseURLWithoutScheme() {
        #expect(sourceError("democracy.leics.gov.uk") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: must be an http or https URL: \"democracy.leics.gov.uk\" has no scheme; write \"https://democracy.leics.gov.uk\"",
        ])
    }

    @Test func baseURLWithAnotherScheme() {
        #expect(sourceError("ftp://democracy.leics.gov.uk/") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: must be an http or https URL; \"ftp://democracy.leics.gov.uk/\" is ftp",
        ])
    }

    @Test func baseURLThatIsAPage() {
        #expect(sourceError("https://democracy.leics.gov.uk/mgListCommittees.aspx") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: must be the site's base URL (e.g. \"https://democracy.leics.gov.uk/\"), not a page",
        ])
        #expect(sourceError("https://democracy.leics.gov.uk/?x=1").count == 1)
        #expect(sourceError("https://").count == 1)
        #expect(sourceError("").count == 1)
    }

    @Test func baseURLIsNormalised() throws {
        let config = try parseValid("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [[source]]
        id = "kent"
        name = "Kent County Council"
        base_url = "https://Democracy.Kent.gov.uk:8443/ModernGov"
        """)
        #expect(config.sources[0].baseURL == "https://democracy.kent.gov.uk:8443/ModernGov/")
    }

    @Test func webhookURLs() {
        #expect(errorLines(minimalPrefix + """
        [[subscription]]
        id = "a"
        channel = "webhook"
        url = "hooks.example/agenda"
        secret_file = "/etc/agenda-sync/a.secret"

        [[subscription]]
        id = "b"
        channel = "webhook"
        url = "http://127.0.0.1:9000/hook"
        secret_file = "/etc/agenda-sync/b.secret"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:11: subscription[0].url: must be an http or https URL: \"hooks.example/agenda\" has no scheme; write \"https://hooks.example/agenda\"",
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[1].url: points at a loopback or private address (127.0.0.1); set allow_private = true if that is intended",
        ])
    }

    @Test func proxyAndUnsubscribeURL() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        mail_from = "alerts@example.org"
        proxy = "ftp://proxy.example"
        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        [[subscription]]
        id = "jane"
        channel = "email"
        to = "jane"
        spool = "/var/spool/agenda-sync/mail"
        digest = "weekly"
        unsubscribe_url = "javascript:alert(1)"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.proxy: must be a proxy URL such as \"http://proxy.example:3128\" or \"socks5h://127.0.0.1:1080\"; scheme \"ftp\" is not one of http, https, socks4, socks4a, socks5, socks5h",
            "/etc/agenda-sync/agenda-sync.toml:12: subscription[0].to: must be an email address such as \"jane@example.org\" or \"Jane Doe <jane@example.org>\"",
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].digest: \"weekly\" is not a digest period; use \"daily\" or \"hourly\", or omit `digest` to send one message per notice",
            "/etc/agenda-sync/agenda-sync.toml:15: subscription[0].unsubscribe_url: must be an http(s) URL or a mailto: address",
        ])
    }

    func webhookConfig(_ url: String, allowPrivate: Bool = false) -> String {
        minimalPrefix + """
        [[subscription]]
        id = "a"
        channel = "webhook"
        url = "\(url)"
        secret_file = "/etc/agenda-sync/a.secret"
        \(allowPrivate ? "allow_private = true" : "")
        """
    }

    func webhookErrors(_ url: String, allowPrivate: Bool = false) -> [String] {
        errorLines(webhookConfig(url, allowPrivate: allowPrivate))
    }

    /// The spellings libcurl (like inet_aton) reads as 127.0.0.1: refused as the connect guard refuses them.
    static let loopbackSpellings = ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0x7F000001", "127.0.0.01"]

    @Test("webhook URLs: every numeric spelling of a loopback address is refused, naming the address", arguments: loopbackSpellings)
    func webhookLoopbackSpellings(host: String) {
        #expect(webhookErrors("http://\(host):9000/hook") == [
            "/etc/agenda-sync/agenda-sync.toml:11: subscription[0].url: points at a loopback or private address (\(host.lowercased()), which is 127.0.0.1); set allow_private = true if that is intended",
        ])
    }

    @Test("webhook URLs: the special-purpose ranges, IPv6 forms and localhost names are refused without allow_private")
    func webhookSpecialPurposeAddresses() throws {
        for (url, host) in [("http://192.0.2.10/hook", "192.0.2.10"), ("http://198.51.100.1/hook", "198.51.100.1"),
                            ("http://203.0.113.9/hook", "203.0.113.9"), ("http://198.18.0.1/hook", "198.18.0.1"),
                            ("http://[2001:db8::1]/hook", "2001:db8::1"), ("http://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1"),
                            ("http://[2002:7f00:1::1]/hook", "2002:7f00:1::1"), ("http://[2001::1]/hook", "2001::1"),
                            ("http://[64:ff9b:1::a]/hook", "64:ff9b:1::a"), ("http://hooks.localhost/x", "hooks.localhost"),
                            ("http://167772161/hook", "167772161, which is 10.0.0.1")] {
            #expect(webhookErrors(url) == [
                "/etc/agenda-sync/agenda-sync.toml:11: subscription[0].url: points at a loopback or private address (\(host)); set allow_private = true if that is intended",
            ], "\(url)")
        }
        _ = try parseValid(webhookConfig("https://hooks.example.org/agenda"))
        _ = try parseValid(webhookConfig("http://192.0.2.10/hook", allowPrivate: true))
    }

    @Test("a private webhook spelled other than as a dotted quad is refused even with allow_private")
    func webhookSpellingWithAllowPrivate() throws {
        #expect(webhookErrors("http://127.1:9000/hook", allowPrivate: true) == [
            "/etc/agenda-sync/agenda-sync.toml:11: subscription[0].url: writes the IP address 127.0.0.1 as \"127.1\"; write it as 127.0.0.1",
        ])
        _ = try parseValid(webhookConfig("http://127.0.0.1:9000/hook", allowPrivate: true))
    }

    @Test("base URLs: a numeric host must be written as the address it is", arguments: loopbackSpellings)
    func baseURLSpellings(host: String) {
        #expect(sourceError("http://\(host):8080/") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: writes the IP address 127.0.0.1 as \"\(host.lowercased())\"; write it as 127.0.0.1",
        ])
    }

    @Test("base URLs on this machine, written plainly, are fine (the tests' councils are)")
    func plainLoopbackBase() throws {
        let config = try parseValid(minimalPrefix.replacingOccurrences(of: "https://democracy.leics.gov.uk/", with: "http://127.0.0.1:8080/mg"))
        #expect(config.sources[0].baseURL == "http://127.0.0.1:8080/mg/")
        let v6 = try parseValid(minimalPrefix.replacingOccurrences(of: "https://democracy.leics.gov.uk/", with: "http://[::1]:8080/"))
        #expect(v6.sources[0].baseURL == "http://[::1]:8080/")
    }

    @Test("the base URL is stored in the canonical form its pages are built from")
    func baseURLCanonical() throws {
        for (written, stored) in [("https://Democracy.Leics.gov.uk:443", "https://democracy.leics.gov.uk/"),
                                  ("https://democracy.leics.gov.uk/mg/%7Eplanning", "https://democracy.leics.gov.uk/mg/~planning/"),
                                  ("HTTP://democracy.leics.gov.uk./(S(abc123))/mg/", "http://democracy.leics.gov.uk/mg/")] {
            let config = try parseValid(minimalPrefix.replacingOccurrences(of: "https://democracy.leics.gov.uk/", with: written))
            #expect(config.sources[0].baseURL == stored, "\(written)")
        }
        #expect(sourceError("https://user:pw@democracy.leics.gov.uk/") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: must not contain a user name or password",
        ])
        #expect(sourceError("https://democracy.leics.gov.uk/#top").count == 1)
        #expect(sourceError("https://democracy.leics.gov.uk:99999/") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: must be an http or https URL; \"https://democracy.leics.gov.uk:99999/\" is not a URL",
        ])
        #expect(sourceError("https:democracy.leics.gov.uk") == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].base_url: must be an http or https URL with a host name; \"https:democracy.leics.gov.uk\" has none",
        ])
    }
}

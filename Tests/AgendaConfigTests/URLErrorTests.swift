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
}

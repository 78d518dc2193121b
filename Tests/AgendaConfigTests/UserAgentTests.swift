import AgendaConfig
import Testing

@Suite("User-Agent contact")
struct UserAgentTests {
    func config(userAgent: String) -> String {
        """
        [daemon]
        user_agent = "\(userAgent)"
        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        """
    }

    @Test(arguments: [
        "agenda-sync/1.0 (+mailto:admin@example.org)",
        "agenda-sync/1.0 (+https://civic.example/bot)",
        "agenda-sync/1.0 admin@example.org",
        "agenda-sync/1.0 (contact: <ops@civic.example>; +http://civic.example)",
    ])
    func accepted(userAgent: String) throws {
        let parsed = try parseValid(config(userAgent: userAgent))
        #expect(parsed.daemon.userAgent == userAgent)
    }

    @Test(arguments: [
        "agenda-sync/1.0",
        "agenda-sync/1.0 (admin at example dot org)",
        "agenda-sync/1.0 (+mailto:admin)",
        "agenda-sync/1.0 (+https://)",
        "Mozilla/5.0 example.org",
    ])
    func refusedWithoutAContact(userAgent: String) {
        let lines = errorLines(config(userAgent: userAgent))
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("/etc/agenda-sync/agenda-sync.toml:2: daemon.user_agent: must include a contact") == true)
    }

    @Test func refusedWithALineBreak() {
        #expect(errorLines(config(userAgent: "agenda-sync/1.0 (+mailto:admin@example.org)\\r\\nX-Evil: 1")) == [
            "/etc/agenda-sync/agenda-sync.toml:2: daemon.user_agent: must not contain line breaks or other control characters (it is sent as an HTTP header)",
        ])
    }
}

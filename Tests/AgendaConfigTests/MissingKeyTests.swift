import AgendaConfig
import Testing

@Suite("Missing required keys")
struct MissingKeyTests {
    @Test func missingSourceNamePointsAtTheSourceHeader() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"

        [[source]]
        id = "leics"
        base_url = "https://democracy.leics.gov.uk/"
        """) == ["/etc/agenda-sync/agenda-sync.toml:4: source[0].name: missing required key `name` in [[source]]"])
    }

    @Test func missingUserAgent() {
        #expect(errorLines("""
        [daemon]
        interval = "30m"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        """) == ["/etc/agenda-sync/agenda-sync.toml:1: daemon.user_agent: missing required key `user_agent` in [daemon]"])
    }

    @Test func missingDaemonTableAndNoSources() {
        #expect(errorLines("""
        # nothing configured yet
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:1: daemon: missing [daemon] table; it must set at least user_agent (with a contact address)",
            "/etc/agenda-sync/agenda-sync.toml:1: source: no [[source]] defined; add one [[source]] block per council to watch",
        ])
    }

    @Test func noSourcesAtAll() {
        #expect(errorLines("""
        # no councils yet
        source = []
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        """) == ["/etc/agenda-sync/agenda-sync.toml:2: source: no [[source]] defined; add one [[source]] block per council to watch"])
    }

    @Test func missingChannelSettings() {
        #expect(errorLines(minimalPrefix + """
        [[subscription]]
        id = "newsroom"
        channel = "webhook"
        url = "https://newsroom.example/hooks/agenda"

        [[subscription]]
        id = "audit"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:8: subscription[0].secret_file: missing required key `secret_file` in [[subscription]]",
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[1].channel: missing required key `channel` in [[subscription]]",
        ])
    }

    @Test func emailNeedsMailFrom() {
        #expect(errorLines(minimalPrefix + """
        [[subscription]]
        id = "jane"
        channel = "email"
        to = "Jane Doe <jane@example.org>"
        spool = "/var/spool/agenda-sync/mail"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:10: subscription[0].channel: an email subscription needs mail_from in [daemon] (the From: address of email notices)",
        ])
    }
}

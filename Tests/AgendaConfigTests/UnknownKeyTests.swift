import AgendaConfig
import Testing

@Suite("Unknown keys")
struct UnknownKeyTests {
    @Test func typoInASourceSuggestsTheKey() {
        #expect(errorLines(minimalPrefix + """
        [[source]]
        id = "york"
        name = "City of York Council"
        base_url = "https://democracy.york.gov.uk/"
        intervall = "15m"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:12: source[1].intervall: unknown key `intervall` in [[source]] — did you mean `interval`?",
        ])
    }

    @Test func unknownKeysEverywhere() {
        #expect(errorLines("""
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [deamon]
        x = 1
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        databse = "/var/lib/agenda-sync/a.sqlite"
        window = { past = "60d", futur = "365d" }
        colour = "blue"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"

        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        url = "https://example.org/"
        event = ["meeting.new"]
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:1: user_agent: `user_agent` belongs in [daemon]; move it below the [daemon] header",
            "/etc/agenda-sync/agenda-sync.toml:2: deamon: unknown table [deamon] — did you mean [daemon]? (the config has [daemon], [[source]] and [[subscription]])",
            "/etc/agenda-sync/agenda-sync.toml:6: daemon.databse: unknown key `databse` in [daemon] — did you mean `database`?",
            "/etc/agenda-sync/agenda-sync.toml:7: daemon.window.futur: unknown key `futur` in window — did you mean `future`?",
            "/etc/agenda-sync/agenda-sync.toml:8: daemon.colour: unknown key `colour` in [daemon]",
            "/etc/agenda-sync/agenda-sync.toml:19: subscription[0].url: `url` is a setting of webhook subscriptions, not of channel \"file\"",
            "/etc/agenda-sync/agenda-sync.toml:20: subscription[0].event: unknown key `event` in [[subscription]] — did you mean `events`?",
        ])
    }

    @Test func unknownChannel() {
        #expect(errorLines(minimalPrefix + """
        [[subscription]]
        id = "hook"
        channel = "webhok"
        url = "https://newsroom.example/hooks/agenda"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:10: subscription[0].channel: \"webhok\" is not a channel; use \"file\", \"webhook\", \"email\", \"calendar\" or \"atom\" — did you mean \"webhook\"?",
        ])
    }
}

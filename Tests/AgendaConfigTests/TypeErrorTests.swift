import AgendaConfig
import Testing

@Suite("Values of the wrong type")
struct TypeErrorTests {
    @Test func wrongTypesNameTheKeyAndWhatWasExpected() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        interval = 30
        max_page_bytes = "8MiB"
        window = "60d"

        [[source]]
        id = "leics"
        name = 42
        base_url = "https://democracy.leics.gov.uk/"
        committees = [1043, "1044", 2.5]
        notify_existing = "yes"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:3: daemon.interval: must be a duration string, not an integer (write it with a unit, e.g. \"30m\" or \"30s\")",
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.max_page_bytes: must be an integer, not a string",
            "/etc/agenda-sync/agenda-sync.toml:5: daemon.window: must be a table, not a string",
            "/etc/agenda-sync/agenda-sync.toml:9: source[0].name: must be a string, not an integer (write it in double quotes)",
            "/etc/agenda-sync/agenda-sync.toml:11: source[0].committees[1]: must be a committee id (a positive integer), not a string (write 1044 without quotes)",
            "/etc/agenda-sync/agenda-sync.toml:11: source[0].committees[2]: must be a committee id (a positive integer), not a floating-point number",
            "/etc/agenda-sync/agenda-sync.toml:12: source[0].notify_existing: must be true or false, not a string",
        ])
    }

    @Test func sourceWrittenAsASingleTable() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"

        [source]
        id = "leics"
        """) == ["/etc/agenda-sync/agenda-sync.toml:4: source: must be written [[source]] (one block per source), not [source]"])
    }

    @Test func arrayElementsOnTheirOwnLines() {
        #expect(errorLines(minimalPrefix + """
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        keywords = [
            "SEND",
            7,
            "",
        ]
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].keywords[1]: must be a string, not an integer",
            "/etc/agenda-sync/agenda-sync.toml:15: subscription[0].keywords[2]: an empty keyword would match every title; remove it",
        ])
    }
}

import AgendaConfig
import Testing

@Suite("Duplicate ids")
struct DuplicateIDTests {
    @Test func duplicateSourceAndSubscriptionIDs() {
        #expect(errorLines(minimalPrefix + """
        [[source]]
        id = "leics"
        name = "Leicestershire again"
        base_url = "https://democracy.leics.gov.uk/"

        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/a.jsonl"

        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/b.jsonl"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:9: source[1].id: duplicate source id \"leics\" (first used on line 5); ids must be unique",
            "/etc/agenda-sync/agenda-sync.toml:19: subscription[1].id: duplicate subscription id \"audit\" (first used on line 14); ids must be unique",
        ])
    }

    @Test func badIDs() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [[source]]
        id = "Leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        [[source]]
        id = "-york"
        name = "City of York Council"
        base_url = "https://democracy.york.gov.uk/"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:4: source[0].id: \"Leics\" is not a valid id: use lower-case letters, digits, \"_\" and \"-\", starting with a letter or digit (e.g. \"leics\")",
            "/etc/agenda-sync/agenda-sync.toml:8: source[1].id: \"-york\" is not a valid id: use lower-case letters, digits, \"_\" and \"-\", starting with a letter or digit",
        ])
    }
}

import AgendaConfig
import Testing

/// The loader finds each key's line by scanning the text (TOMLKit gives positions only for
/// syntax errors). These documents try to throw the scanner off.
@Suite("Line numbers of keys")
struct KeyLineTests {
    @Test func multilineStringsAndArraysDoNotConfuseTheScanner() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        note = \"\"\"
        [[source]]
        id = "not a key" # nor a comment
        \\\"\"\"still inside\"\"\"
        database = '/var/lib/agenda-sync/[[x]].sqlite'
        interval = "0m"

        [[source]]
        'id' = "leics"   # quoted key
        name = "Leicestershire County Council # not a comment"
        base_url = "https://democracy.leics.gov.uk/"
        committees = [ # comment inside an array
            1043, [1, 2], # a nested array
            { x = 1 },
            -4,
        ]

        [[source]]
        id = "york"
        "name" = "City of York Council"
        base_url = '''
        https://democracy.york.gov.uk/ '''
        interval.minutes = 5
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:3: daemon.note: unknown key `note` in [daemon]",
            "/etc/agenda-sync/agenda-sync.toml:8: daemon.interval: \"0m\" is zero; a duration must be positive",
            "/etc/agenda-sync/agenda-sync.toml:15: source[0].committees[1]: must be a committee id (a positive integer), not an array",
            "/etc/agenda-sync/agenda-sync.toml:16: source[0].committees[2]: must be a committee id (a positive integer), not a table",
            "/etc/agenda-sync/agenda-sync.toml:17: source[0].committees[3]: -4 is not a committee id; ids are positive integers",
            "/etc/agenda-sync/agenda-sync.toml:23: source[1].base_url: must be an http or https URL without spaces or control characters",
            "/etc/agenda-sync/agenda-sync.toml:25: source[1].interval: must be a duration string, not a table (write e.g. \"15m\")",
        ])
    }

    @Test func dottedKeysAndSubTablesOfAnArrayElement() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        window.past = "0d"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"

        [source.extra]
        x = 1
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:3: daemon.window.past: \"0d\" is zero; a duration must be positive",
            "/etc/agenda-sync/agenda-sync.toml:10: source[0].extra: unknown key `extra` in [[source]]",
        ])
    }

    @Test func windowAsASubTableBeforeItsParent() {
        #expect(errorLines("""
        [daemon.window]
        future = "1y"
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:2: daemon.window.future: \"1y\": unknown unit \"y\"; use s, m, h or d (write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\")",
        ])
    }

    @Test func inlineArrayOfTablesAndCRLF() {
        let text = """
        source = [
          { id = "leics", name = "Leicestershire County Council", base_url = "https://democracy.leics.gov.uk/" },
          { id = "york", name = "City of York Council", base_url = "https://democracy.york.gov.uk/", colour = "red" },
        ]
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        """
        let expected = [
            "/etc/agenda-sync/agenda-sync.toml:3: source[1].colour: unknown key `colour` in [[source]]",
        ]
        #expect(errorLines(text) == expected)
        #expect(errorLines(text.split(separator: "\n").joined(separator: "\r\n")) == expected)
    }

    @Test func byteOrderMarkAndSpacedHeaders() {
        #expect(errorLines("\u{FEFF}" + """
        [ daemon ]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [[ source ]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        notify_existing = 1
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:7: source[0].notify_existing: must be true or false, not an integer",
        ])
    }
}

import AgendaConfig
import Testing

@Suite("Durations")
struct ConfigDurationTests {
    @Test(arguments: [
        ("90s", 90), ("15m", 900), ("1h", 3_600), ("2d", 172_800), ("1h30m", 5_400), ("1d12h", 129_600),
        ("2d3h4m5s", 183_845), ("365d", 31_536_000),
    ])
    func parses(text: String, seconds: Int) throws {
        let duration = try ConfigDuration(parsing: text)
        #expect(duration.seconds == seconds)
        #expect(duration.duration == .seconds(seconds))
    }

    @Test func canonicalDescription() throws {
        #expect(try ConfigDuration(parsing: "90s").description == "1m30s")
        #expect(try ConfigDuration(parsing: "1h30m").description == "1h30m")
        #expect(ConfigDuration(seconds: 86_400)?.description == "1d")
        #expect(ConfigDuration(seconds: 0) == nil)
        #expect(ConfigDuration(seconds: -1) == nil)
    }

    @Test(arguments: [
        ("0m", "\"0m\" is zero; a duration must be positive"),
        ("-5m", "\"-5m\" is negative; a duration must be positive"),
        ("30", "\"30\" has no unit; write \"30s\", \"30m\", \"30h\" or \"30d\""),
        ("1.5h", "\"1.5h\": fractions are not allowed; use a smaller unit, e.g. \"1h30m\" instead of \"1.5h\""),
        ("5x", "\"5x\": unknown unit \"x\"; use s, m, h or d (write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\")"),
        ("30m1h", "\"30m1h\": put larger units first and each unit once, e.g. \"1h30m\""),
        ("1h1h", "\"1h1h\": put larger units first and each unit once, e.g. \"1h30m\""),
        ("h", "\"h\" is not a duration; write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\""),
        ("1h 30m", "\"1h 30m\" is not a duration; write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\""),
        ("", "empty duration; write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\""),
        ("99999999999999999d", "\"99999999999999999d\" is too long"),
        ("15M", "\"15M\": unknown unit \"M\"; use s, m, h or d (write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\")"),
    ])
    func rejects(text: String, message: String) {
        #expect(performing: { try ConfigDuration(parsing: text) },
                throws: { ($0 as? ConfigDuration.ParseError)?.description == message })
    }

    @Test func badDurationsInAConfig() {
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        interval = "0m"
        window = { past = "-1d", future = "a year" }

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        interval = "15"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:3: daemon.interval: \"0m\" is zero; a duration must be positive",
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.window.past: \"-1d\" is negative; a duration must be positive",
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.window.future: \"a year\" is not a duration; write e.g. \"90s\", \"15m\", \"1h\", \"2d\" or \"1h30m\"",
            "/etc/agenda-sync/agenda-sync.toml:10: source[0].interval: \"15\" has no unit; write \"15s\", \"15m\", \"15h\" or \"15d\"",
        ])
    }
}

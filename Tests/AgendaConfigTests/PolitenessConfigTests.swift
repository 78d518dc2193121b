import AgendaConfig
import Testing

@Suite("Politeness settings")
struct PolitenessConfigTests {
    @Test func defaults() throws {
        let daemon = try parseValid(minimalPrefix).daemon
        #expect(daemon.maxConnectionsPerHost == 1)
        #expect(daemon.requestSpacing == ConfigDuration(milliseconds: 1_000)!)
        #expect(daemon.robotsCache.seconds == 24 * 3_600)
        #expect(daemon.backoffBase.seconds == 60)
        #expect(daemon.backoffCap.seconds == 6 * 3_600)
        #expect(try parseValid(minimalPrefix).sources[0].requestSpacing == nil)
    }

    @Test func everyKeySet() throws {
        let config = try parseValid(minimalPrefix.replacingFirst("[daemon]\n", with: """
            [daemon]
            max_connections_per_host = 2
            request_spacing = "2s500ms"
            robots_cache = "12h"
            backoff_base = "30s"
            backoff_cap = "2h"

            """) + "request_spacing = \"5s\"\n")
        #expect(config.daemon.maxConnectionsPerHost == 2)
        #expect(config.daemon.requestSpacing.milliseconds == 2_500)
        #expect(config.daemon.robotsCache.seconds == 12 * 3_600)
        #expect(config.daemon.backoffBase.seconds == 30)
        #expect(config.daemon.backoffCap.seconds == 7_200)
        #expect(config.sources[0].requestSpacing == ConfigDuration(milliseconds: 5_000)!)
    }

    @Test(arguments: [("1s", 1_000), ("500ms", 500), ("1s500ms", 1_500), ("1m", 60_000), ("50ms", 50), ("1ms", 1)])
    func spacingParses(text: String, milliseconds: Int) throws {
        #expect(try ConfigDuration(parsing: text, allowingMilliseconds: true).milliseconds == milliseconds)
    }

    @Test func spacingDescription() {
        #expect(ConfigDuration(milliseconds: 1_500)!.description == "1s500ms")
        #expect(ConfigDuration(milliseconds: 60_000)!.description == "1m")
        #expect(ConfigDuration(milliseconds: 50)!.description == "50ms")
        #expect(ConfigDuration(milliseconds: 0) == nil)
        #expect(ConfigDuration(milliseconds: -3) == nil)
    }

    @Test(arguments: [
        ("0ms", "\"0ms\" is zero; a duration must be positive"),
        ("2m", "\"2m\" is longer than the maximum, \"1m\"; the wait must stay short"),
        ("5h", "\"5h\" is longer than the maximum, \"1m\"; the wait must stay short"),
        ("1.5s", "\"1.5s\": fractions are not allowed; use a smaller unit, e.g. \"1s500ms\" instead of \"1.5s\""),
        ("500", "\"500\" has no unit; write \"500s\" or \"500ms\""),
        ("5x", "\"5x\": unknown unit \"x\"; use d, h, m, s or ms (write e.g. \"1s\", \"500ms\" or \"2s500ms\")"),
        ("500ms1s", "\"500ms1s\": put larger units first and each unit once, e.g. \"1h30m\""),
        ("", "empty duration; write e.g. \"1s\", \"500ms\" or \"2s500ms\""),
        ("99999999999999999999s", "\"99999999999999999999s\" is longer than the maximum, \"1m\"; the wait must stay short"),
        ("9223372036854775807s", "\"9223372036854775807s\" is longer than the maximum, \"1m\"; the wait must stay short"),
    ])
    func spacingRejects(text: String, message: String) {
        #expect(performing: {
            try ConfigDuration(parsing: text, allowingMilliseconds: true, maximum: ConfigDuration(milliseconds: 60_000),
                               reason: "the wait must stay short")
        },
                throws: { ($0 as? ConfigDuration.ParseError)?.description == message })
    }

    @Test func invalidValuesAreReportedWithTheirLines() {
        #expect(errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: """
            [daemon]
            max_connections_per_host = 0
            request_spacing = 5
            robots_cache = "2d"
            backoff_base = "1h"
            backoff_cap = "30m"

            """) + "request_spacing = \"0s\"\n") == [
            "/etc/agenda-sync/agenda-sync.toml:2: daemon.max_connections_per_host: 0 is out of range; use 1 to 4 "
                + "(the default, 1, is what a council's web team expects of a polite crawler)",
            "/etc/agenda-sync/agenda-sync.toml:3: daemon.request_spacing: must be a duration string, not an integer "
                + "(write it with a unit, e.g. \"5s\" or \"5ms\")",
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.robots_cache: \"2d\" is longer than the maximum, \"1d\"; RFC 9309 "
                + "says a robots.txt should not be trusted for more than 24 hours",
            "/etc/agenda-sync/agenda-sync.toml:6: daemon.backoff_cap: backoff_cap (\"30m\") must not be shorter than "
                + "backoff_base (\"1h\")",
            "/etc/agenda-sync/agenda-sync.toml:13: source[0].request_spacing: \"0s\" is zero; a duration must be positive",
        ])
    }

    @Test func concurrentCycles() throws {
        #expect(try parseValid(minimalPrefix).daemon.maxConcurrentCycles == 32)
        let set = minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\nmax_concurrent_cycles = 3\n")
        #expect(try parseValid(set).daemon.maxConcurrentCycles == 3)
        for bad in [0, 1_001] {
            #expect(errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\nmax_concurrent_cycles = \(bad)\n")) == [
                "/etc/agenda-sync/agenda-sync.toml:2: daemon.max_concurrent_cycles: \(bad) is out of range; use 1 to 1000 "
                    + "(the default is 32)",
            ])
        }
    }

    @Test func backoffBaseAloneMustStayUnderTheDefaultCap() {
        #expect(errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\nbackoff_base = \"7h\"\n")) == [
            "/etc/agenda-sync/agenda-sync.toml:2: daemon.backoff_base: backoff_cap (\"6h\") must not be shorter than "
                + "backoff_base (\"7h\")",
        ])
        #expect(errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\nbackoff_cap = \"2d\"\n")) == [
            "/etc/agenda-sync/agenda-sync.toml:2: daemon.backoff_cap: \"2d\" is longer than the maximum, \"1d\"; a council "
                + "is tried again at least once a day",
        ])
    }

    @Test func aMisspelledKeyGetsASuggestion() {
        let lines = errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\nrequest_spaceing = \"1s\"\n"))
        #expect(lines.count == 1)
        #expect(lines.first?.contains("did you mean `request_spacing`") == true, "\(lines)")
    }
}

import AgendaConfig
import Testing

@Suite("Per-source re-check tiers")
struct RecheckConfigTests {
    @Test func omittedTiersKeepTheDaemonDefaults() throws {
        #expect(try parseValid(minimalPrefix).sources[0].recheck == .none)
    }

    @Test func aSourceSetsItsOwnTiers() throws {
        let config = try parseValid(minimalPrefix + """
            upcoming_horizon = "7d"
            recheck_later = "12h"
            recheck_past = "1h"

            """)
        #expect(config.sources[0].recheck == RecheckOverrides(upcomingHorizon: ConfigDuration(seconds: 7 * 86_400),
                                                              later: ConfigDuration(seconds: 12 * 3_600),
                                                              past: ConfigDuration(seconds: 3_600)))
    }

    @Test func aBadTierNamesItsLineAndKey() throws {
        let error = try #require(parseError(minimalPrefix + "recheck_past = \"soon\"\n"))
        #expect(error.issues.contains { $0.keyPath?.description == "source[0].recheck_past" })
    }
}

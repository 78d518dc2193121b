import AgendaConfig
import Testing

/// Every duration key has a maximum: a value over it (such as the largest Int64 of seconds, which
/// once passed and crashed the daemon) is an error naming file, line, key and the maximum.
@Suite("Duration maximums")
struct DurationLimitTests {
    static let file = "/etc/agenda-sync/agenda-sync.toml"

    @Test func theLargestInt64OfSecondsIsRefusedEverywhere() {
        let huge = "\"9223372036854775807s\""
        #expect(errorLines("""
            [daemon]
            user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
            interval = \(huge)
            window = { past = \(huge), future = \(huge) }
            robots_cache = \(huge)
            backoff_base = \(huge)
            backoff_cap = \(huge)
            request_spacing = \(huge)

            [[source]]
            id = "leics"
            name = "Leicestershire County Council"
            base_url = "https://democracy.leics.gov.uk/"
            interval = \(huge)
            request_spacing = \(huge)
            upcoming_horizon = \(huge)
            recheck_later = \(huge)
            recheck_past = \(huge)
            """) == [
            "\(Self.file):3: daemon.interval: \(huge) is longer than the maximum, \"7d\"; a council polled less than "
                + "weekly would miss agendas published a week before the meeting",
            "\(Self.file):4: daemon.window.past: \(huge) is longer than the maximum, \"3650d\"; ten years either side "
                + "of today covers every listed meeting",
            "\(Self.file):4: daemon.window.future: \(huge) is longer than the maximum, \"3650d\"; ten years either side "
                + "of today covers every listed meeting",
            "\(Self.file):5: daemon.robots_cache: \(huge) is longer than the maximum, \"1d\"; RFC 9309 says a "
                + "robots.txt should not be trusted for more than 24 hours",
            "\(Self.file):6: daemon.backoff_base: \(huge) is longer than the maximum, \"1d\"; a council is tried again "
                + "at least once a day",
            "\(Self.file):7: daemon.backoff_cap: \(huge) is longer than the maximum, \"1d\"; a council is tried again "
                + "at least once a day",
            "\(Self.file):8: daemon.request_spacing: \(huge) is longer than the maximum, \"1m\"; requests wait for "
                + "their turn and the wait must stay short",
            "\(Self.file):14: source[0].interval: \(huge) is longer than the maximum, \"7d\"; a council polled less "
                + "than weekly would miss agendas published a week before the meeting",
            "\(Self.file):15: source[0].request_spacing: \(huge) is longer than the maximum, \"1m\"; requests wait "
                + "for their turn and the wait must stay short",
            "\(Self.file):16: source[0].upcoming_horizon: \(huge) is longer than the maximum, \"365d\"; meetings "
                + "further ahead than a year rarely change",
            "\(Self.file):17: source[0].recheck_later: \(huge) is longer than the maximum, \"30d\"; a page not read "
                + "for a month would miss its minutes",
            "\(Self.file):18: source[0].recheck_past: \(huge) is longer than the maximum, \"30d\"; a page not read "
                + "for a month would miss its minutes",
        ])
    }

    /// The largest value of each key is accepted (the daemon test runs with them).
    @Test func eachMaximumItselfIsAccepted() throws {
        let config = try parseValid("""
            [daemon]
            user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
            interval = "7d"
            window = { past = "3650d", future = "3650d" }
            robots_cache = "24h"
            backoff_base = "1d"
            backoff_cap = "1d"
            request_spacing = "1m"

            [[source]]
            id = "leics"
            name = "Leicestershire County Council"
            base_url = "https://democracy.leics.gov.uk/"
            upcoming_horizon = "365d"
            recheck_later = "30d"
            recheck_past = "30d"
            """)
        #expect(config.daemon.interval.seconds == 7 * 86_400)
        #expect(config.daemon.window.future.seconds == 3_650 * 86_400)
        #expect(config.daemon.requestSpacing.milliseconds == 60_000)
        #expect(config.sources[0].interval == config.daemon.interval)
        #expect(config.sources[0].recheck.upcomingHorizon?.seconds == 365 * 86_400)
    }
}

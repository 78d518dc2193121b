import AgendaConfig
import AgendaModel
import Testing

/// `Config/agenda-sync.toml` is what admins copy: it must load as shipped, and its commented-out
/// examples must load too once their "#" is removed.
@Suite("The shipped example config")
struct ExampleConfigTests {
    static let path = repositoryRoot() + "/Config/agenda-sync.toml"

    @Test func loadsAsShipped() throws {
        let config = try ConfigLoader.load(path: Self.path)

        #expect(config.daemon == DaemonConfiguration(
            database: "/var/lib/agenda-sync/agenda-sync.sqlite",
            userAgent: "agenda-sync/1.0 (+mailto:admin@example.org)",
            mailFrom: "Agenda alerts <alerts@example.org>",
            interval: ConfigDuration(seconds: 30 * 60)!,
            window: RecheckWindow(past: ConfigDuration(seconds: 60 * 86_400)!, future: ConfigDuration(seconds: 365 * 86_400)!),
            maxPageBytes: 8_388_608,
            proxy: nil,
            maxConnectionsPerHost: 1,
            requestSpacing: ConfigDuration(milliseconds: 1_000)!,
            robotsCache: ConfigDuration(seconds: 24 * 3_600)!,
            backoffBase: ConfigDuration(seconds: 60)!,
            backoffCap: ConfigDuration(seconds: 6 * 3_600)!))

        #expect(config.sources == [SourceConfiguration(
            id: "leics", name: "Leicestershire County Council", baseURL: "https://democracy.leics.gov.uk/",
            committees: [1043], interval: ConfigDuration(seconds: 15 * 60)!, notifyExisting: false,
            recheck: RecheckOverrides(upcomingHorizon: ConfigDuration(seconds: 14 * 86_400)!,
                                      later: ConfigDuration(seconds: 6 * 3_600)!,
                                      past: ConfigDuration(seconds: 3 * 3_600)!))])

        #expect(config.subscriptions == [SubscriptionConfiguration(
            id: "audit", channel: .file(FileChannelSettings(path: "/var/lib/agenda-sync/notices.jsonl")))])
    }

    /// Removes the "#" from commented-out settings (`#key = …`, `#[[subscription]]`) and turns
    /// `## text` into a comment, leaving prose comments (`# text`) alone.
    static func uncommented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("##") { return String(line.dropFirst()) }
            if line.hasPrefix("#"), let second = line.dropFirst().first, second != " " { return String(line.dropFirst()) }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test func commentedExamplesAreValid() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let config = try parseValid(Self.uncommented(text), path: Self.path)

        #expect(config.daemon.proxy == "http://proxy.example:3128")
        #expect(config.daemon.smtp == SMTPRelayConfiguration(url: "smtp://mail.example.org:587",
                                                             authFile: "/etc/agenda-sync/smtp.auth", tls: .startTLS))
        #expect(config.sources[0].requestSpacing == ConfigDuration(milliseconds: 5_000)!)
        #expect(config.daemon.calendarDuration == ConfigDuration(seconds: 2 * 3_600)!)
        #expect(config.subscriptions.map(\.id) == ["audit", "newsroom", "jane", "leics-calendar", "leics-feed"])
        #expect(config.subscriptions[1] == SubscriptionConfiguration(
            id: "newsroom",
            channel: .webhook(WebhookChannelSettings(url: "https://newsroom.example/hooks/agenda",
                                                     secretFile: "/etc/agenda-sync/newsroom.secret", allowPrivate: false)),
            filter: SubscriptionFilter(events: [.meetingNew, .meetingCancelled, .documentAdded, .minutesPublished])))
        #expect(config.subscriptions[2] == SubscriptionConfiguration(
            id: "jane",
            channel: .email(EmailChannelSettings(to: "Jane Doe <jane@example.org>", spool: "/var/spool/agenda-sync/mail",
                                                 digest: .daily, digestAt: DigestTime(hour: 7, minute: 0)!,
                                                 unsubscribeURL: "mailto:agenda-unsubscribe@example.org?subject=jane")),
            filter: SubscriptionFilter(sources: ["leics"], committees: ["leics/1043"], keywords: ["SEND", "school places"])))
        #expect(config.subscriptions[3] == SubscriptionConfiguration(
            id: "leics-calendar",
            channel: .calendar(CalendarChannelSettings(path: "/var/www/agenda-sync/leics-cfos.ics",
                                                       title: "Leicestershire: Children and Families scrutiny")),
            filter: SubscriptionFilter(committees: ["leics/1043"])))
        #expect(config.subscriptions[4] == SubscriptionConfiguration(
            id: "leics-feed",
            channel: .atom(AtomChannelSettings(path: "/var/www/agenda-sync/leics.atom",
                                               title: "Leicestershire council meetings: what changed",
                                               feedURL: "https://alerts.example.org/feeds/leics.atom", entries: 100))))
    }

    @Test func documentsEveryKey() throws {
        let text = Self.uncommented(try String(contentsOfFile: Self.path, encoding: .utf8))
        let keys = ["database", "user_agent", "mail_from", "interval", "window", "past", "future", "max_page_bytes", "proxy",
                    "max_connections_per_host", "request_spacing", "robots_cache", "backoff_base", "backoff_cap",
                    "id", "name", "base_url", "committees", "notify_existing", "channel", "path", "url", "secret_file",
                    "allow_private", "events", "to", "spool", "sources", "keywords", "digest", "unsubscribe_url",
                    "smtp_url", "smtp_auth_file", "smtp_tls", "digest_at", "calendar_duration", "title", "feed_url",
                    "entries", "log_retention", "outbox_retention", "page_retention", "max_concurrent_cycles"]
        for key in keys {
            #expect(text.contains("\n\(key) = ") || text.contains(" \(key) = "), "no example of \(key)")
        }
    }
}

import AgendaConfig
import AgendaModel
import Testing

@Suite("A config that sets every key")
struct FullConfigTests {
    let config: AgendaConfiguration

    init() throws {
        config = try ConfigLoader.load(path: fixturePath("full.toml"))
    }

    @Test func daemonSettings() throws {
        let daemon = config.daemon
        #expect(daemon.database == "/srv/agenda/state.sqlite")
        #expect(daemon.userAgent == "agenda-sync/1.0 (+https://civic.example/agenda-bot; ops@civic.example)")
        #expect(daemon.mailFrom == "Agenda alerts <alerts@civic.example>")
        #expect(daemon.interval.seconds == 5_400)
        #expect(daemon.interval.description == "1h30m")
        #expect(daemon.window.past.seconds == 30 * 86_400)
        #expect(daemon.window.future.seconds == 2 * 86_400 + 12 * 3_600)
        #expect(daemon.maxPageBytes == 4_194_304)
        #expect(daemon.proxy == "socks5h://127.0.0.1:1080")
    }

    @Test func sources() throws {
        #expect(config.sources.map(\.id) == ["leics", "york_2"])
        let leics = try #require(config.source(id: "leics"))
        #expect(leics.name == "Leicestershire County Council")
        #expect(leics.baseURL == "https://democracy.leics.gov.uk/")  // scheme and host lower-cased, "/" added
        #expect(leics.committees == [1043, 1044])                     // duplicate dropped
        #expect(leics.interval.seconds == 15 * 60)
        #expect(leics.notifyExisting)
        #expect(leics.watches(committee: 1044))
        #expect(!leics.watches(committee: 7))

        let york = try #require(config.source(id: "york_2"))
        #expect(york.baseURL == "https://democracy.york.gov.uk/moderngov/")
        #expect(york.committees == nil)
        #expect(york.interval == config.daemon.interval)               // inherits [daemon] interval
        #expect(!york.notifyExisting)
        #expect(york.watches(committee: 7))
    }

    @Test func fileSubscriptionResolvesRelativePathAgainstTheConfigDirectory() throws {
        let audit = try #require(config.subscription(id: "audit"))
        let directory = fixturePath("full.toml").split(separator: "/").dropLast().joined(separator: "/")
        #expect(audit.channel == .file(FileChannelSettings(path: "/" + directory + "/notices/all.jsonl")))
        #expect(audit.filter == .everything)
    }

    @Test func webhookSubscription() throws {
        let newsroom = try #require(config.subscription(id: "newsroom"))
        #expect(newsroom.channel == .webhook(WebhookChannelSettings(
            url: "http://127.0.0.1:8080/hooks/agenda", secretFile: "/etc/agenda-sync/newsroom.secret", allowPrivate: true)))
        #expect(newsroom.channel.name == "webhook")
        #expect(newsroom.filter == SubscriptionFilter(events: [.meetingNew, .documentAdded, .minutesPublished]))
    }

    @Test func emailSubscription() throws {
        let jane = try #require(config.subscription(id: "jane"))
        #expect(jane.channel == .email(EmailChannelSettings(
            to: "Jane Doe <jane@example.org>", spool: "/var/spool/agenda-sync/mail", digest: .hourly,
            unsubscribeURL: "https://civic.example/unsubscribe?u=jane")))
        #expect(jane.filter == SubscriptionFilter(sources: ["leics", "york_2"], committees: ["leics/1043", "york_2/7"],
                                                  keywords: ["SEND", "school places"]))
        #expect(config.subscriptionTargets.map(\.id) == ["audit", "newsroom", "jane"])
        #expect(config.subscriptionTargets[2].filter == jane.filter)
    }
}

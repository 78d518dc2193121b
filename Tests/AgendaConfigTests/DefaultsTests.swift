import AgendaConfig
import AgendaModel
import Testing

@Suite("Defaults")
struct DefaultsTests {
    @Test func omittedKeysGetTheirDefaults() throws {
        let config = try parseValid(minimalPrefix)
        #expect(config.daemon.database == "/var/lib/agenda-sync/agenda-sync.sqlite")
        #expect(config.daemon.mailFrom == nil)
        #expect(config.daemon.interval.seconds == 30 * 60)
        #expect(config.daemon.window.past.seconds == 60 * 86_400)
        #expect(config.daemon.window.future.seconds == 365 * 86_400)
        #expect(config.daemon.maxPageBytes == 8 * 1024 * 1024)
        #expect(config.daemon.proxy == nil)

        let source = try #require(config.sources.first)
        #expect(source.committees == nil)
        #expect(source.interval.seconds == 30 * 60)
        #expect(!source.notifyExisting)
        #expect(config.subscriptions.isEmpty)
    }

    @Test func aSourceInheritsTheDaemonInterval() throws {
        let config = try parseValid(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\ninterval = \"2h\"\n"))
        #expect(config.sources[0].interval.seconds == 7_200)
    }

    @Test func windowMayGiveOnlyOneSide() throws {
        let config = try parseValid(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\nwindow = { future = \"30d\" }\n"))
        #expect(config.daemon.window.past.seconds == 60 * 86_400)
        #expect(config.daemon.window.future.seconds == 30 * 86_400)
    }

    @Test func subscriptionDefaults() throws {
        let config = try parseValid("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        mail_from = "alerts@example.org"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"

        [[subscription]]
        id = "hook"
        channel = "webhook"
        url = "https://newsroom.example/hooks/agenda"
        secret_file = "/etc/agenda-sync/newsroom.secret"

        [[subscription]]
        id = "mail"
        channel = "email"
        to = "jane@example.org"
        spool = "/var/spool/agenda-sync/mail"
        """)
        #expect(config.subscriptions[0].channel == .webhook(WebhookChannelSettings(
            url: "https://newsroom.example/hooks/agenda", secretFile: "/etc/agenda-sync/newsroom.secret", allowPrivate: false)))
        #expect(config.subscriptions[1].channel == .email(EmailChannelSettings(
            to: "jane@example.org", spool: "/var/spool/agenda-sync/mail", digest: nil, unsubscribeURL: nil)))
        #expect(config.subscriptions.allSatisfy { $0.filter == .everything })
    }
}

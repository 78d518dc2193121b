import AgendaConfig
import Testing

/// A channel path must never name a file that is not the channel's own: delivery would write into it.
@Suite("Channel paths: never the database, the config or another subscription's")
struct ChannelPathTests {
    static let head = """
    [daemon]
    database = "/var/lib/agenda-sync/agenda.sqlite"
    user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
    mail_from = "alerts@example.org"

    [[source]]
    id = "leics"
    name = "Leicestershire County Council"
    base_url = "https://democracy.leics.gov.uk/"

    """

    func file(_ id: String, _ path: String) -> String {
        "[[subscription]]\nid = \"\(id)\"\nchannel = \"file\"\npath = \"\(path)\"\n"
    }

    func spool(_ id: String, _ path: String) -> String {
        "[[subscription]]\nid = \"\(id)\"\nchannel = \"email\"\nto = \"jane@example.org\"\nspool = \"\(path)\"\n"
    }

    @Test func aNoticeFileThatIsTheDatabaseIsRefused() {
        #expect(errorLines(Self.head + file("all", "/var/lib/agenda-sync/agenda.sqlite")) == [
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].path: the notice file \"/var/lib/agenda-sync/agenda.sqlite\" "
                + "is the database (/var/lib/agenda-sync/agenda.sqlite); notices must go to a file of their own",
        ])
        // Written another way, relative to the config, or as its WAL or shared-memory file.
        #expect(errorLines(Self.head + file("all", "/var/lib//agenda-sync/./x/../agenda.sqlite")).count == 1)
        let relative = """
            [daemon]
            database = "state/agenda.sqlite"
            user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
            [[source]]
            id = "leics"
            name = "Leicestershire County Council"
            base_url = "https://democracy.leics.gov.uk/"

            """
        #expect(errorLines(relative + file("all", "/etc/agenda-sync/state/agenda.sqlite")).count == 1)
        #expect(errorLines(Self.head + file("all", "/var/lib/agenda-sync/agenda.sqlite-wal")) == [
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].path: the notice file \"/var/lib/agenda-sync/agenda.sqlite-wal\" "
                + "is the database's WAL file (/var/lib/agenda-sync/agenda.sqlite-wal); notices must go to a file of their own",
        ])
        #expect(errorLines(Self.head + file("all", "/var/lib/agenda-sync/agenda.sqlite-shm")).count == 1)
    }

    @Test func aSpoolOrFileThatIsTheConfigOrASecretIsRefused() {
        #expect(errorLines(Self.head + spool("jane", "/etc/agenda-sync/agenda-sync.toml")) == [
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].spool: the spool \"/etc/agenda-sync/agenda-sync.toml\" "
                + "is this config file (/etc/agenda-sync/agenda-sync.toml); notices must go to a folder of their own",
        ])
        #expect(errorLines(Self.head + file("all", "agenda-sync.toml")).count == 1)
        #expect(errorLines(Self.head + spool("jane", "/var/lib/agenda-sync/agenda.sqlite/mail")) == [
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].spool: the spool \"/var/lib/agenda-sync/agenda.sqlite/mail\" "
                + "lies inside the database (/var/lib/agenda-sync/agenda.sqlite); notices must go to a folder of their own",
        ])
        let hook = """
            [[subscription]]
            id = "hook"
            channel = "webhook"
            url = "https://hooks.example.org/agenda"
            secret_file = "hook.secret"

            """
        #expect(errorLines(Self.head + hook + file("all", "/etc/agenda-sync/hook.secret")) == [
            "/etc/agenda-sync/agenda-sync.toml:18: subscription[1].path: the notice file \"/etc/agenda-sync/hook.secret\" "
                + "is the secret_file of subscription \"hook\" (/etc/agenda-sync/hook.secret); notices must go to a file of their own",
        ])
    }

    @Test func twoSubscriptionsCannotShareAPath() {
        #expect(errorLines(Self.head + file("a", "/var/lib/agenda-sync/notices.jsonl") + file("b", "/var/lib/agenda-sync/notices.jsonl")) == [
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[1].path: the notice file \"/var/lib/agenda-sync/notices.jsonl\" "
                + "is also the path of subscription \"a\" (line 13); each subscription needs a path of its own",
        ])
        // A notice file inside a spool would be sent as mail; a spool inside another one is mixed up with it.
        #expect(errorLines(Self.head + spool("jane", "/var/spool/agenda-sync/jane") + file("all", "/var/spool/agenda-sync/jane/new/x")).count == 1)
        #expect(errorLines(Self.head + spool("jane", "/var/spool/agenda-sync") + spool("john", "/var/spool/agenda-sync/john")).count == 1)
    }

    @Test func emailSubscriptionsMayShareASpool() throws {
        let config = try parseValid(Self.head + spool("jane", "/var/spool/agenda-sync/mail")
            + spool("john", "/var/spool/agenda-sync//mail/"))
        #expect(config.subscriptions.count == 2)
    }

    @Test func pathsOfTheirOwnPass() throws {
        let config = try parseValid(Self.head + file("all", "/var/lib/agenda-sync/notices.jsonl")
            + file("kent", "/var/lib/agenda-sync/agenda.sqlite.jsonl") + spool("jane", "/var/spool/agenda-sync/jane")
            + spool("john", "/var/spool/agenda-sync/john"))
        #expect(config.subscriptions.count == 4)
    }
}

import AgendaConfig
import Testing

@Suite("Delivery settings: SMTP relay and digest time")
struct DeliveryConfigTests {
    static let head = """
    [daemon]
    user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
    mail_from = "alerts@example.org"
    """
    static let source = """
    [[source]]
    id = "leics"
    name = "Leicestershire County Council"
    base_url = "https://democracy.leics.gov.uk/"
    """

    func email(_ extra: String) -> String {
        """
        \(Self.head)
        \(Self.source)
        [[subscription]]
        id = "jane"
        channel = "email"
        to = "jane@example.org"
        spool = "/var/spool/agenda-sync/mail"
        \(extra)
        """
    }

    @Test func smtpRelaySettings() throws {
        let config = try parseValid("""
        \(Self.head)
        smtp_url = "smtps://mail.example.org"
        smtp_auth_file = "smtp.auth"
        \(Self.source)
        """)
        #expect(config.daemon.smtp == SMTPRelayConfiguration(url: "smtps://mail.example.org",
                                                             authFile: "/etc/agenda-sync/smtp.auth", tls: .startTLS))
        let plain = try parseValid("""
        \(Self.head)
        smtp_url = "smtp://127.0.0.1:2525"
        smtp_tls = "none"
        \(Self.source)
        """)
        #expect(plain.daemon.smtp == SMTPRelayConfiguration(url: "smtp://127.0.0.1:2525", authFile: nil, tls: .none))
        #expect(try parseValid("\(Self.head)\n\(Self.source)").daemon.smtp == nil)
    }

    @Test func badSMTPSettings() {
        #expect(errorLines("""
        \(Self.head)
        smtp_url = "http://mail.example.org"
        smtp_tls = "ssl"
        \(Self.source)
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.smtp_url: must be an SMTP relay URL such as \"smtp://mail.example.org:587\" or \"smtps://mail.example.org\"; scheme \"http\" is not smtp or smtps",
            "/etc/agenda-sync/agenda-sync.toml:5: daemon.smtp_tls: \"ssl\" is not a TLS mode; use \"starttls\" (default) or \"none\" (for smtps:// URLs TLS is always on)",
        ])
        #expect(errorLines("""
        \(Self.head)
        smtp_url = "smtp://user:secret@mail.example.org"
        \(Self.source)
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.smtp_url: must not contain a user name or password; put them in smtp_auth_file",
        ])
        #expect(errorLines("""
        \(Self.head)
        smtp_auth_file = "/etc/agenda-sync/smtp.auth"
        \(Self.source)
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.smtp_auth_file: is only used with `smtp_url`; set `smtp_url` or remove it",
        ])
    }

    @Test func digestTime() throws {
        let config = try parseValid(email("digest = \"hourly\"\ndigest_at = \"9:15\""))
        guard case .email(let settings) = config.subscriptions[0].channel else {
            Issue.record("not an email subscription")
            return
        }
        #expect(settings.digest == .hourly)
        #expect(settings.digestAt == DigestTime(hour: 9, minute: 15))
        #expect(settings.digestAt.description == "09:15")

        let defaulted = try parseValid(email("digest = \"daily\""))
        guard case .email(let daily) = defaulted.subscriptions[0].channel else { return }
        #expect(daily.digestAt == DigestTime.default)
    }

    @Test func badDigestTime() {
        #expect(errorLines(email("digest = \"daily\"\ndigest_at = \"25:00\"")) == [
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].digest_at: \"25:00\" is not a time of day; write it as \"HH:MM\" (UK time), e.g. \"07:30\"",
        ])
        #expect(errorLines(email("digest_at = \"07:00\"")) == [
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].digest_at: is only used with `digest = \"daily\"` or `\"hourly\"`; add `digest` or remove `digest_at`",
        ])
        #expect(DigestTime("7:5") == nil)
        #expect(DigestTime("07:60") == nil)
        #expect(DigestTime("x7:00") == nil)
    }

    /// What the email channel could not put in a header is refused at load, not on every delivery round.
    @Test func addressesAndUnsubscribeURLsTheMailChannelCannotUse() {
        let lines = errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        mail_from = "Alerts <alerts@exämple.org>"
        \(Self.source)
        [[subscription]]
        id = "jane"
        channel = "email"
        to = "jané@example.org"
        spool = "/var/spool/agenda-sync/mail"
        unsubscribe_url = "https://alerts.example.org/u/\(String(repeating: "x", count: 1_000))"
        """)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first?.hasPrefix("/etc/agenda-sync/agenda-sync.toml:3: daemon.mail_from: must be an email address such as") == true)
        #expect(lines.first?.contains("the domain must be a dotted DNS name") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains("subscription[0].to: must be an email address") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains("the part before \"@\" may hold only") == true, "\(lines)")
        #expect(lines.last?.contains("subscription[0].unsubscribe_url: cannot go into a List-Unsubscribe header: it is longer than 900 characters") == true,
                "\(lines)")
    }
}

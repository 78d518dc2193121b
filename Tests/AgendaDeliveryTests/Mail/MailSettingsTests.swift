import AgendaCore
import AgendaDelivery
import Testing

@Suite("Mail addresses and settings")
struct MailSettingsTests {
    @Test(arguments: [
        ("Jane Doe <jane@example.org>", "Jane Doe", "jane@example.org"),
        ("jane@example.org", nil, "jane@example.org"),
        ("  <jane@example.org>  ", nil, "jane@example.org"),
        ("\"Doe, Jane\" <jane.doe+alerts@mail.example.org>", "Doe, Jane", "jane.doe+alerts@mail.example.org"),
        ("Siân   Ŵyn <sian@example.cymru>", "Siân Ŵyn", "sian@example.cymru"),
        ("\"Say \\\"hi\\\"\" <a@b.example>", "Say \"hi\"", "a@b.example"),
    ] as [(String, String?, String)])
    func parsesMailboxes(text: String, name: String?, spec: String) throws {
        let address = try MailAddress(parsing: text)
        #expect(address.displayName == name)
        #expect(address.addrSpec == spec)
        #expect(address.domain == String(spec.split(separator: "@")[1]))
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("Jane Doe", "the address needs exactly one \"@\""),
        ("Jane <jane@example.org>\r\nBcc: victim@example.com", "it contains a line break or control character"),
        ("jane@example.org\n", "it contains a line break or control character"),
        ("jane@@example.org", "the address needs exactly one \"@\""),
        ("jane@localhost", "the domain must be a dotted DNS name such as example.org (ASCII; use the xn-- form of an international name)"),
        ("jane@exämple.org", "the domain must be a dotted DNS name such as example.org (ASCII; use the xn-- form of an international name)"),
        ("jane doe@example.org", "the part before \"@\" may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ (ASCII)"),
        (".jane@example.org", "the part before \"@\" may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ (ASCII)"),
        ("Jane jane@example.org>", "\">\" without \"<\""),
    ])
    func refusesWhatIsNotAMailbox(text: String, reason: String) {
        #expect {
            try MailAddress(parsing: text)
        } throws: { error in
            (error as? MailAddressError)?.reason == reason
        }
    }

    @Test func errorsNameTheSettingAndTheValue() {
        #expect {
            try MailSettings(subscriptionID: "jane", from: "alerts", to: "jane@example.org")
        } throws: { error in
            "\(error)" == "mail_from: \"alerts\" is not a mailbox such as \"jane@example.org\" or \"Jane Doe <jane@example.org>\": "
                + "the address needs exactly one \"@\""
        }
        #expect {
            try MailSettings(subscriptionID: "jane", from: "alerts@example.org", to: "Jane <jane@example.org>\nBcc: x@y.org")
        } throws: { error in
            "\(error)" == "to: \"Jane <jane@example.org> Bcc: x@y.org\" is not a mailbox such as \"jane@example.org\" or "
                + "\"Jane Doe <jane@example.org>\": it contains a line break or control character"
        }
    }

    @Test(arguments: [
        ("javascript:alert(1)", "it must be an https:, http: or mailto: URL"),
        ("https://example.org/u/a b", "it must be printable ASCII without spaces, quotes or angle brackets (percent-encode the rest)"),
        ("https://example.org/u/\r\nBcc: x@y.org", "it must be printable ASCII without spaces, quotes or angle brackets (percent-encode the rest)"),
        ("https://example.org/u/>, <mailto:x@y.org", "it must be printable ASCII without spaces, quotes or angle brackets (percent-encode the rest)"),
        ("https://", "it has no host"),
        ("mailto:", "a mailto: URL needs an address"),
        ("https://example.org/" + String(repeating: "a", count: 900), "it is longer than 900 characters"),
    ])
    func refusesUnusableUnsubscribeURLs(url: String, reason: String) {
        #expect {
            try MailSettings(subscriptionID: "jane", from: "alerts@example.org", to: "jane@example.org", unsubscribeURL: url)
        } throws: { error in
            guard case .unsubscribeURL(_, let why)? = error as? MailSettingsError else { return false }
            return why == reason
        }
    }

    @Test func acceptsHTTPSHTTPAndMailtoUnsubscribeURLs() throws {
        for url in ["https://alerts.example.org/u/tok?x=1", "HTTP://alerts.example.org", "mailto:leave@example.org?subject=tok"] {
            let settings = try MailSettings(subscriptionID: "jane", from: "alerts@example.org", to: "jane@example.org",
                                            unsubscribeURL: url)
            #expect(settings.unsubscribeURL == url)
        }
    }
}

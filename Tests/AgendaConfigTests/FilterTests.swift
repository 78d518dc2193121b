import AgendaConfig
import AgendaModel
import Testing

@Suite("Subscription filters")
struct FilterTests {
    /// Two sources (leics watches only committee 1043), then the test's subscription from line 13.
    let prefix = """
    [daemon]
    user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
    [[source]]
    id = "leics"
    name = "Leicestershire County Council"
    base_url = "https://democracy.leics.gov.uk/"
    committees = [1043]
    [[source]]
    id = "york"
    name = "City of York Council"
    base_url = "https://democracy.york.gov.uk/"


    """

    @Test func validFilter() throws {
        let config = try parseValid(prefix + """
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        sources = ["york", "leics", "york"]
        committees = ["leics/1043", "york/007"]
        events = ["item.added", "meeting.venue_changed"]
        keywords = ["SEND"]
        """)
        #expect(config.subscriptions[0].filter == SubscriptionFilter(
            sources: ["york", "leics"], committees: ["leics/1043", "york/7"],
            events: [.itemAdded, .meetingVenueChanged], keywords: ["SEND"]))
    }

    @Test func filterNamingUnknownSources() {
        #expect(errorLines(prefix + """
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        sources = ["leics", "leic", "kent"]
        committees = [
            "leics/1043",
            "leics/1044",
            "kent/5",
            "york-5",
            1043,
        ]
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[0].sources[1]: no [[source]] has id \"leic\" — did you mean \"leics\"?",
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[0].sources[2]: no [[source]] has id \"kent\" (sources: \"leics\", \"york\")",
            "/etc/agenda-sync/agenda-sync.toml:20: subscription[0].committees[1]: \"leics/1044\": source \"leics\" does not watch committee 1044 (its committees: 1043), so this would never match",
            "/etc/agenda-sync/agenda-sync.toml:21: subscription[0].committees[2]: \"kent/5\": no [[source]] has id \"kent\" (sources: \"leics\", \"york\")",
            "/etc/agenda-sync/agenda-sync.toml:22: subscription[0].committees[3]: \"york-5\" must be \"SOURCE/COMMITTEE\" such as \"leics/1043\"",
            "/etc/agenda-sync/agenda-sync.toml:23: subscription[0].committees[4]: must be a string \"SOURCE/COMMITTEE\" such as \"leics/1043\", not an integer",
        ])
    }

    @Test func badEventKinds() {
        #expect(errorLines(prefix + """
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        events = ["meeting.new", "document.add", "everything"]
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[0].events[1]: \"document.add\" is not a change kind — did you mean \"document.added\"?",
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[0].events[2]: \"everything\" is not a change kind; use one of "
                + ChangeKind.allCases.map(\.rawValue).joined(separator: ", "),
        ])
    }

    @Test func emptyListsAreRefused() {
        #expect(errorLines(prefix + """
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        events = []
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[0].events: is empty; omit `events` to match every change",
        ])
    }

    @Test func aSourceWithAnInvalidKeyCanStillBeReferenced() {
        // The source's bad URL is its only error: the subscription naming it is not blamed too.
        #expect(errorLines("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "democracy.leics.gov.uk"
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        sources = ["leics"]
        """).map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == [
            "/etc/agenda-sync/agenda-sync.toml:6: source[0].base_url",
        ])
    }
}

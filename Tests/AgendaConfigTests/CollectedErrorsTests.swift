import AgendaConfig
import Testing

@Suite("Every error at once")
struct CollectedErrorsTests {
    @Test func allErrorsAreReportedInLineOrder() throws {
        let error = try #require(parseError("""
        [daemon]
        user_agent = "agenda-sync/1.0"
        interval = "soon"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "gopher://democracy.leics.gov.uk/"
        committees = [0]

        [[source]]
        id = "leics"
        base_url = "https://democracy.leics.gov.uk/"

        [[subscription]]
        id = "audit"
        channel = "file"
        events = ["minutes.publish"]
        sources = ["leicester"]
        """))
        guard case .invalid(let issues) = error else {
            Issue.record("expected .invalid, got \(error)")
            return
        }
        #expect(issues.map(\.line) == [2, 3, 8, 9, 11, 12, 15, 18, 19])
        #expect(issues.map { $0.keyPath?.description } == [
            "daemon.user_agent", "daemon.interval", "source[0].base_url", "source[0].committees[0]", "source[1].name",
            "source[1].id", "subscription[0].path", "subscription[0].events[0]", "subscription[0].sources[0]",
        ])
        #expect(issues.allSatisfy { $0.file == configPath })
        #expect(error.description == issues.map(\.description).joined(separator: "\n"))
        #expect(issues[0].description == "/etc/agenda-sync/agenda-sync.toml:2: daemon.user_agent: must include a contact, "
            + "a URL or an email address, e.g. \"agenda-sync/1.0 (+mailto:admin@example.org)\", so that a council's "
            + "web team can reach you instead of blocking the crawler")
        #expect(issues[5].message == "duplicate source id \"leics\" (first used on line 6); ids must be unique")
        #expect(issues[8].message == "no [[source]] has id \"leicester\" (sources: \"leics\")")
    }
}

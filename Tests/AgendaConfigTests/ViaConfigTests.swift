import AgendaConfig
import AgendaModel
import Testing

@Suite("[[source]] via")
struct ViaConfigTests {
    @Test func defaultsToTheHTMLPages() throws {
        #expect(try parseValid(minimalPrefix).sources[0].via == .html)
    }

    @Test func readsBothValues() throws {
        #expect(try parseValid(minimalPrefix + "via = \"webservice\"\n").sources[0].via == .webservice)
        #expect(try parseValid(minimalPrefix + "via = \"html\"\n").sources[0].via == .html)
    }

    @Test func anythingElseIsAnErrorOnItsLine() {
        #expect(errorLines(minimalPrefix + "via = \"webservices\"\n") == [
            "/etc/agenda-sync/agenda-sync.toml:8: source[0].via: must be \"html\" or \"webservice\", not \"webservices\" — did you mean \"webservice\"?",
        ])
        #expect(errorLines(minimalPrefix + "via = true\n").count == 1)
    }
}

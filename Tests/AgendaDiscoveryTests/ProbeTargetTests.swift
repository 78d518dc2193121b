import AgendaConfig
import AgendaDiscovery
import Testing

/// What `committees --toml` and `check-source` call a council given by its URL.
@Suite struct ProbeTargetTests {
    @Test func aRegisteredCouncilIsNamedByTheRegistryAndItsIDComesFromTheHost() throws {
        let target = try ProbeTarget(url: "https://democracy.leics.gov.uk/mgListCommittees.aspx")
        #expect(target.baseURL == "https://democracy.leics.gov.uk/")
        #expect(target.sourceID == "leics")
        #expect(target.name == "Leicestershire County Council")
        #expect(target.nameIsKnown && !target.isConfigured)
    }

    @Test func aSharedInstallNamesEveryCouncil() throws {
        let target = try ProbeTarget(url: "https://democracy.adur-worthing.gov.uk/")
        #expect(target.sourceID == "adur-worthing")
        #expect(target.name == "Adur District Council and Worthing Borough Council")
    }

    @Test func anUnknownHostIsNamedByItsHostAndAnAddressGetsAPlainID() throws {
        let unknown = try ProbeTarget(url: "https://committees.example.gov.uk/moderngov/")
        #expect(unknown.baseURL == "https://committees.example.gov.uk/moderngov/")
        #expect(unknown.sourceID == "example")
        #expect(unknown.name == "committees.example.gov.uk")
        #expect(!unknown.nameIsKnown)
        let address = try ProbeTarget(url: "http://127.0.0.1:8080/")
        #expect(address.sourceID == "council")
    }

    @Test func aURLThatCannotBeABaseURLIsRefusedWithCheckConfigsWords() {
        #expect(throws: BaseURLProblem.self) { try ProbeTarget(url: "democracy.example.gov.uk") }
        #expect(throws: BaseURLProblem.self) { try ProbeTarget(url: "ftp://democracy.example.gov.uk/") }
    }
}

import AgendaModel
import ModernGov
import Testing

@Suite struct CommitteeListParserTests {
    @Test func committeeStructure() throws {
        let committees = try CommitteeListParser().parse(Fixture.bytes(Fixture.kingstonStructure), url: Fixture.kingstonStructureURL)
        #expect(committees.count == 30)
        #expect(committees.first == Committee(id: 137, name: "Council"))
        #expect(committees[4] == Committee(id: 711, name: "Kingston and North Kingston Neighbourhood Committee"))
        #expect(committees.contains(Committee(id: 626, name: "Joint Appointments Committee (Kingston & Richmond)")))
        #expect(committees.contains(Committee(id: 726, name: "South West London and Surrey Joint Health Overview and Scrutiny Committee - Sub-Committee")))
        #expect(committees.last == Committee(id: 160, name: "Standing Advisory Council on Religious Education"))
        #expect(Set(committees.map(\.id)).count == 30)
    }

    @Test func duplicatesKeepTheFirstInPageOrder() throws {
        var page = try Fixture.text(Fixture.kingstonStructure)
        page = page.replacingOccurrences(of: "<div class=\"mgHelpLine\" >",
                                         with: "<p><a href=\"mgCommitteeDetails.aspx?ID=711\">Kingston (again)</a></p><div class=\"mgHelpLine\" >")
        let committees = try CommitteeListParser().parse(Array(page.utf8), url: Fixture.kingstonStructureURL)
        #expect(committees.count == 30)
        #expect(committees.first { $0.id == 711 }?.name == "Kingston and North Kingston Neighbourhood Committee")
    }

    @Test func notModernGov() {
        #expect(throws: ModernGovPageError.self) {
            try CommitteeListParser().parse(Fixture.bytes(Fixture.denbighshireStub), url: Fixture.kingstonStructureURL)
        }
    }
}

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

    /// Kingston's real structure page: each committee under its `h2.mgSectionTitle` heading.
    @Test func groupHeadingsOfARealStructurePage() throws {
        let entries = try CommitteeListParser().entries(Fixture.bytes(Fixture.kingstonStructure), url: Fixture.kingstonStructureURL)
        #expect(entries.map(\.committee) == (try CommitteeListParser().parse(Fixture.bytes(Fixture.kingstonStructure),
                                                                           url: Fixture.kingstonStructureURL)))
        var groups: [String] = []
        for group in entries.compactMap(\.group) where groups.last != group { groups.append(group) }
        #expect(groups == ["Council", "Strategic Committees", "Neighbourhood Committees",
                           "Joint Committees (Kingston with other Local Authorities)", "Overview & Scrutiny", "Regulatory",
                           "Governance", "Other meetings"])
        #expect(entries.allSatisfy { $0.group != nil })
        #expect(entries.first { $0.committee.id == 711 }?.group == "Neighbourhood Committees")
        #expect(entries.first { $0.committee.id == 138 }?.group == "Regulatory")
        #expect(entries.last?.group == "Other meetings")
        #expect(entries.filter { $0.group == "Governance" }.map(\.committee.id) == [599, 600, 408, 752])
    }

    @Test func committeesAboveAnyHeadingHaveNoGroup() throws {
        let page = "<html><body><div id=\"modgov\"><div class=\"mgContent\">"
            + "<ul><li><a href=\"mgCommitteeDetails.aspx?ID=5\">Council</a></li></ul>"
            + "<h2 class=\"mgSectionTitle\">Regulatory</h2><ul><li><a href=\"mgCommitteeDetails.aspx?ID=6\">Planning</a></li></ul>"
            + "</div></div></body></html>"
        let entries = try CommitteeListParser().entries(Array(page.utf8), url: Fixture.kingstonStructureURL)
        #expect(entries == [CommitteeListEntry(committee: Committee(id: 5, name: "Council"), group: nil),
                            CommitteeListEntry(committee: Committee(id: 6, name: "Planning"), group: "Regulatory")])
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

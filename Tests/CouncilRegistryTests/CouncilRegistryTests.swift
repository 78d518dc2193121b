import AgendaCore
import CouncilRegistry
import Testing

@Suite struct CouncilRegistryTests {
    @Test func everyCouncilHasAnHTTPBaseURLInConfigFormAndAUniqueName() {
        let councils = CouncilRegistry.all
        #expect(councils.count == 300)
        #expect(Set(councils.map(\.name)).count == councils.count)
        for council in councils {
            #expect(!council.name.isEmpty)
            let url = WebURL(council.baseURL)
            #expect(url?.scheme == "https" || url?.scheme == "http", "\(council.name): \(council.baseURL)")
            // The form a config's base_url is stored in: canonical, ending in "/", no query.
            #expect(url?.string == council.baseURL && council.baseURL.hasSuffix("/") && url?.query == nil,
                    "\(council.name): \(council.baseURL)")
        }
        #expect(councils.map(\.name) == councils.map(\.name).sorted { $0.lowercased() < $1.lowercased() })
    }

    @Test func leicestershireIsListedWithItsBaseURL() {
        let found = CouncilRegistry.search(["leicestershire"])
        #expect(found.contains(Council(name: "Leicestershire County Council", code: "LEC", territory: .england,
                                       baseURL: "https://democracy.leics.gov.uk/")))
        #expect(found.map(\.name) == ["Leicestershire County Council", "North West Leicestershire District Council"])
    }

    @Test(arguments: ["LEICESTERSHIRE", "Léicestershíre", "leicestershire  county", "LEICESTERSHIRE-County"])
    func caseAccentsAndPunctuationDoNotMatter(_ term: String) {
        #expect(CouncilRegistry.search([term]).map(\.name).contains("Leicestershire County Council"), "\(term)")
    }

    @Test func aTermIsMatchedWholeNotWordByWord() {
        #expect(CouncilRegistry.search(["leicester shire"]).isEmpty)
        #expect(CouncilRegistry.search(["county leicestershire"]).isEmpty)
    }

    @Test func punctuationAmpersandsAndApostrophesFoldAway() {
        #expect(CouncilRegistry.search(["Brighton & Hove"]).map(\.name) == ["Brighton and Hove City Council"])
        #expect(CouncilRegistry.search(["stoke on trent"]).map(\.name) == ["Stoke-on-Trent City Council"])
        #expect(CouncilRegistry.search(["Kings Lynn"]).map(\.name) == ["Borough Council of King's Lynn and West Norfolk"])
        #expect(CouncilRegistry.search(["king’s lynn"]).map(\.name) == ["Borough Council of King's Lynn and West Norfolk"])
    }

    @Test func everyTermMustMatch() {
        #expect(CouncilRegistry.search(["north", "leicestershire"]).map(\.name) == ["North West Leicestershire District Council"])
        #expect(CouncilRegistry.search(["leicestershire", "wales"]).isEmpty)
        #expect(CouncilRegistry.search([]).count == CouncilRegistry.all.count)
    }

    @Test func territoriesMatchByNameAndCode() {
        let wales = CouncilRegistry.search(["Wales"])
        #expect(!wales.isEmpty && wales.allSatisfy { $0.territory == .wales })
        #expect(CouncilRegistry.search(["WLS"]) == wales)
        let northernIreland = CouncilRegistry.search(["northern ireland"])
        #expect(!northernIreland.isEmpty && northernIreland.allSatisfy { $0.territory == .northernIreland })
        #expect(Set(CouncilRegistry.all.map(\.territory)) == Set(Territory.allCases))
    }

    @Test func hostsMatchAsTextOrAsAURL() {
        #expect(CouncilRegistry.search(["democracy.leics"]).map(\.name) == ["Leicestershire County Council"])
        #expect(CouncilRegistry.search(["https://democracy.leics.gov.uk/mgListCommittees.aspx"]).map(\.name)
                == ["Leicestershire County Council"])
        // Several councils share an install.
        #expect(CouncilRegistry.search(["http://democracy.adur-worthing.gov.uk/"]).map(\.name)
                == ["Adur District Council", "Worthing Borough Council"])
    }

    @Test func theCouncilsAtAnInstallWhateverTheSchemeOrPage() {
        #expect(CouncilRegistry.councils(at: "http://democracy.leics.gov.uk/").map(\.name) == ["Leicestershire County Council"])
        #expect(CouncilRegistry.councils(at: "https://democracy.leics.gov.uk/ieListMeetings.aspx?CommitteeId=1043").map(\.name)
                == ["Leicestershire County Council"])
        #expect(CouncilRegistry.councils(at: "https://ww5.swindon.gov.uk/moderngov/").map(\.name) == ["Swindon Borough Council"])
        #expect(CouncilRegistry.councils(at: "https://ww5.swindon.gov.uk/").isEmpty, "another install on the same host")
        #expect(CouncilRegistry.councils(at: "https://democracy.example.gov.uk/").isEmpty)
        #expect(CouncilRegistry.councils(at: "not a url").isEmpty)
    }

    @Test(arguments: [
        ("democracy.leics.gov.uk", "leics"), ("www.leics.gov.uk", "leics"), ("aberdeenshire.moderngov.co.uk", "aberdeenshire"),
        ("democracy.adur-worthing.gov.uk", "adur-worthing"), ("ww5.swindon.gov.uk", "swindon"), ("braintree.cmis.uk.com", "braintree"),
        ("business.senedd.wales", "senedd"), ("localhost", "localhost"), ("Democracy.Leics.Gov.UK", "leics"),
    ])
    func theOrganisationLabelOfAHost(_ host: String, _ label: String) {
        #expect(HostLabel.organisation(of: host) == label)
    }

    @Test(arguments: ["127.0.0.1", "[::1]", "10.0.0.7", "gov.uk", "uk"])
    func addressesAndBareSuffixesHaveNoLabel(_ host: String) {
        #expect(HostLabel.organisation(of: host) == nil)
    }

    @Test func councilsUnderAnOrganisationsDomain() {
        #expect(CouncilRegistry.councils(withHostLabel: "leics").map(\.name) == ["Leicestershire County Council"])
        #expect(CouncilRegistry.councils(withHostLabel: "nowhere").isEmpty)
    }
}

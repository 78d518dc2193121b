import AgendaCore
@testable import ModernGov
import Testing

@Suite struct ModernGovSiteTests {
    @Test func builders() throws {
        let site = try #require(ModernGovSite(baseURL: "https://democracy.leics.gov.uk/"))
        #expect(site.baseURL == "https://democracy.leics.gov.uk/")
        #expect(site.committeeStructureURL == "https://democracy.leics.gov.uk/mgCommitteeStructure.aspx")
        #expect(site.committeeListURL == "https://democracy.leics.gov.uk/mgListCommittees.aspx")
        #expect(site.meetingsURL(committeeID: 1043) == "https://democracy.leics.gov.uk/ieListMeetings.aspx?CommitteeId=1043")
        #expect(site.meetingURL(committeeID: 1043, meetingID: 7892) == "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892")
    }

    @Test func subPathBases() throws {
        #expect(ModernGovSite(baseURL: "https://host.example/moderngov/")?.baseURL == "https://host.example/moderngov/")
        #expect(ModernGovSite(baseURL: "https://host.example/moderngov")?.baseURL == "https://host.example/moderngov/")
        #expect(ModernGovSite(baseURL: "https://HOST.example/moderngov/mgCommitteeStructure.aspx?x=1")?.baseURL == "https://host.example/moderngov/")
        #expect(ModernGovSite(baseURL: "https://democracy.leics.gov.uk")?.baseURL == "https://democracy.leics.gov.uk/")
        #expect(ModernGovSite(baseURL: "democracy.leics.gov.uk") == nil)
        #expect(ModernGovSite(baseURL: "ftp://democracy.leics.gov.uk/") == nil)
        let sub = try #require(ModernGovSite(baseURL: "https://host.example/moderngov/"))
        #expect(sub.meetingURL(committeeID: 1, meetingID: 2) == "https://host.example/moderngov/ieListDocuments.aspx?CId=1&MId=2")
    }

    @Test func canonicalURL() {
        #expect(ModernGovSite.canonicalURL("documents/s1/a b.pdf", relativeTo: "https://h.example/x/ieListDocuments.aspx?MId=1")
            == "https://h.example/x/documents/s1/a%20b.pdf")
    }
}

/// Where a document link leads, seen from its meeting page.
@Suite struct DocumentLinkSiteTests {
    func site(_ link: String, page: String = "https://democracy.council.example/ieListDocuments.aspx?CId=1&MId=2") -> DocumentLink.Site? {
        DocumentLink.site(of: WebURL(link)!, page: WebURL(page)!)
    }

    @Test func theCouncilsOwnSite() {
        #expect(site("https://democracy.council.example/documents/s1/a.pdf") == .council)
        #expect(site("http://democracy.council.example/documents/s1/a.pdf") == .council, "the http twin")
        #expect(site("http://127.0.0.1:8080/documents/s1/a.pdf", page: "http://127.0.0.1:8080/ieListDocuments.aspx?MId=1") == .council,
                "a council on a private address keeps its own links")
    }

    @Test func anotherSiteIsExternal() {
        #expect(site("https://www.council.example/docs/a.pdf") == .external)
        #expect(site("https://democracy.council.example:8443/documents/s1/a.pdf") == .external)
        #expect(site("https://8.8.8.8/a.pdf") == .external)
    }

    @Test("another site on a loopback, private or special address is dropped, in every spelling")
    func privateElsewhereIsDropped() {
        for link in ["http://127.0.0.1/a.pdf", "http://2130706433/a.pdf", "http://0x7f.1/a.pdf", "http://127.1/a.pdf",
                     "http://localhost/a.pdf", "http://10.0.0.1/a.pdf", "http://192.168.0.10/a.pdf", "http://169.254.169.254/latest",
                     "http://[::1]/a.pdf", "http://[fd00::1]/a.pdf", "http://192.0.2.1/a.pdf"] {
            #expect(site(link) == nil, "\(link)")
        }
        #expect(site("http://127.0.0.1:9/a.pdf", page: "http://127.0.0.1:8080/ieListDocuments.aspx?MId=1") == nil,
                "another port of the council's own private address is another site")
    }
}

@testable import ModernGov
import Testing

@Suite struct URLNormalizationTests {
    let page = HTTPURL("https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221&Ver=4")!

    func resolve(_ href: String) -> String? { page.resolve(href)?.string }

    @Test func relativeLinksResolve() {
        #expect(resolve("documents/s1/A b.pdf") == "https://moderngov.kingston.gov.uk/documents/s1/A%20b.pdf")
        #expect(resolve("/documents/s1/x.pdf") == "https://moderngov.kingston.gov.uk/documents/s1/x.pdf")
        #expect(resolve("../x/./y/../z.pdf") == "https://moderngov.kingston.gov.uk/x/z.pdf")
        #expect(resolve("//other.example/p") == "https://other.example/p")
        #expect(resolve("?CId=1") == "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=1")
        let sub = HTTPURL("http://www.argyll-bute.gov.uk/moderngov/ieListDocuments.aspx?MId=1")!
        #expect(sub.resolve("documents/s2/x.pdf")?.string == "http://www.argyll-bute.gov.uk/moderngov/documents/s2/x.pdf")
    }

    @Test func onlyHTTPKept() {
        #expect(resolve("mailto:a@b.c") == nil)
        #expect(resolve("javascript:void(0)") == nil)
        #expect(resolve("ftp://x/y") == nil)
        #expect(resolve("HTTPS://Example.ORG:443/a") == "https://example.org/a")
        #expect(resolve("http://example.org:8080/a") == "http://example.org:8080/a")
    }

    @Test func oneCanonicalForm() {
        let forms = ["documents/s1/A b.pdf", "documents/s1/A%20b.pdf", "documents/s1/A%20b.pdf#p=2", " documents/s1/A b.pdf\n", "documents/s1/A\n b.pdf",
                     "https://user@moderngov.kingston.gov.uk/documents/s1/A%20b.pdf", "/(S(abc123))/documents/s1/A b.pdf",
                     "(X(1)S(q1w2e3))/documents/s1/A%20b.pdf", "documents\\s1\\A b.pdf"]
        #expect(Set(forms.map(resolve)) == ["https://moderngov.kingston.gov.uk/documents/s1/A%20b.pdf"])
        #expect(resolve("documents/s1/%7euser%2fx%c3%a9.pdf") == "https://moderngov.kingston.gov.uk/documents/s1/~user%2Fx%C3%A9.pdf")
        #expect(resolve("documents/s1/caf\u{E9} 100%.pdf") == "https://moderngov.kingston.gov.uk/documents/s1/caf%C3%A9%20100%25.pdf")
    }

    @Test func noiseParametersDropped() {
        #expect(resolve("ieListDocuments.aspx?CId=711&MId=10221&Ver=4") == "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221")
        #expect(resolve("mgListCommittees.aspx?bcr=1") == "https://moderngov.kingston.gov.uk/mgListCommittees.aspx")
        #expect(resolve("documents/s1/x.pdf?LLL=0&_=1700000000") == "https://moderngov.kingston.gov.uk/documents/s1/x.pdf")
        #expect(resolve("documents/g1/x.pdf?T=1") == "https://moderngov.kingston.gov.uk/documents/g1/x.pdf?T=1")
    }

    @Test func sessionSegments() {
        #expect(HTTPURL.isSessionSegment(Array("(S(abc123))".utf8)[...]))
        #expect(HTTPURL.isSessionSegment(Array("(X(1)S(abc))".utf8)[...]))
        #expect(HTTPURL.isSessionSegment(Array("%28S%28abc%29%29".utf8)[...]))
        #expect(!HTTPURL.isSessionSegment(Array("(draft)".utf8)[...]))
        #expect(!HTTPURL.isSessionSegment(Array("Report (1).pdf".utf8)[...]))
    }
}

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

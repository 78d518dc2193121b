import AgendaCore
import Testing

/// The canonical form of http(s) URLs: every rule pinned, since stored URLs and content hashes
/// depend on them byte for byte.
@Suite struct CanonicalURLTests {
    let page = WebURL("https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221&Ver=4")!

    func resolve(_ href: String) -> String? { page.resolve(href)?.string }

    @Test func relativeLinksResolve() {
        #expect(resolve("documents/s1/A b.pdf") == "https://moderngov.kingston.gov.uk/documents/s1/A%20b.pdf")
        #expect(resolve("/documents/s1/x.pdf") == "https://moderngov.kingston.gov.uk/documents/s1/x.pdf")
        #expect(resolve("../x/./y/../z.pdf") == "https://moderngov.kingston.gov.uk/x/z.pdf")
        #expect(resolve("//other.example/p") == "https://other.example/p")
        #expect(resolve("?CId=1") == "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=1")
        let sub = WebURL("http://www.argyll-bute.gov.uk/moderngov/ieListDocuments.aspx?MId=1")!
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
        #expect(WebURL.isSessionSegment(Array("(S(abc123))".utf8)[...]))
        #expect(WebURL.isSessionSegment(Array("(X(1)S(abc))".utf8)[...]))
        #expect(WebURL.isSessionSegment(Array("%28S%28abc%29%29".utf8)[...]))
        #expect(!WebURL.isSessionSegment(Array("(draft)".utf8)[...]))
        #expect(!WebURL.isSessionSegment(Array("Report (1).pdf".utf8)[...]))
    }
}

/// Stored strings must not change across an upgrade: these are the exact outputs of the canonical
/// form before it moved into AgendaCore, for inputs that exercise each rule.
@Suite struct CanonicalFormStabilityTests {
    @Test(arguments: [
        ("https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892&Ver=4",
         "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892"),
        ("HTTP://Host.Example.:80/a/(S(x1y2z3))/b.pdf?LLL=0&q=%7e%2f", "http://host.example/a/b.pdf?q=~%2F"),
        ("https://[::1]:443/x", "https://[::1]/x"),
        ("https://[::1]:8443/x?a b", "https://[::1]:8443/x?a%20b"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        ("http://2130706433/p", "http://2130706433/p"),
        ("https://u:p@h.example/%2e%2E/x/./y#frag", "https://h.example/../x/y"),
        ("//h.example/x", "https://h.example/x"),
        ("https://h.example/caf\u{E9}?x=\u{E9}&_=1", "https://h.example/caf%C3%A9?x=%C3%A9"),
        ("https://h.example/a%zz", "https://h.example/a%25zz"),
    ])
    func canonicalStrings(input: String, canonical: String) {
        #expect(WebURL(input)?.string == canonical)
    }

    @Test func notHTTP() {
        for text in ["ftp://h/x", "mailto:a@b.c", "http:relative", "https://", "https://h:99999/",
                     "https://a!b/", "/just/a/path", ""] {
            #expect(WebURL(text) == nil, "\(text)")
        }
    }

    @Test func partsOfTheCanonicalForm() throws {
        let url = try #require(WebURL("https://Host.Example:8443/mg/ieListDocuments.aspx?CId=1&MId=2"))
        #expect(url.scheme == "https" && url.host == "host.example" && url.port == 8443)
        #expect(url.authority == "host.example:8443")
        #expect(url.pathAndQuery == "/mg/ieListDocuments.aspx?CId=1&MId=2")
        #expect(url.directory.string == "https://host.example:8443/mg/")
        #expect(url.lastPathSegment == "ieListDocuments.aspx")
        #expect(url.queryValue(["mid"]) == "2")
        #expect(url.queryValue(["none"]) == nil)
        #expect(WebURL("https://a.example/ieListDocuments.aspx?CId=1&MId=2#top")?.pathAndQuery == "/ieListDocuments.aspx?CId=1&MId=2")
        #expect(WebURL("https://a.example")?.pathAndQuery == "/")
        #expect(WebURL("https://a.example?x=1")?.pathAndQuery == "/?x=1")
        #expect(WebURL("http://127.0.0.1:8080/mg/x.aspx")?.pathAndQuery == "/mg/x.aspx")
        #expect(WebURL("http://[::1]:8080/x")?.bareHost == "::1")
    }
}

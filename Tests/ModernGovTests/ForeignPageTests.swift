import ModernGov
import Testing

/// What a page without ModernGov content is instead: the real error and redirect pages of the
/// fixtures, and the kinds `committees` and `check-source` name for an admin.
@Suite struct ForeignPageTests {
    @Test func sharePointsErrorPageServedWith200() throws {
        let page = ForeignPage(try Fixture.bytes(Fixture.leedsSharePoint))
        #expect(page.kind == .errorPage)
        #expect(page.title == "Error")
        #expect(page.product == "SharePoint")
    }

    @Test func aJavaScriptRedirectStub() throws {
        let page = ForeignPage(try Fixture.bytes(Fixture.denbighshireStub))
        #expect(page.kind == .scriptRedirect)
        #expect(page.lacksHTMLElement)
        #expect(page.title == nil)
    }

    @Test func aChallengeNamesItsVendor() {
        let cloudflare = "<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={cType: 'managed'};</script></body></html>"
        #expect(ForeignPage(Array(cloudflare.utf8)).kind == .botChallenge(vendor: "Cloudflare"))
        let imperva = "<html><body>Request unsuccessful. Incapsula incident ID: 1234-5678</body></html>"
        #expect(ForeignPage(Array(imperva.utf8)).kind == .botChallenge(vendor: "Imperva"))
    }

    /// A weak marker (a CAPTCHA widget) is a challenge on a small page only: a council's main site
    /// may carry one in a contact form.
    @Test func aCaptchaOnABigPageIsNotAChallenge() {
        let small = "<html><head><title>Verify</title></head><body><div class=\"g-recaptcha\"></div></body></html>"
        #expect(ForeignPage(Array(small.utf8)).kind == .botChallenge(vendor: nil))
        let big = "<html><head><title>Contact us | Sampleton Borough Council</title></head><body>"
            + String(repeating: "<p>Council services and how to reach them.</p>\n", count: 2_000)
            + "<form><div class=\"g-recaptcha\"></div></form></body></html>"
        #expect(ForeignPage(Array(big.utf8)).kind == .otherPage)
    }

    @Test func aCMISSiteByItsAddressOrItsMarkup() {
        let plain = Array("<html><head><title>Meetings</title></head><body></body></html>".utf8)
        #expect(ForeignPage(plain, url: "https://braintree.cmis.uk.com/braintree/Meetings.aspx").kind == .cmis)
        #expect(ForeignPage(plain, url: "https://democracy.example.gov.uk/cmis5/Meetings.aspx").kind == .cmis)
        #expect(ForeignPage(plain, url: "https://www.example.gov.uk/meetings").kind == .otherPage)
        let markup = Array("<html><body><a href=\"/Meetings/tabid/70/ctl/ViewCMIS_CommitteeDetails/mid/397/id/8/Default.aspx\">Cabinet</a></body></html>".utf8)
        #expect(ForeignPage(markup).kind == .cmis)
    }

    @Test func aCouncilsMainSiteIsAnotherPageWithItsTitle() {
        let page = ForeignPage(Array("<!DOCTYPE html><html><head><title>Home | Sampleton  Borough Council</title></head><body><h1>Welcome</h1></body></html>".utf8))
        #expect(page.kind == .otherPage)
        #expect(page.title == "Home | Sampleton Borough Council")
    }

    @Test func binaryData() {
        #expect(ForeignPage([UInt8](repeating: 0, count: 1_000)).kind == .binary)
    }
}

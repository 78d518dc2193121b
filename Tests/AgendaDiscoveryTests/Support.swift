import AgendaDiscovery
import AgendaModel
import Foundation
import SampleCouncil
import SampleCouncilTesting
import TestSupport

let testUserAgent = "agenda-sync-test/1.0 (+mailto:test@example.org)"

/// A probe as `check-source` makes one without a config, but 5 ms between requests instead of 1 s.
func makeProbe() -> CouncilProbe {
    var settings = ProbeSettings(daemon: nil, userAgent: testUserAgent)
    settings.spacing = .milliseconds(5)
    return CouncilProbe(settings: settings)
}

/// The sample council, plus five committees without meetings: eight committees in five groups,
/// in the order the committee pages list them (by group).
func multiCommitteeContent() -> SiteContent {
    var content = SampleCouncilData.content(reference: Date())
    let (cabinet, planning, scrutiny) = (SampleCouncilData.cabinet, SampleCouncilData.planning, SampleCouncilData.scrutiny)
    content.committees = [cabinet, planning, Committee(id: 104, name: "Licensing Committee"),
                          Committee(id: 105, name: "Licensing Sub-Committee"), scrutiny,
                          Committee(id: 106, name: "Audit & Governance Committee"), Committee(id: 107, name: "Standards Committee"),
                          Committee(id: 108, name: "Health and Wellbeing Board")]
    content.categories.merge([104: "Regulatory", 105: "Regulatory", 106: "Governance", 107: "Governance",
                              108: "Partnerships"]) { _, new in new }
    return content
}

/// Runs `body` with a sample council served on 127.0.0.1 (SiteControls installed), and a probe; stops both after.
func withCouncil(_ content: SiteContent = SampleCouncilData.content(reference: Date()),
                 _ body: (SampleCouncilSite, ProbeTarget, CouncilProbe) async throws -> Void) async throws {
    let site = SampleCouncilSite(testing: content)
    let base = try await site.start()
    let probe = makeProbe()
    do {
        try await body(site, try ProbeTarget(url: base.absoluteString), probe)
    } catch {
        probe.shutdown()
        await site.stop()
        throw error
    }
    probe.shutdown()
    await site.stop()
}

/// A council's main web site, as a wrong base URL would lead to.
let mainWebSitePage = """
    <!DOCTYPE html><html lang="en"><head><title>Home | Sampleton Borough Council</title></head>
    <body><header><a href="/bins">Bins and recycling</a> <a href="/council-tax">Council tax</a></header>
    <main><h1>Welcome to Sampleton</h1><p>Find out about council services, pay for things and report problems.</p>
    <p><a href="/councillors-and-committees">Councillors, committees and meetings</a></p></main></body></html>
    """

/// A Cloudflare "managed challenge", as served with 200 in place of any page.
let challengePage = """
    <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
    <meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main">
    <h1>democracy.sample.gov.uk</h1><h2>Checking if the site connection is secure</h2>
    <noscript>Enable JavaScript and cookies to continue</noscript>
    <script>window._cf_chl_opt={cvId: '3',cZone: "democracy.sample.gov.uk",cType: 'managed'};</script>
    </div></body></html>
    """

/// A CMIS committee site's page (constructed: CMIS installs live under `/cmis5/` and name their
/// people pages `ViewCMIS_Person`).
let cmisPage = """
    <!DOCTYPE html><html><head><title>Committees - Sampleton CMIS</title>
    <link href="/cmis5/Portals/_default/default.css" rel="stylesheet"></head><body>
    <a href="/cmis5/Meetings/tabid/70/ctl/ViewCMIS_CommitteeDetails/mid/397/id/8/Default.aspx">Cabinet</a>
    </body></html>
    """

/// What IIS serves with 200 when ASP.NET fails: the page an error status should have carried.
let runtimeErrorPage = "<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1></body></html>"

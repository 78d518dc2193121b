/// Pages a council's address serves with 200 in place of its ModernGov pages, for `SiteFault.body`:
/// what tests of "the site answers something else" need (constructed, each after the real kind).
public enum ReplacementPages {
    /// A Cloudflare "managed challenge".
    public static let botChallenge = """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
        <meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main">
        <h1>democracy.sample.gov.uk</h1><h2>Checking if the site connection is secure</h2>
        <noscript>Enable JavaScript and cookies to continue</noscript>
        <script>window._cf_chl_opt={cvId: '3',cZone: "democracy.sample.gov.uk",cType: 'managed'};</script>
        </div></body></html>
        """

    /// A council's main web site, where a wrong base URL leads.
    public static let councilMainSite = """
        <!DOCTYPE html><html lang="en"><head><title>Home | Sampleton Borough Council</title></head>
        <body><header><a href="/bins">Bins and recycling</a> <a href="/council-tax">Council tax</a></header>
        <main><h1>Welcome to Sampleton</h1><p>Find out about council services, pay for things and report problems.</p>
        <p><a href="/councillors-and-committees">Councillors, committees and meetings</a></p></main></body></html>
        """

    /// A page of CMIS, the other committee system (its installs live under `/cmis5/` and name
    /// their pages `ViewCMIS_…`).
    public static let cmis = """
        <!DOCTYPE html><html><head><title>Committees - Sampleton CMIS</title>
        <link href="/cmis5/Portals/_default/default.css" rel="stylesheet"></head><body>
        <a href="/cmis5/Meetings/tabid/70/ctl/ViewCMIS_CommitteeDetails/mid/397/id/8/Default.aspx">Cabinet</a>
        </body></html>
        """

    /// What IIS serves when ASP.NET fails: the page an error status should have carried.
    public static let runtimeError = "<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1></body></html>"
}

/// The parts of a ModernGov page (2026 Bulma template, as served by Kingston) around the
/// `<div id="modgov">` content: head with Dublin Core metas, menus, breadcrumb, footer scripts.
enum PageChrome {
    struct Head {
        var dcTitle: String
        var dcDescription: String
        /// W3CDTF day of the page's subject, e.g. the meeting day.
        var dcDate: String
        var dcCreated: String?
        var title: String
    }

    static func open(_ w: inout PageWriter, head: Head, breadcrumb: [(text: String, href: String?)], mainTitle: String) {
        w.write("<!DOCTYPE html>\n\n\n\n<html lang=\"en\">\n\t<head>\n\t\t<meta charset=\"utf-8\">\n")
        w.write("\t\t<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n")
        w.write("\t\t<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        w.write("\t\t<meta http-equiv='X-UA-Compatible' content='IE=edge, chrome=1' />")
        w.write("<meta name=\"DC.title\"  content=\"\(HTMLEscaping.text(head.dcTitle))\"/>\n")
        w.write("<meta name=\"DC.description\"  content=\"\(HTMLEscaping.text(head.dcDescription))\"/>\n")
        w.write("<meta name=\"DC.date\" scheme=\"W3CDTF\"  content=\"\(head.dcDate)\"/>\n")
        if let modified = w.noise.modifiedDate {
            w.write("<meta name=\"DC.date.modified\" scheme=\"W3CDTF\"  content=\"\(modified)\"/>\n")
        }
        if let created = head.dcCreated {
            w.write("<meta name=\"DC.date.created\" scheme=\"W3CDTF\"  content=\"\(created)\"/>\n")
        }
        for subject in ["Government, politics and public administration", "Local government", "Decision making", "Council meetings"] {
            w.write("<meta name=\"DC.subject\" scheme=\"eGMS.IPSV\"  content=\"\(subject)\"/>\n")
        }
        w.write("""

<link type="text/css" href="jquery-ui/css/Smoothness/jquery-ui-1.13.2.custom.min.css" rel="stylesheet" /> 
<link type="text/css" href="jquery-ui/Add-ons/mg.jqueryaddons.css" rel="stylesheet" /> 
\t\t<title>\(HTMLEscaping.text(head.title)) - Modern Council</title>
\t\t
\t\t<link href="SiteSpecific/res/css/bulma.min.css" rel="stylesheet" />
\t\t<link href="SiteSpecific/res/css/demo.css" rel="stylesheet" />
\t\t<link href="SiteSpecific/res/css/all.min.css" rel="stylesheet" />
\t
\t\t<link href="sitespecific/ssMgStyles.css" rel="stylesheet" type="text/css" />
\t\t<link href="sitespecific/ssWordStyles.css" rel="stylesheet" type="text/css" />
\t\t<link href="sitespecific/ssMgResponsive.css" rel="stylesheet" type="text/css" />

\t\t<!-- Google Tag Manager -->
\(script(w))(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-SAMPLE01');</script>
<!-- End Google Tag Manager -->
\t</head>
\t<body class="has-background-light">
\t\t<a class="sr-only" href="#mgMainContent">Skip to main content</a>
\t\t<div class="container has-background-white">
\t\t\t<header id="page-header">
\t\t\t\t<div>
\t\t\t\t\t<img src="SiteSpecific/res/img/Logo.png" alt="Modern.Gov logo" />
\t\t\t\t</div>
\t\t\t</header>
\t\t</div>
\t\t<div class="is-hidden-desktop section reduced-top-padding no-bottom-padding">
\t\t\t<div id="mobile-menu-holder">
\t\t\t\t<div>
\t\t\t\t\t<div class="dropdown" id="mobile-menu">
\t\t\t\t\t\t<div class="dropdown-trigger">
\t\t\t\t\t\t\t<button class="button is-large" type="button" onclick="handleMobileMenu(this)">
\t\t\t\t\t\t\t\tSection menu <span class="caret"></span>
\t\t\t\t\t\t\t</button>
\t\t\t\t\t\t</div>
\t\t\t\t\t\t<div class="dropdown-menu">
\t\t\t\t\t\t\t<div class="dropdown-content">
\t\t\t\t\t\t
""")
        menu(&w)
        w.write("""
\t\t\t\t\t\t\t</div>
\t\t\t\t\t\t</div>
\t\t\t\t\t</div>
\t\t\t\t</div>
\t\t\t</div>
\t\t</div>
\t\t<div class="section reduced-top-padding">
\t\t<div class="container has-background-white">
\t\t\t<div role="main">
\t\t\t\t<a class="is-hidden" name="mgMainContent"></a>
\t\t\t\t<div id="content-holder">
\t\t\t\t\t<div class="section">

\t\t\t\t\t<div class="columns">
\t\t\t\t\t\t<div class="column">
\t\t\t\t\t\t\t<nav aria-label="Breadcrumb" class="breadcrumb has-bullet-separator" id="breadcrumb-holder"><ul><li><a href="/">Home</a></li>
""")
        for (text, href) in breadcrumb {
            if let href {
                w.write("<li><a  href=\"\(w.href(href))\" >\(HTMLEscaping.text(text))</a></li>")
            } else {
                w.write("<li>\(HTMLEscaping.text(text))</li>")
            }
        }
        w.write("</ul></nav>\n\t\t\t\t\t\t\t<div id=\"modgov\"><div class=\"mgHeader\"><h1  class=\"mgMainTitleTxt\" >\(HTMLEscaping.text(mainTitle))</h1></div>\n")
    }

    /// The inline script every page carries after the sub-title.
    static func settingsScript(_ w: inout PageWriter) {
        w.write("""
\(script(w, typed: true))
\tif(window.$ModernGov === undefined)
\t{
\t\tObject.defineProperty(window, "$ModernGov", { value: {} });
\t\tObject.defineProperty($ModernGov, "Settings", {value: {} });
\t\tObject.defineProperty($ModernGov, "Translations", {value: {} });
\t\tObject.defineProperty($ModernGov.Settings, "DisableDateTimePickers", { value: false });
Object.defineProperty($ModernGov.Settings, "RequiredLanguage", { value: -1 });

\t}
</script>

""")
    }

    /// From the end of `div.mgContent` to `</html>`.
    static func close(_ w: inout PageWriter, site: SiteStyle, mediaScripts: Bool) {
        w.write("""
<div class="mgFooter" >\t\t

\t<p>&nbsp;</p>

<input type="hidden" value="false" id="hidIsExtLinkNewWindow" name="hidIsExtLinkNewWindow"><!--#79852 remove trailing slash-->

""")
        if let viewState = w.noise.viewState, let validation = w.noise.eventValidation {
            w.write("<div class=\"aspNetHidden\">\n<input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"\(viewState)\" />\n")
            w.write("<input type=\"hidden\" name=\"__EVENTVALIDATION\" id=\"__EVENTVALIDATION\" value=\"\(validation)\" />\n</div>\n")
        }
        w.write("""

    <script src="edit-doc-activex.js" type="text/javascript"></script>

    <script type="text/javascript" src="jquery-ui/js/jquery-3.5.1.min.js"></script>
    <script type="text/javascript" src="jquery-ui/js/jquery-ui-1.13.2.min.js"></script>

    \(script(w, typed: true))
\tvar mgJQuery = jQuery.noConflict(true);
        var thisFormValidator;
    </script>

    <script type="text/javascript" src="jquery-ui/json/json2.js"></script>
    <script type="text/javascript" src="jquery-ui/Add-ons/mg.jqueryaddons.min.js"></script>
    <script type="text/javascript" src="mgAjaxScripts.js"></script> 
    
\t    <script type="text/javascript" src="mgGraphScripts.js"></script> 
          
    \(script(w, typed: true))
        function CommonAjaxInit()
        {
            Common_DocumentReady(false, 0);\t// FB16622 - Default changed from Mark T's original to 0 thereby disabling it if no value set.
        }

        mgJQuery(document).ready(CommonAjaxInit);

        //FB39842 RBFRS Website - Modern.Gov Councillors Page. JK
        mgJQuery(window).on('load', function ()
        {
            Common_WindowLoad();
        });

    </script>  
</div>

""")
        if mediaScripts {
            w.write("""
<script type="text/javascript" src='mgStarRatingScripts.js'></script>

\t<script type="text/javascript" src="mgMediaPlayer.js"></script>
\t\(script(w))
\tfunction StopAllPlayers(data)
\t{
\t\tfor(var i = 0; i < mediaPlayers.length; ++i)
\t\t{
\t\t\t// Don't stop the player we've just clicked on.
\t\t\tif(mediaPlayers[i].ContainerId != data.ContainerId)
\t\t\t{
\t\t\t\tmediaPlayers[i].Stop();\t
\t\t\t}
\t\t}
\t}
\t</script>
\(script(w))var mediaPlayers = [];</script>
""")
        }
        w.write("</div>\n\t\t\t\t\t\t</div>\n\t\t\t\t\t\t<nav class=\"column is-one-quarter is-hidden-mobile is-hidden-tablet-only\" id=\"side-nav\">\n\t\t\t\t\t\t")
        menu(&w)
        w.write("""
\t\t\t\t\t\t</nav>
\t\t\t\t\t</div>
\t\t\t\t\t</div>
\t\t\t\t</div>
\t\t\t</div>
\t\t</div>
\t\t</div>
\t\t<footer id="page-footer" class="footer">
\t\t<div class="has-text-centered">
\t\t\t<small>&copy; 2024 \(HTMLEscaping.text(site.councilName)). All Rights Reserved.</small>
\t\t</div>
\t\t</footer>
\t</body>
\t\(script(w))
\t\tfunction handleMobileMenu(e)
\t\t{
\t\t\tvar dropdown = document.getElementById("mobile-menu");
\t\t\tdropdown.classList.toggle("is-active");
\t\t}
\t</script>

""")
        if let comment = w.noise.serverComment { w.write(comment + "\n") }
        w.write("</html>")
    }

    /// An inline `<script>` opening tag, with the page's nonce when there is one.
    static func script(_ w: PageWriter, typed: Bool = false) -> String {
        let type = typed ? " type=\"text/javascript\"" : ""
        guard let nonce = w.noise.scriptNonce else { return "<script\(type)>" }
        return "<script\(type) nonce=\"\(nonce)\">"
    }

    private static func menu(_ w: inout PageWriter) {
        w.write("<div class=\"menu\"><ul class=\"menu-list\">\n")
        for (i, (href, title, text)) in menuItems.enumerated() {
            let active = i == 1 ? "class=\"is-active\" " : ""
            w.write("<li><a \(active)href=\"\(w.href(href))\" title=\"\(title)\">\(text)</a></li>")
            w.write(i == menuItems.count - 1 ? "</ul></div>\n" : "\n")
        }
    }

    private static let menuItems: [(String, String, String)] = [
        ("mgCalendarMonthView.aspx?GL=1&bcr=1", "Link to calendar of meetings", "Calendar"),
        ("mgListCommittees.aspx?bcr=1", "Link to committee structure", "Committees"),
        ("ieListMeetings.aspx?CId=99&info=1&MD=Constitution", "Link to constitution", "Constitution"),
        ("mgMemberIndex.aspx?bcr=1", "Link to councillors", "Councillors"),
        ("mgDelegatedDecisions.aspx?bcr=1&DM=0&DS=2&K=0&DR=&V=0", "Link to register of decisions", "Decisions"),
        ("mgManageElectionResults.aspx?bcr=1", "Link to election results", "Election results"),
        ("mgEPetitionListDisplay.aspx?bcr=1", "Link to ePetitions", "ePetitions"),
        ("ecCatDisplay.aspx?bcr=1&sch=doc", "Link to documents library", "Library"),
        ("ieDocHome.aspx?bcr=1", "Link to committee meetings", "Meetings"),
        ("mgListOutsideBodies.aspx?bcr=1", "Link to outside bodies", "Outside bodies"),
        ("ieDocSearch.aspx?bcr=1", "Link to free text search", "Search documents"),
        ("mgRegisterKeywordInterest.aspx?bcr=1", "Link to subscribe to updates", "Subscribe to updates"),
        ("mgWhatsNew.aspx?bcr=1", "Link to what's new", "What's New"),
    ]
}

import AgendaCore
import AgendaFetch
import Testing

/// RFC 9309, with its own examples where it gives them.
@Suite("robots.txt (RFC 9309)")
struct RobotsTxtTests {
    /// RFC 9309 §5.1, "Simple Example".
    static let simpleExample = RobotsTxt("""
        User-Agent: *
        Disallow: *.gif$
        Disallow: /example/
        Allow: /publications/

        User-Agent: foobot
        Disallow:/
        Allow:/example/page.html
        Allow:/example/allowed.gif

        User-Agent: barbot
        User-Agent: bazbot
        Disallow: /example/page.html

        User-Agent: quxbot

        EOF
        """)

    @Test(arguments: [
        // A crawler with its own group obeys only that group.
        ("foobot", "/example/page.html", true), ("foobot", "/example/allowed.gif", true),
        ("foobot", "/example/other.gif", false), ("foobot", "/publications/", false), ("foobot", "/", false),
        // Two user-agent lines, one group.
        ("barbot", "/example/page.html", false), ("bazbot", "/example/page.html", false),
        ("barbot", "/example/other.html", true), ("bazbot", "/image.gif", true),
        // An empty group: no rules, everything allowed.
        ("quxbot", "/example/page.html", true), ("quxbot", "/image.gif", true),
        // Anyone else falls back to "*".
        ("otherbot", "/image.gif", false), ("otherbot", "/a/b/c.gif", false), ("otherbot", "/image.gif?x=1", true),
        ("otherbot", "/example/", false), ("otherbot", "/example/page.html", false),
        ("otherbot", "/publications/", true), ("otherbot", "/", true),
    ])
    func simpleExample(agent: String, path: String, allowed: Bool) {
        #expect(Self.simpleExample.allows(path, productToken: agent) == allowed)
    }

    /// RFC 9309 §5.2, "Longest Match".
    @Test func longestMatchWins() {
        let robots = RobotsTxt("""
            User-Agent: foobot
            Allow: /example/page/
            Disallow: /example/page/disallowed.gif
            """)
        #expect(robots.allows("/example/page/", productToken: "foobot"))
        #expect(robots.allows("/example/page/other.gif", productToken: "foobot"))
        #expect(!robots.allows("/example/page/disallowed.gif", productToken: "foobot"))
        #expect(robots.decidingRule(for: "/example/page/disallowed.gif", productToken: "foobot")?.description
                == "Disallow: /example/page/disallowed.gif")
    }

    @Test func allowWinsATie() {
        let robots = RobotsTxt("user-agent: *\ndisallow: /page\nallow: /page\ndisallow: /other$\nallow: /other$\n")
        #expect(robots.allows("/page", productToken: "x"))
        #expect(robots.allows("/other", productToken: "x"))
    }

    /// §2.2.1: the product token matches case-insensitively; groups naming it are combined.
    @Test func matchingGroupsAreCombined() {
        let robots = RobotsTxt("""
            user-agent: ExampleBot
            disallow: /foo
            disallow: /bar

            user-agent: *
            disallow: /everything-else

            user-agent: examplebot
            disallow: /baz
            """)
        for path in ["/foo", "/bar", "/baz/x"] {
            #expect(!robots.allows(path, productToken: "EXAMPLEBOT"), "\(path)")
        }
        #expect(robots.allows("/everything-else", productToken: "examplebot"), "the * group does not apply")
        #expect(!robots.allows("/everything-else", productToken: "otherbot"))
        #expect(robots.allows("/foo", productToken: "otherbot"))
    }

    @Test func productTokenOfAUserAgent() {
        #expect(RobotsTxt.productToken("agenda-sync/1.0 (+mailto:admin@example.org)") == "agenda-sync")
        #expect(RobotsTxt.productToken("  Example_Bot ") == "Example_Bot")
        #expect(RobotsTxt.productToken("*") == "*")
        let robots = RobotsTxt("User-agent: agenda-sync/2.0\nDisallow: /\n")
        #expect(!robots.allows("/x", productToken: "Agenda-Sync"), "a version after the token is ignored")
        #expect(robots.allows("/x", productToken: "agenda"), "a prefix of the token is another crawler")
    }

    @Test func noGroupsOrNoMatchingGroupAllowsEverything() {
        #expect(RobotsTxt("").allows("/anything", productToken: "x"))
        #expect(RobotsTxt("# just a comment\nSitemap: https://example.org/s.xml\n").allows("/a", productToken: "x"))
        #expect(RobotsTxt("User-agent: other\nDisallow: /\n").allows("/a", productToken: "x"))
        #expect(RobotsTxt("Disallow: /\n").allows("/a", productToken: "x"), "a rule before any user-agent line is ignored")
    }

    /// §2.2.3: `*` anywhere, `$` at the end, `#` starts a comment.
    @Test func specialCharacters() {
        let robots = RobotsTxt("""
            User-agent: *
            allow: /this/path/exactly$    # Designates the end of a match pattern
            disallow: /this/path/*/with/wildcard  # Can appear anywhere
            disallow: /this/
            """)
        #expect(robots.allows("/this/path/exactly", productToken: "x"))
        #expect(!robots.allows("/this/path/exactly/not", productToken: "x"))
        #expect(!robots.allows("/this/path/a/b/with/wildcard", productToken: "x"))
        #expect(!robots.allows("/this/path/x/with/wildcard/and-more", productToken: "x"))
        #expect(RobotsTxt("user-agent: *\ndisallow: /a*b*c$\n").allows("/acb", productToken: "x"))
        #expect(!RobotsTxt("user-agent: *\ndisallow: /a*b*c$\n").allows("/abcbc", productToken: "x"))
    }

    /// §2.2.2 / §2.2.3: percent-encoding is normalised on both sides; an escaped `*` or `$` is a literal.
    @Test(arguments: [
        ("/foo/bar?baz=quz", "/foo/bar?baz=quz", true),
        ("/foo/bar/\u{30C4}", "/foo/bar/%E3%83%84", true),
        ("/foo/bar/%E3%83%84", "/foo/bar/%E3%83%84", true),
        ("/foo/bar/%E3%83%84", "/foo/bar/\u{30C4}", true),
        ("/foo/bar/%62%61%7A", "/foo/bar/baz", true),
        ("/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84", true),
        ("/a%2fb", "/a/b", false),
        ("/a%2fb", "/a%2Fb", true),
        ("/path/file-with-a-%2A.html", "/path/file-with-a-*.html", true),
        ("/path/file-with-a-%2A.html", "/path/file-with-a-x.html", false),
        ("/path/foo-%24", "/path/foo-$", true),
        ("/path/foo-%24", "/path/foo-", false),
        ("/path/a$b", "/path/a$b", true),
        ("/100%", "/100%", true),
    ])
    func percentEncoding(pattern: String, path: String, matches: Bool) {
        let robots = RobotsTxt("User-agent: *\nDisallow: \(pattern)\n")
        #expect(robots.allows(path, productToken: "x") == !matches, "\(pattern) vs \(path)")
    }

    @Test func rulesApplyToPathAndQuery() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /ieListDocuments.aspx?CId=1&\nDisallow: /*MId=99$\n")
        #expect(!robots.allows("/ieListDocuments.aspx?CId=1&MId=5", productToken: "x"))
        #expect(robots.allows("/ieListDocuments.aspx?CId=2&MId=5", productToken: "x"))
        #expect(!robots.allows("/ieListDocuments.aspx?CId=2&MId=99", productToken: "x"))
    }

    @Test func robotsTxtItselfIsAlwaysAllowed() {
        #expect(RobotsTxt("User-agent: *\nDisallow: /\n").allows("/robots.txt", productToken: "x"))
    }

    @Test func emptyDisallowAllowsEverything() {
        #expect(RobotsTxt("User-agent: *\nDisallow:\n").allows("/anything", productToken: "x"))
    }

    @Test func toleratesLineEndingsCaseAndWhitespace() {
        let robots = RobotsTxt(Array("\u{FEFF}USER-AGENT : *\r\nDISALLOW :\t/private \r\rallow: /private/ok\r\n".utf8))
        #expect(!robots.allows("/private/x", productToken: "x"))
        #expect(robots.allows("/private/ok/1", productToken: "x"))
    }

    @Test func aHostilePatternIsNotExponential() {
        let pattern = "/" + String(repeating: "a*", count: 300) + "b"
        let robots = RobotsTxt("User-agent: *\nDisallow: \(pattern)\n")
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(robots.allows("/" + String(repeating: "a", count: 2_000), productToken: "x"))
        }
        #expect(elapsed < .seconds(20))  // backtracking would take far longer than any machine's noise
    }
}

@Suite("Retry-After (RFC 9110 §10.2.3)")
struct RetryAfterTests {
    static let now = HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")!

    @Test func deltaSeconds() {
        #expect(RetryAfter.delay("120", now: Self.now) == 120)
        #expect(RetryAfter.delay(" 0 ", now: Self.now) == 0)
        #expect(RetryAfter.delay("99999999999999999999999", now: Self.now)! > 1e20)
    }

    @Test(arguments: ["Sun, 06 Nov 1994 08:51:37 GMT", "Sunday, 06-Nov-94 08:51:37 GMT", "Sun Nov  6 08:51:37 1994"])
    func everyDateForm(_ value: String) {
        #expect(RetryAfter.delay(value, now: Self.now) == 120)
    }

    @Test func aDateInThePastMeansNow() {
        #expect(RetryAfter.delay("Sat, 05 Nov 1994 08:49:37 GMT", now: Self.now) == 0)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT",
                      "Sun, 06 Nov 1994 08:49:37 CET", "06 Nov 1994 08:49:37 GMT"])
    func rejects(_ value: String) {
        #expect(RetryAfter.delay(value, now: Self.now) == nil)
    }
}

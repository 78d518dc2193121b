import AgendaConfig
import AgendaCore
import Testing

@Suite("[daemon] http_listen and publish = true")
struct HTTPListenConfigTests {
    func daemon(_ line: String) -> String {
        minimalPrefix.replacingOccurrences(of: "[[source]]", with: "\(line)\n\n[[source]]")
    }

    @Test func offByDefault() throws {
        #expect(try parseValid(minimalPrefix).daemon.httpListen == nil)
    }

    @Test func numericAddressesAndPorts() throws {
        let v4 = try #require(try parseValid(daemon("http_listen = \"127.0.0.1:9465\"")).daemon.httpListen)
        #expect(v4 == HTTPListenAddress(address: IPAddress("127.0.0.1")!, port: 9465))
        #expect(v4.description == "127.0.0.1:9465")
        let v6 = try #require(try parseValid(daemon("http_listen = \"[::1]:0\"")).daemon.httpListen)
        #expect(v6 == HTTPListenAddress(address: IPAddress("::1")!, port: 0))
        #expect(v6.description == "[::1]:0")
        #expect(try parseValid(daemon("http_listen = \"0.0.0.0:80\"")).daemon.httpListen?.port == 80)
    }

    @Test func badValuesNameTheKeyAndWhy() {
        let cases: [(String, String)] = [
            ("localhost:9465", "\"localhost\" is not a numeric IP address"),
            ("127.0.0.1", "is not HOST:PORT"),
            ("127.0.0.1:65536", "\"65536\" is not a TCP port"),
            ("127.0.0.1:", "\"\" is not a TCP port"),
            ("127.0.0.1:+80", "\"+80\" is not a TCP port"),
            ("::1:9465", "is not HOST:PORT"),
            ("[::1]9465", "write an IPv6 address as"),
            ("[127.0.0.1]:9465", "is not a numeric IP address"),
        ]
        for (value, problem) in cases {
            let lines = errorLines(daemon("http_listen = \"\(value)\""))
            #expect(lines.count == 1, "\(value): \(lines)")
            #expect(lines.first?.hasPrefix("/etc/agenda-sync/agenda-sync.toml:4: daemon.http_listen: ") == true, "\(lines)")
            #expect(lines.first?.contains(problem) == true, "\(value): \(lines)")
        }
        #expect(errorLines(daemon("http_listen = 9465")).first?.contains("daemon.http_listen") == true)
    }

    @Test func publishOptsCalendarsAndFeedsIn() throws {
        let config = try parseValid(minimalPrefix + """
            [[subscription]]
            id = "cal"
            channel = "calendar"
            path = "/srv/feeds/all.ics"
            publish = true

            [[subscription]]
            id = "news"
            channel = "atom"
            path = "/srv/feeds/news.atom"
            title = "News"
            publish = true

            [[subscription]]
            id = "quiet"
            channel = "atom"
            path = "/srv/feeds/quiet.atom"
            title = "Quiet"
            """)
        #expect(config.subscriptions[0].publishedFile == PublishedFile(path: "/srv/feeds/all.ics", contentType: "text/calendar; charset=utf-8"))
        #expect(config.subscriptions[1].publishedFile?.contentType == "application/atom+xml; charset=utf-8")
        #expect(config.subscriptions[2].publishedFile == nil)
    }

    @Test func publishIsOnlyForCalendarsAndFeeds() {
        let lines = errorLines(minimalPrefix + """
            [[subscription]]
            id = "jsonl"
            channel = "file"
            path = "/srv/notices.jsonl"
            publish = true
            """)
        #expect(lines.count == 1 && lines.first?.contains("publish") == true, "\(lines)")
        #expect(errorLines(minimalPrefix + """
            [[subscription]]
            id = "cal"
            channel = "calendar"
            path = "/srv/a.ics"
            publish = "yes"
            """).first?.contains("publish") == true)
    }
}

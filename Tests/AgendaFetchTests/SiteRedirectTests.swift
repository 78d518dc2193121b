import AgendaCore
@testable import AgendaFetch
import FlyingFox
import Foundation
import Testing
import TestSupport

/// Redirects stay on the request's site: real servers on 127.0.0.1, and the rule itself.
@Suite("Redirects stay on the site", .timeLimit(.minutes(3)))
struct SiteRedirectTests {
    /// `/to?u=URL` answers 302 to URL; `/page` answers 200 "page"; every request is counted.
    static func routes(_ hits: InFlightRecorder) -> (HTTPServer) async -> Void {
        { server in
            await server.appendRoute("GET /to") { request in
                hits.enter(); hits.leave()
                return HTTPResponse(statusCode: .found, headers: [.location: request.query["u"] ?? "/"])
            }
            await server.appendRoute("GET /page") { _ in
                hits.enter(); hits.leave()
                return HTTPResponse(statusCode: .ok, body: Data("page".utf8))
            }
        }
    }

    static func escaped(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
    }

    @Test("a redirect to another port of 127.0.0.1 is refused, and nothing is asked of that port")
    func anotherPortRefused() async throws {
        let councilHits = InFlightRecorder(), otherHits = InFlightRecorder()
        try await withHTTPServer(routes: Self.routes(otherHits)) { other in
            try await withHTTPServer(routes: Self.routes(councilHits)) { council in
                try await withClient { client in
                    let target = other + "/page"
                    let error = await fetchError(client, FetchRequest(url: council + "/to?u=" + Self.escaped(target)))
                    guard case .redirectRefused(let refused, let reason)? = error as? FetchError else {
                        Issue.record("expected redirectRefused, got \(String(describing: error))"); return
                    }
                    #expect(refused == target)
                    #expect(reason.contains("leaves \(council)"), "\(reason)")
                    #expect((error as? FetchError)?.message.hasPrefix("refused to follow the redirect to \(target): ") == true)
                    #expect(councilHits.total == 1)
                    #expect(otherHits.total == 0, "the other port was never asked")
                }
            }
        }
    }

    @Test("a redirect to another name for the same address (localhost) is another site")
    func anotherHostNameRefused() async throws {
        let hits = InFlightRecorder()
        try await withHTTPServer(routes: Self.routes(hits)) { council in
            try await withClient { client in
                let target = council.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/page"
                let error = await fetchError(client, FetchRequest(url: council + "/to?u=" + Self.escaped(target)))
                guard case .redirectRefused(let refused, _)? = error as? FetchError else {
                    Issue.record("expected redirectRefused, got \(String(describing: error))"); return
                }
                #expect(refused == target)
                #expect(hits.total == 1)
            }
        }
    }

    @Test("a site on a private address may redirect within itself")
    func withinThePrivateSite() async throws {
        let hits = InFlightRecorder()
        try await withHTTPServer(routes: Self.routes(hits)) { council in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(url: council + "/to?u=" + Self.escaped(council + "/page")))
                #expect(response.status == 200)
                #expect(response.body == Array("page".utf8))
                #expect(response.redirectCount == 1)
                #expect(response.effectiveURL == council + "/page")
                #expect(hits.total == 2)
            }
        }
    }

    @Test("the rule: same origin or its https upgrade; schemes; the limit")
    func rule() throws {
        let rule = RedirectRule(origin: try #require(WebURL.Origin(url: "http://council.example/mg/")), maxRedirects: 5)
        #expect(throws: Never.self) { try rule.check("http://council.example/other", followed: 0) }
        #expect(throws: Never.self) { try rule.check("https://council.example/mg/x", followed: 4) }
        #expect(throws: FetchError.redirectRefused(
            target: "https://council.example:8443/",
            reason: "it leaves http://council.example (redirects are followed only on the same site, or to its https upgrade)")) {
            try rule.check("https://council.example:8443/", followed: 0)
        }
        for target in ["http://evil.example/", "http://127.0.0.1/", "http://council.example:81/", "//council.example"] {
            #expect(throws: FetchError.self, "\(target)") { try rule.check(target, followed: 0) }
        }
        do {
            try rule.check("ftp://council.example/x", followed: 0)
            Issue.record("ftp followed")
        } catch {
            guard case .unsupportedProtocol = error else { Issue.record("\(error)"); return }
        }
        do {
            try rule.check("http://council.example/x", followed: 5)
            Issue.record("a sixth redirect followed")
        } catch {
            guard case .tooManyRedirects(let d) = error else { Issue.record("\(error)"); return }
            #expect(d.code == 47)
        }
        let secure = RedirectRule(origin: try #require(WebURL.Origin(url: "https://council.example/")), maxRedirects: 5)
        #expect(throws: FetchError.self, "never down to http") { try secure.check("http://council.example/", followed: 0) }
    }

    @Test("hops connect public-only unless the request itself went to a non-public address")
    func hopPolicy() {
        #expect(RedirectRule.hopPolicy(request: .any, requestAddress: IPAddress("93.184.216.34")) == .publicOnly)
        #expect(RedirectRule.hopPolicy(request: .any, requestAddress: nil) == .publicOnly)
        #expect(RedirectRule.hopPolicy(request: .any, requestAddress: IPAddress("127.0.0.1")) == .any)
        #expect(RedirectRule.hopPolicy(request: .any, requestAddress: IPAddress("10.1.2.3")) == .any)
        #expect(RedirectRule.hopPolicy(request: .publicOnly, requestAddress: IPAddress("127.0.0.1")) == .publicOnly)
    }

    @Test("curl_global_init is called in one place for the whole process")
    func oneGlobalInit() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        let callers = try files.filter { try String(contentsOfFile: sources.path + "/" + $0, encoding: .utf8).contains("curl_global_init(") }
        #expect(callers == ["AgendaFetch/CurlGlobal.swift"])
    }
}

import AgendaFetch
import FlyingFox
import Foundation
import Testing
import TestSupport

@Suite("Redirects, protocols and connection failures", .timeLimit(.minutes(3)))
struct RedirectAndProtocolTests {

    /// `/hop/N` redirects to `/hop/N-1`; `/hop/0` is the page. `/loop` redirects to itself.
    /// `/to?u=URL` redirects to URL.
    static func redirectRoutes(_ hits: InFlightRecorder? = nil) -> (HTTPServer) async -> Void {
        { server in
            await server.appendRoute("GET /hop/*") { request in
                hits?.enter(); hits?.leave()
                let n = Int(request.path.split(separator: "/").last ?? "") ?? 0
                if n == 0 { return HTTPResponse(statusCode: .ok, body: Data("arrived".utf8)) }
                return HTTPResponse(statusCode: .found, headers: HTTPHeaders([.location: "/hop/\(n - 1)"]))
            }
            await server.appendRoute("GET /loop") { _ in
                hits?.enter(); hits?.leave()
                return HTTPResponse(statusCode: .movedPermanently, headers: HTTPHeaders([.location: "/loop"]))
            }
            await server.appendRoute("GET /to") { request in
                hits?.enter(); hits?.leave()
                let target = request.query["u"] ?? "/"
                return HTTPResponse(statusCode: .found, headers: [.location: target], body: Data("moved".utf8))
            }
        }
    }

    @Test("up to 5 redirects are followed; the effective URL is the last one")
    func redirectsFollowed() async throws {
        try await withHTTPServer(routes: Self.redirectRoutes()) { base in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(url: base + "/hop/5"))
                #expect(response.status == 200)
                #expect(response.redirectCount == 5)
                #expect(response.effectiveURL == base + "/hop/0")
                #expect(response.body == Array("arrived".utf8))
                #expect(response.header("Location") == nil)   // headers are the final response's
            }
        }
    }

    @Test("a 6-hop chain and a redirect loop are errors")
    func tooManyRedirects() async throws {
        let hits = InFlightRecorder()
        try await withHTTPServer(routes: Self.redirectRoutes(hits)) { base in
            try await withClient { client in
                let chain = await fetchError(client, FetchRequest(url: base + "/hop/6"))
                guard case .tooManyRedirects(let d)? = chain as? FetchError else {
                    Issue.record("expected tooManyRedirects, got \(String(describing: chain))"); return
                }
                #expect(d.code == 47)
                #expect(hits.total == 6)   // the original request plus 5 redirects, no more

                let loop = await fetchError(client, FetchRequest(url: base + "/loop"))
                guard case .tooManyRedirects? = loop as? FetchError else {
                    Issue.record("expected tooManyRedirects, got \(String(describing: loop))"); return
                }
                #expect(hits.total == 12)
            }
        }
    }

    @Test("followRedirects: false returns the 3xx itself (for webhooks)")
    func redirectsNotFollowed() async throws {
        try await withHTTPServer(routes: Self.redirectRoutes()) { base in
            try await withClient(limits: testLimits(followRedirects: false)) { client in
                let response = try await client.fetch(FetchRequest(url: base + "/hop/3"))
                #expect(response.status == 302)
                #expect(response.header("Location") == "/hop/2")
                #expect(response.redirectCount == 0)
                #expect(response.effectiveURL == base + "/hop/3")
            }
        }
    }

    @Test("redirects to non-HTTP schemes are refused and nothing is read",
          arguments: ["file:///etc/passwd", "gopher://127.0.0.1:1/_x", "ftp://127.0.0.1:1/x", "dict://127.0.0.1:1/x"])
    func redirectToOtherSchemeRefused(target: String) async throws {
        try await withHTTPServer(routes: Self.redirectRoutes()) { base in
            try await withClient { client in
                let escaped = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? target
                let error = await fetchError(client, FetchRequest(url: base + "/to?u=" + escaped))
                guard case .unsupportedProtocol(let d)? = error as? FetchError else {
                    Issue.record("expected unsupportedProtocol, got \(String(describing: error))"); return
                }
                #expect(d.code == 1)
            }
        }
    }

    @Test("a non-HTTP request URL is refused before any transfer",
          arguments: ["file:///etc/passwd", "gopher://127.0.0.1/", "ftp://127.0.0.1/", "FILE:///etc/hostname"])
    func otherSchemeRefused(url: String) async throws {
        try await withClient { client in
            let error = await fetchError(client, FetchRequest(url: url))
            guard case .unsupportedProtocol? = error as? FetchError else {
                Issue.record("expected unsupportedProtocol, got \(String(describing: error))"); return
            }
        }
    }

    @Test("malformed URLs are invalid requests", arguments: ["", "not a url", "http://", "/relative/path", "http://exa mple.org/"])
    func malformedURL(url: String) async throws {
        try await withClient { client in
            let error = await fetchError(client, FetchRequest(url: url))
            guard case .invalidRequest? = error as? FetchError else {
                Issue.record("expected invalidRequest, got \(String(describing: error))"); return
            }
        }
    }

    @Test("an empty user agent is refused")
    func emptyUserAgent() async throws {
        let client = Client(configuration: FetchConfiguration(userAgent: ""))
        defer { client.shutdown() }
        let error = await fetchError(client, FetchRequest(url: "http://127.0.0.1:1/"))
        guard case .invalidRequest? = error as? FetchError else {
            Issue.record("expected invalidRequest, got \(String(describing: error))"); return
        }
    }

    @Test("connection refused on a closed port is couldNotConnect")
    func connectionRefused() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        try await withClient { client in
            // Refused (curl 7), not a connect timeout (curl 28): the error itself says it was at once.
            let error = await fetchError(client, FetchRequest(url: "http://127.0.0.1:\(port)/"))
            guard case .couldNotConnect(let d)? = error as? FetchError else {
                Issue.record("expected couldNotConnect, got \(String(describing: error))"); return
            }
            #expect(d.code == 7)
            #expect(!d.message.isEmpty)
            #expect((error as? FetchError)?.curlCode == 7)
        }
    }

    @Test("TLS verification is on: a self-signed certificate is refused")
    func selfSignedRefused() async throws {
        let dir = try makeTemporaryFolder("agenda-fetch-tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (cert, key) = try await makeSelfSignedCertificate(in: dir)
        // Port 0: s_server binds an ephemeral port and prints "ACCEPT 127.0.0.1:PORT".
        let server = try ScriptProcess(executable: "/usr/bin/openssl",
                                       arguments: ["s_server", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key, "-www"],
                                       logPath: dir + "/s_server.log")
        defer { server.stop() }
        let accept = try await server.waitForLine("ACCEPT ")
        let port = try #require(accept.split(separator: ":").last.flatMap { UInt16($0) }, "s_server printed \(accept)")

        try await withClient { client in
            let error = await fetchError(client, FetchRequest(url: "https://127.0.0.1:\(port)/"))
            guard case .tls(let d)? = error as? FetchError else {
                Issue.record("expected tls, got \(String(describing: error))"); return
            }
            #expect(d.code == 60)   // CURLE_PEER_FAILED_VERIFICATION
        }
    }

    @Test("https to a server that does not speak TLS is a TLS error")
    func tlsToPlainServer() async throws {
        try await withRawServer(handler: { connection in
            // Whatever arrives (a ClientHello), answer in plain HTTP and hang up.
            connection.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            connection.waitForPeerClose()
        }) { server in
            try await withClient { client in
                let error = await fetchError(client, FetchRequest(url: "https://127.0.0.1:\(server.port)/"))
                guard case .tls(let d)? = error as? FetchError else {
                    Issue.record("expected tls, got \(String(describing: error))"); return
                }
                #expect(d.code == 35)
            }
        }
    }
}

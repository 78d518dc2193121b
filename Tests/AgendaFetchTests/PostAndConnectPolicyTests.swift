import AgendaFetch
import Foundation
import Testing
import TestSupport

@Suite("POST bodies and the public-only connect policy", .timeLimit(.minutes(3)))
struct PostAndConnectPolicyTests {

    /// A keep-alive server answering every request with 200 "ok", counting connections.
    static func keepAliveServer() throws -> RawServer {
        try RawServer { connection in
            while let head = connection.readRequestHead() {
                guard connection.readBytes(contentLength(head)) != nil else { return }
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }
    }

    static func contentLength(_ head: String) -> Int {
        header("Content-Length", in: head).flatMap { Int($0) } ?? 0
    }

    /// The value of the first header field `name` (any case) in a request head; nil without one.
    static func header(_ name: String, in head: String) -> String? {
        let prefix = name.lowercased() + ":"
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix(prefix) {
            return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    @Test("a body makes a POST of exactly those bytes, Content-Type from the caller, no Expect")
    func postsTheExactBody() async throws {
        let received = Locked<[UInt8]?>(nil)
        // Binary, with NULs, larger than libcurl's Expect: 100-continue threshold. A raw server (a
        // thread reading the socket) takes it in promptly however loaded the machine: FlyingFox
        // reads a body this size slowly enough on a busy debug build to outlast the transfer timeout.
        let body = pseudoRandomBytes(200_000) + [0, 0, 0x7B, 0x7D]
        try await withRawServer(handler: { connection in
            guard let head = connection.readRequestHead(),
                  let bytes = connection.readBytes(Self.contentLength(head)) else { return }
            received.withLock { $0 = bytes }
            connection.write("HTTP/1.1 202 Accepted\r\nContent-Length: 6\r\n\r\nthanks")
        }) { server in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(
                    url: server.baseURL + "/hook",
                    headers: [HTTPHeaderField(name: "content-type", value: "application/json"),
                              HTTPHeaderField(name: "webhook-id", value: "msg_1")],
                    body: body))
                #expect(response.status == 202)
                #expect(response.body == Array("thanks".utf8))
            }
            let head = try #require(server.requests.first)
            #expect(head.hasPrefix("POST /hook HTTP/1.1\r\n"), "\(head)")
            #expect(Self.header("Content-Type", in: head) == "application/json")
            #expect(Self.header("Content-Length", in: head) == String(body.count))
            #expect(Self.header("webhook-id", in: head) == "msg_1")
            #expect(Self.header("Expect", in: head) == nil)
            #expect(Self.header("Transfer-Encoding", in: head) == nil)
            #expect(Self.header("User-Agent", in: head) == testUserAgent)
        }
        #expect(received.withLock { $0 } == body)
    }

    @Test("an empty body is a POST with Content-Length 0 and, without one given, no Content-Type")
    func emptyBody() async throws {
        try await withRawServer(handler: { connection in
            _ = connection.readRequestHead()
            connection.write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
        }) { server in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(url: server.baseURL + "/x", body: []))
                #expect(response.status == 204)
            }
            let head = try #require(server.requests.first).lowercased()
            #expect(head.hasPrefix("post /x http/1.1\r\n"))
            #expect(head.contains("\r\ncontent-length: 0\r\n"))
            #expect(!head.contains("content-type"))
        }
    }

    @Test("no body is still a GET, whatever came before on the connection")
    func getAfterPost() async throws {
        let server = try Self.keepAliveServer()
        defer { server.stop() }
        try await withClient { client in
            _ = try await client.fetch(FetchRequest(url: server.baseURL + "/a", body: Array("{}".utf8)))
            _ = try await client.fetch(FetchRequest(url: server.baseURL + "/b"))
        }
        let heads = server.requests
        #expect(heads.count == 2)
        #expect(heads.first?.hasPrefix("POST /a ") == true)
        #expect(heads.last?.hasPrefix("GET /b ") == true)
        #expect(heads.last?.lowercased().contains("content-length") == false)
    }

    @Test("publicOnly refuses loopback however the URL spells it, before any connection",
          arguments: ["http://127.0.0.1:PORT/", "http://localhost:PORT/", "http://0x7f000001:PORT/",
                      "http://2130706433:PORT/", "http://127.1:PORT/", "http://[::1]:PORT/",
                      "http://[::ffff:127.0.0.1]:PORT/"])
    func refusesLoopback(_ template: String) async throws {
        let server = try Self.keepAliveServer()
        defer { server.stop() }
        let url = template.replacingOccurrences(of: "PORT", with: String(server.port))
        try await withClient { client in
            let error = await fetchError(client, FetchRequest(url: url, body: Array("{}".utf8), connectPolicy: .publicOnly))
            guard case .addressRefused(let address, let range)? = error as? FetchError else {
                Issue.record("\(url): expected addressRefused, got \(String(describing: error))")
                return
            }
            #expect(["127.0.0.1", "::1", "::ffff:127.0.0.1"].contains(address))
            #expect(range.contains("loopback"))
            #expect((error as? FetchError)?.message.hasPrefix("refused to connect to \(address) (") == true)
        }
        #expect(server.connectionCount == 0)
        #expect(server.requests.isEmpty)
    }

    @Test("publicOnly also refuses a pooled connection that an unrestricted request opened")
    func refusesAReusedConnection() async throws {
        let server = try Self.keepAliveServer()
        defer { server.stop() }
        try await withClient { client in
            let first = try await client.fetch(FetchRequest(url: server.baseURL + "/open"))
            #expect(first.status == 200)
            let error = await fetchError(client, FetchRequest(url: server.baseURL + "/reuse", connectPolicy: .publicOnly))
            guard case .addressRefused(let address, _)? = error as? FetchError else {
                Issue.record("expected addressRefused, got \(String(describing: error))")
                return
            }
            #expect(address == "127.0.0.1")
            // The unrestricted client still works afterwards.
            let again = try await client.fetch(FetchRequest(url: server.baseURL + "/again"))
            #expect(again.status == 200)
        }
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { !$0.hasPrefix("GET /reuse ") })
    }

    @Test("publicOnly: a host that does not resolve is a resolver failure, not a pass")
    func unresolvableHost() async throws {
        try await withClient { client in
            let error = await fetchError(client, FetchRequest(url: "http://no-such-host.invalid/", connectPolicy: .publicOnly))
            guard case .couldNotResolveHost? = error as? FetchError else {
                Issue.record("expected couldNotResolveHost, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("the default policy (any) still connects to loopback")
    func anyAllowsLoopback() async throws {
        let server = try Self.keepAliveServer()
        defer { server.stop() }
        try await withClient { client in
            let response = try await client.fetch(FetchRequest(url: "http://localhost:\(server.port)/"))
            #expect(response.status == 200)
        }
    }
}

import AgendaFetch
import FlyingFox
import Foundation
import Testing
import TestSupport

@Suite("Fetching: responses, headers, validators, encodings", .timeLimit(.minutes(3)))
struct FetchBasicsTests {

    @Test("200: body, headers, ETag/Last-Modified captured; User-Agent arrives as configured")
    func okResponse() async throws {
        let seen = Locked<HTTPHeaders?>(nil)
        let page = Array("<html><body>Planning Committee</body></html>".utf8)
        try await withHTTPServer(routes: { server in
            await server.appendRoute("GET /mgListCommittees.aspx") { request in
                seen.withLock { $0 = request.headers }
                return HTTPResponse(
                    statusCode: .ok,
                    headers: [
                        .contentType: "text/html; charset=utf-8",
                        .eTag: "W/\"3e-17a9\"",
                        .lastModified: "Sun, 29 Nov 2026 06:53:42 GMT",
                        HTTPHeader("X-Council"): "Testshire",
                    ],
                    body: Data(page))
            }
        }) { base in
            try await withClient { client in
                let url = base + "/mgListCommittees.aspx"
                let response = try await client.fetch(FetchRequest(url: url))
                #expect(response.status == 200)
                #expect(response.isSuccess)
                #expect(response.body == page)
                #expect(response.bytesReceived == page.count)
                #expect(response.effectiveURL == url)
                #expect(response.contentType == "text/html; charset=utf-8")
                #expect(response.etag == "W/\"3e-17a9\"")
                #expect(response.lastModified == "Sun, 29 Nov 2026 06:53:42 GMT")
                #expect(response.retryAfter == nil)
                #expect(response.header("x-council") == "Testshire")
                #expect(response.header("X-COUNCIL") == "Testshire")
                #expect(response.header("Content-Length") == String(page.count))
                #expect(response.redirectCount == 0)
                #expect(response.sentValidators == false)
                #expect(response.elapsedMilliseconds >= 0 && response.elapsedMilliseconds < 15_000)

                let headers = try #require(seen.withLock { $0 })
                #expect(headers[HTTPHeader("User-Agent")] == testUserAgent)
                #expect(headers[.ifNoneMatch] == nil)
                #expect(headers[.ifModifiedSince] == nil)
                let acceptEncoding = headers[HTTPHeader("Accept-Encoding")] ?? ""
                #expect(acceptEncoding.contains("gzip"))
                #expect(headers[HTTPHeader("Proxy-Connection")] == nil)
            }
        }
    }

    @Test("conditional GET sends the stored validators byte for byte and gets 304 with no body")
    func conditionalGet() async throws {
        let etag = #"W/"5f3a-1b2c/agenda; v=2""#
        let lastModified = "Tue, 01 Dec 2026 09:05:07 GMT"
        let body = "<html>agenda v2</html>"
        try await withRawServer(handler: { connection in
            while let head = connection.readRequestHead() {
                let lines = head.components(separatedBy: "\r\n")
                let conditional = lines.contains("If-None-Match: \(etag)")
                    && lines.contains("If-Modified-Since: \(lastModified)")
                if conditional {
                    connection.write("HTTP/1.1 304 Not Modified\r\nETag: \(etag)\r\n\r\n")
                } else {
                    connection.write(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: \(etag)\r\n"
                        + "Last-Modified: \(lastModified)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                }
            }
        }) { server in
            try await withClient { client in
                let url = server.baseURL + "/ieListDocuments.aspx?CId=123&MId=4567"
                let first = try await client.fetch(FetchRequest(url: url))
                #expect(first.status == 200)
                #expect(first.etag == etag)
                #expect(first.lastModified == lastModified)
                #expect(String(decoding: first.body, as: UTF8.self) == body)

                let second = try await client.fetch(
                    FetchRequest(url: url, etag: first.etag, lastModified: first.lastModified))
                #expect(second.status == 304)
                #expect(second.isNotModified)
                #expect(second.body.isEmpty)
                #expect(second.bytesReceived == 0)
                #expect(second.sentValidators)
                #expect(second.etag == etag)

                let requests = server.requests
                try #require(requests.count == 2)
                #expect(!requests[0].contains("If-None-Match"))
                #expect(!requests[0].contains("If-Modified-Since"))
                // Byte for byte, as lines on the wire.
                #expect(requests[1].contains("\r\nIf-None-Match: \(etag)\r\n"))
                #expect(requests[1].contains("\r\nIf-Modified-Since: \(lastModified)\r\n"))
                #expect(requests[1].contains("\r\nUser-Agent: \(testUserAgent)\r\n"))
            }
        }
    }

    @Test("validators holding CR/LF are not sent; extra headers with CR/LF are refused")
    func headerInjection() async throws {
        try await withRawServer(handler: { connection in
            while connection.readRequestHead() != nil {
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }) { server in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(
                    url: server.baseURL + "/",
                    etag: "\"x\"\r\nX-Injected: 1",
                    headers: [HTTPHeaderField(name: "From", value: "ops@example.org")]))
                #expect(response.status == 200)
                #expect(response.sentValidators == false)
                let head = try #require(server.requests.first)
                #expect(!head.contains("X-Injected"))
                #expect(!head.contains("If-None-Match"))
                #expect(head.contains("\r\nFrom: ops@example.org\r\n"))

                let bad = await fetchError(client, FetchRequest(
                    url: server.baseURL + "/", headers: [HTTPHeaderField(name: "X-A", value: "1\r\nX-B: 2")]))
                guard case .invalidRequest? = bad as? FetchError else {
                    Issue.record("expected invalidRequest, got \(String(describing: bad))"); return
                }
                let badName = await fetchError(client, FetchRequest(
                    url: server.baseURL + "/", headers: [HTTPHeaderField(name: "X A", value: "1")]))
                guard case .invalidRequest? = badName as? FetchError else {
                    Issue.record("expected invalidRequest, got \(String(describing: badName))"); return
                }
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test("repeated headers are all kept, in order; Retry-After is captured raw")
    func repeatedHeadersAndRetryAfter() async throws {
        try await withRawServer(handler: { connection in
            while connection.readRequestHead() != nil {
                connection.write(
                    "HTTP/1.1 503 Service Unavailable\r\nSet-Cookie: a=1\r\nRetry-After: 120\r\n"
                    + "set-cookie: b=2\r\nContent-Length: 4\r\n\r\nbusy")
            }
        }) { server in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(url: server.baseURL + "/"))
                #expect(response.status == 503)
                #expect(response.retryAfter == "120")
                #expect(response.headerValues("Set-Cookie") == ["a=1", "b=2"])
                #expect(response.headers.map(\.name) == ["Set-Cookie", "Retry-After", "set-cookie", "Content-Length"])
                #expect(response.body == Array("busy".utf8))
            }
        }
    }

    @Test("404 and 500 are responses, not errors", arguments: [404, 500])
    func errorStatusesAreResponses(status: Int) async throws {
        try await withHTTPServer(routes: { server in
            await server.appendRoute("GET /missing") { _ in
                HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Nope"), body: Data("error page \(status)".utf8))
            }
        }) { base in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(url: base + "/missing"))
                #expect(response.status == status)
                #expect(!response.isSuccess)
                #expect(String(decoding: response.body, as: UTF8.self) == "error page \(status)")
            }
        }
    }

    @Test("a gzip-encoded body is decoded")
    func gzipDecoded() async throws {
        let html = Array(String(repeating: "<tr><td>Agenda item</td></tr>\n", count: 2_000).utf8)
        let compressed = gzip(html)
        #expect(compressed.count < html.count / 10)
        try await withHTTPServer(routes: { server in
            await server.appendRoute("GET /agenda") { request in
                let accepts = request.headers[HTTPHeader("Accept-Encoding")]?.contains("gzip") ?? false
                return HTTPResponse(
                    statusCode: .ok,
                    headers: accepts ? [.contentType: "text/html", .contentEncoding: "gzip"] : [.contentType: "text/html"],
                    body: Data(accepts ? compressed : html))
            }
        }) { base in
            try await withClient { client in
                let response = try await client.fetch(FetchRequest(url: base + "/agenda"))
                #expect(response.status == 200)
                #expect(response.header("Content-Encoding") == "gzip")
                #expect(response.header("Content-Length") == String(compressed.count))
                #expect(response.body == html)
                #expect(response.bytesReceived == html.count)
            }
        }
    }

    @Test("a corrupt gzip body (invalid deflate block) is an error, not a page")
    func corruptGzip() async throws {
        try await withHTTPServer(routes: { server in
            await server.appendRoute("GET /broken") { _ in
                HTTPResponse(statusCode: .ok, headers: [.contentEncoding: "gzip"],
                             body: Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03] + Array(repeating: 0xFF, count: 200)))
            }
        }) { base in
            try await withClient { client in
                let error = await fetchError(client, FetchRequest(url: base + "/broken"))
                guard case .badContentEncoding(let d)? = error as? FetchError else {
                    Issue.record("expected badContentEncoding, got \(String(describing: error))"); return
                }
                #expect(d.code == 61)
            }
        }
    }
}

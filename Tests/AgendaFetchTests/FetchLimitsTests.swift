import AgendaFetch
import FlyingFox
import Foundation
import Testing
import TestSupport

@Suite("Limits: body cap, slow and stalled servers, broken connections", .timeLimit(.minutes(3)))
struct FetchLimitsTests {

    @Test("a plain body over the cap is refused; one exactly at the cap is accepted")
    func plainBodyCap() async throws {
        let limit = 256 * 1024
        try await withHTTPServer(routes: { server in
            await server.appendRoute("GET /exact") { _ in
                HTTPResponse(statusCode: .ok, body: Data(repeating: 0x61, count: limit))
            }
            await server.appendRoute("GET /over") { _ in
                HTTPResponse(statusCode: .ok, body: Data(repeating: 0x61, count: 4 * limit))
            }
        }) { base in
            try await withClient(limits: testLimits(maxBodyBytes: limit)) { client in
                let exact = try await client.fetch(FetchRequest(url: base + "/exact"))
                #expect(exact.status == 200)
                #expect(exact.body.count == limit)

                let error = await fetchError(client, FetchRequest(url: base + "/over"))
                #expect(error as? FetchError == .bodyTooLarge(limit: limit))
                #expect((error as? FetchError)?.curlCode == nil)
            }
        }
    }

    @Test("an endless body without Content-Length stops at the cap")
    func endlessBody() async throws {
        let sent = Locked(0)
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
            let chunk = [UInt8](repeating: 0x7A, count: 16 * 1024)
            // Bounded: 64 MiB at most, far past the cap; stops as soon as the client hangs up.
            for _ in 0..<4096 {
                guard connection.write(chunk) else { break }
                sent.withLock { $0 += chunk.count }
            }
        }) { server in
            try await withClient(limits: testLimits(maxBodyBytes: 100_000)) { client in
                let error = await fetchError(client, FetchRequest(url: server.baseURL + "/endless"))
                #expect(error as? FetchError == .bodyTooLarge(limit: 100_000))
            }
        }
        #expect(sent.withLock { $0 } < 64 * 1024 * 1024)
    }

    @Test("a gzip bomb (small compressed, huge decoded) stops at the default 8 MiB decoded cap")
    func gzipBomb() async throws {
        let decodedSize = 64 << 20
        let bomb = gzip(totalBytes: decodedSize) { _, length in [UInt8](repeating: 0, count: length) }
        #expect(bomb.count < 256 * 1024)   // ~64 KiB on the wire
        try await withHTTPServer(routes: { server in
            await server.appendRoute("GET /bomb") { _ in
                HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html", .contentEncoding: "gzip"], body: Data(bomb))
            }
        }) { base in
            let limits = FetchLimits(connectTimeout: .seconds(5), totalTimeout: .seconds(15))
            #expect(limits.maxBodyBytes == 8 << 20)
            try await withClient(limits: limits) { client in
                let error = await fetchError(client, FetchRequest(url: base + "/bomb"))
                #expect(error as? FetchError == .bodyTooLarge(limit: 8 << 20))
            }
        }
    }

    @Test("headers then silence: aborted by the low-speed limit in bounded time")
    func stallAfterHeaders() async throws {
        let peerClosed = Locked(false)
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<html>")
            let closed = connection.waitForPeerClose()
            peerClosed.withLock { $0 = closed }
        }) { server in
            let limits = testLimits(lowSpeedLimit: 100, lowSpeedTime: .seconds(1))
            try await withClient(limits: limits) { client in
                let (error, took) = await timed { await fetchError(client, FetchRequest(url: server.baseURL + "/stall")) }
                guard case .tooSlow(let d)? = error as? FetchError else {
                    Issue.record("expected tooSlow, got \(String(describing: error))"); return
                }
                #expect(d.code == 28)
                #expect(took >= .milliseconds(900))
                try await waitFor(timeout: .seconds(5), "server sees the connection closed") { peerClosed.withLock { $0 } }
            }
        }
    }

    @Test("a drip below the low-speed limit is aborted")
    func slowDrip() async throws {
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n") else { return }
            // 10 bytes/s for at most 10 s, or until the client hangs up.
            for _ in 0..<100 {
                guard connection.write("x") else { return }
                usleep(100_000)
            }
        }) { server in
            let limits = testLimits(lowSpeedLimit: 100, lowSpeedTime: .seconds(1))
            try await withClient(limits: limits) { client in
                // tooSlow (curl's low-speed abort) is the proof: the drip would outlast the total timeout.
                let error = await fetchError(client, FetchRequest(url: server.baseURL + "/drip"))
                guard case .tooSlow? = error as? FetchError else {
                    Issue.record("expected tooSlow, got \(String(describing: error))"); return
                }
            }
        }
    }

    @Test("the total timeout applies even with the low-speed check off")
    func totalTimeout() async throws {
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            connection.waitForPeerClose()
        }) { server in
            let limits = testLimits(totalTimeout: .milliseconds(800), lowSpeedLimit: 0)
            try await withClient(limits: limits) { client in
                let (error, took) = await timed { await fetchError(client, FetchRequest(url: server.baseURL + "/")) }
                guard case .timedOut(let d)? = error as? FetchError else {
                    Issue.record("expected timedOut, got \(String(describing: error))"); return
                }
                #expect(d.code == 28)
                #expect(took >= .milliseconds(700))
            }
        }
    }

    @Test("a server that answers nothing and never closes times out")
    func silentServer() async throws {
        try await withRawServer(handler: { connection in
            _ = connection.readRequestHead()
            connection.waitForPeerClose()
        }) { server in
            try await withClient(limits: testLimits(totalTimeout: .seconds(1), lowSpeedLimit: 0)) { client in
                let error = await fetchError(client, FetchRequest(url: server.baseURL + "/"))
                guard case .timedOut? = error as? FetchError else {
                    Issue.record("expected timedOut, got \(String(describing: error))"); return
                }
            }
        }
    }

    enum Breakage: String, CaseIterable, Sendable {
        case resetMidBody, closeMidBody, closeBeforeResponse
    }

    @Test("a connection reset or closed mid-response is an incomplete response", arguments: Breakage.allCases)
    func brokenConnection(_ breakage: Breakage) async throws {
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            switch breakage {
            case .resetMidBody:
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "a", count: 1000))
                usleep(50_000)   // let the bytes leave before the RST
                connection.reset()
            case .closeMidBody:
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "a", count: 1000))
                connection.close()
            case .closeBeforeResponse:
                connection.close()
            }
        }) { server in
            try await withClient { client in
                let error = await fetchError(client, FetchRequest(url: server.baseURL + "/"))
                guard case .incompleteResponse(let d)? = error as? FetchError else {
                    Issue.record("expected incompleteResponse, got \(String(describing: error))"); return
                }
                switch breakage {
                case .resetMidBody: #expect([18, 56].contains(d.code))   // PARTIAL_FILE or RECV_ERROR
                case .closeMidBody: #expect(d.code == 18)
                case .closeBeforeResponse: #expect([52, 56].contains(d.code))   // GOT_NOTHING
                }
            }
        }
    }
}

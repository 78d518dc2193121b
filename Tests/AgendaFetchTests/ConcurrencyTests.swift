import AgendaFetch
import FlyingFox
import Foundation
import Testing
import TestSupport

@Suite("Per-host limits, cancellation, shutdown", .timeLimit(.minutes(3)))
struct ConcurrencyTests {

    /// A route that counts requests in flight and holds each for `hold`, so overlapping
    /// requests would be seen overlapping.
    static func slowRoute(_ recorder: InFlightRecorder, hold: Duration = .milliseconds(30)) -> (HTTPServer) async -> Void {
        { server in
            await server.appendRoute("GET /page/*") { request in
                recorder.enter()
                defer { recorder.leave() }
                try await Task.sleep(for: hold)
                return HTTPResponse(statusCode: .ok, body: Data(request.path.utf8))
            }
        }
    }

    @Test("10 concurrent fetches to one host with maxConnectionsPerHost = 1: never more than 1 in flight")
    func oneConnectionPerHost() async throws {
        let recorder = InFlightRecorder()
        try await withHTTPServer(routes: Self.slowRoute(recorder)) { base in
            try await withClient(perHost: 1) { client in
                let responses = try await withThrowingTaskGroup(of: FetchResponse.self) { group in
                    for i in 0..<10 {
                        group.addTask { try await client.fetch(FetchRequest(url: base + "/page/\(i)")) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(responses.count == 10)
                #expect(responses.allSatisfy { $0.status == 200 })
                #expect(Set(responses.map { String(decoding: $0.body, as: UTF8.self) }).count == 10)
                #expect(recorder.total == 10)
                #expect(recorder.peak == 1)
                // Those that waited for the slot say so; their transfer time excludes the wait.
                #expect(responses.contains { $0.queuedMilliseconds > 0 })
            }
        }
    }

    @Test("maxConnectionsPerHost = 2 allows two at once, never three")
    func twoConnectionsPerHost() async throws {
        let recorder = InFlightRecorder()
        try await withHTTPServer(routes: Self.slowRoute(recorder, hold: .milliseconds(100))) { base in
            try await withClient(perHost: 2) { client in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for i in 0..<8 {
                        group.addTask { try await client.fetch(FetchRequest(url: base + "/page/\(i)")).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
                #expect(recorder.peak == 2)
            }
        }
    }

    @Test("two hosts proceed in parallel while each stays at 1 connection")
    func hostsInParallel() async throws {
        // The first request each host receives waits (bounded) until the other host has a request
        // in flight. If the client serialised across hosts, that wait would time out (40 s) and
        // `overlapped` stay false.
        let a = InFlightRecorder(), b = InFlightRecorder()
        let overlapped = Locked<[String: Bool]>([:])
        func routes(me: InFlightRecorder, other: InFlightRecorder, name: String) -> (HTTPServer) async -> Void {
            { server in
                await server.appendRoute("GET /page/*") { _ in
                    me.enter()
                    defer { me.leave() }
                    if me.total == 1 {
                        let saw = (try? await waitFor(timeout: .seconds(40), "the other host") { other.current > 0 }) != nil
                        overlapped.withLock { $0[name] = saw }
                    }
                    try await Task.sleep(for: .milliseconds(20))
                    return HTTPResponse(statusCode: .ok, body: Data(name.utf8))
                }
            }
        }
        try await withHTTPServer(host: "127.0.0.1", routes: routes(me: a, other: b, name: "a")) { baseA in
            try await withHTTPServer(host: "127.0.0.2", routes: routes(me: b, other: a, name: "b")) { baseB in
                try await withClient(perHost: 1) { client in
                    let (results, _) = try await timed {
                        try await withThrowingTaskGroup(of: String.self) { group in
                            for i in 0..<4 {
                                group.addTask { String(decoding: try await client.fetch(FetchRequest(url: baseA + "/page/\(i)")).body, as: UTF8.self) }
                                group.addTask { String(decoding: try await client.fetch(FetchRequest(url: baseB + "/page/\(i)")).body, as: UTF8.self) }
                            }
                            return try await group.reduce(into: []) { $0.append($1) }
                        }
                    }
                    #expect(results.sorted() == ["a", "a", "a", "a", "b", "b", "b", "b"])
                    #expect(a.peak == 1)
                    #expect(b.peak == 1)
                    #expect(overlapped.withLock { $0 } == ["a": true, "b": true])
                }
            }
        }
    }

    @Test("time spent queued for the host's slot does not count against the total timeout")
    func queueTimeIsNotTransferTime() async throws {
        let recorder = InFlightRecorder()
        try await withHTTPServer(routes: Self.slowRoute(recorder, hold: .seconds(1))) { base in
            // 10 × 1 s one after another: the last waits ~9 s, longer than its 8 s timeout, while
            // each transfer alone has 7 s of slack for a busy machine.
            try await withClient(limits: testLimits(totalTimeout: .milliseconds(8000)), perHost: 1) { client in
                let responses = try await withThrowingTaskGroup(of: FetchResponse.self) { group in
                    for i in 0..<10 {
                        group.addTask { try await client.fetch(FetchRequest(url: base + "/page/\(i)")) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(responses.allSatisfy { $0.status == 200 })
                #expect(recorder.peak == 1)
                let longestWait = responses.map(\.queuedMilliseconds).max() ?? 0
                #expect(longestWait >= 8000)
            }
        }
    }

    @Test("cancelling the calling task aborts the transfer promptly with CancellationError")
    func cancellationInFlight() async throws {
        let peerClosed = Locked(false)
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            let closed = connection.waitForPeerClose()   // never answers
            peerClosed.withLock { $0 = closed }
        }) { server in
            try await withClient(limits: testLimits(totalTimeout: .seconds(600), lowSpeedLimit: 0)) { client in
                let task = Task { try await client.fetch(FetchRequest(url: server.baseURL + "/never")) }
                try await waitFor(timeout: .seconds(40), "the request to arrive") { !server.requests.isEmpty }
                // The transfer's own timeout is 10 minutes, past the suite's time limit: only a prompt
                // cancellation ends it in time, with CancellationError.
                task.cancel()
                let result = await task.result
                guard case .failure(let error) = result, error is CancellationError else {
                    Issue.record("expected CancellationError, got \(result)"); return
                }
                try await waitFor(timeout: .seconds(40), "the server to see the connection closed") { peerClosed.withLock { $0 } }
            }
        }
    }

    @Test("a request queued behind the per-host limit can be cancelled; the host then serves the next")
    func cancellationWhileQueued() async throws {
        let release = Locked(false)
        try await withRawServer(handler: { connection in
            while let head = connection.readRequestHead() {
                if head.hasPrefix("GET /hold ") {
                    // Hold the only slot until the test says so; the bound only ends a failed test (a
                    // short one could run out while a starved test task is still queuing its request).
                    try? waitUntil(timeout: .seconds(120), "release") { release.withLock { $0 } }
                }
                guard connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") else { return }
            }
        }) { server in
            try await withClient(perHost: 1) { client in
                let holder = Task { try await client.fetch(FetchRequest(url: server.baseURL + "/hold")) }
                try await waitFor(timeout: .seconds(40), "the holding request to arrive") { server.requests.count == 1 }
                let queued = Task { try await client.fetch(FetchRequest(url: server.baseURL + "/queued")) }
                // Give the queued request time to reach the loop (not needed for correctness:
                // cancellation before submission is handled too). Not cancelled, it would wait for
                // the holder and succeed.
                try? await Task.sleep(for: .milliseconds(50))
                queued.cancel()
                let result = await queued.result
                release.withLock { $0 = true }
                guard case .failure(let error) = result, error is CancellationError else {
                    Issue.record("expected CancellationError, got \(result)"); return
                }
                let held = try await holder.value
                #expect(held.status == 200)
                let next = try await client.fetch(FetchRequest(url: server.baseURL + "/next"))
                #expect(next.status == 200)
                #expect(!server.requests.contains { $0.hasPrefix("GET /queued ") })
            }
        }
    }

    @Test("a task cancelled before fetching gets CancellationError without a request")
    func cancelledBeforeStart() async throws {
        try await withRawServer(handler: { connection in
            _ = connection.readRequestHead()
        }) { server in
            try await withClient { client in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.fetch(FetchRequest(url: server.baseURL + "/"))
                }
                let result = await task.result
                guard case .failure(let error) = result, error is CancellationError else {
                    Issue.record("expected CancellationError, got \(result)"); return
                }
                #expect(server.connectionCount == 0)
            }
        }
    }

    @Test("shutdown ends in-flight transfers, is idempotent, and later fetches fail")
    func shutdownBehaviour() async throws {
        try await withRawServer(handler: { connection in
            guard connection.readRequestHead() != nil else { return }
            connection.waitForPeerClose()
        }) { server in
            let client = makeClient(limits: testLimits(totalTimeout: .seconds(600), lowSpeedLimit: 0))
            let inFlight = Task { try await client.fetch(FetchRequest(url: server.baseURL + "/slow")) }
            try await waitFor(timeout: .seconds(40), "the request to arrive") { !server.requests.isEmpty }
            // The transfer's own timeout is 10 minutes: a shutdown that waited for it would hang.
            client.shutdown()
            client.shutdown()   // second call: no-op
            let result = await inFlight.result
            guard case .failure(let error) = result, error as? FetchError == .shutDown else {
                Issue.record("expected shutDown, got \(result)"); return
            }
            let later = await fetchError(client, FetchRequest(url: server.baseURL + "/"))
            #expect(later as? FetchError == .shutDown)
        }
    }

    @Test("shutdown from many threads at once is safe")
    func concurrentShutdown() async throws {
        let client = makeClient()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { client.shutdown() } }
        }
        let error = await fetchError(client, FetchRequest(url: "http://127.0.0.1:1/"))
        #expect(error as? FetchError == .shutDown)
    }

    @Test("many clients and many requests: no leaks of threads or hangs")
    func manyClients() async throws {
        let recorder = InFlightRecorder()
        try await withHTTPServer(routes: Self.slowRoute(recorder, hold: .zero)) { base in
            for _ in 0..<5 {
                try await withClient(perHost: 4) { client in
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for i in 0..<40 {
                            group.addTask { try await client.fetch(FetchRequest(url: base + "/page/\(i)")).status }
                        }
                        for try await status in group { #expect(status == 200) }
                    }
                }
            }
            #expect(recorder.total == 200)
            #expect(recorder.peak <= 4)
        }
    }
}

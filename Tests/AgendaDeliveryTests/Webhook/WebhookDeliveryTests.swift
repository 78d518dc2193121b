import AgendaDelivery
import AgendaFetch
import Foundation
import Testing
import TestSupport

/// Live deliveries through libcurl to `Scripts/webhook_receiver.py` on 127.0.0.1, which checks
/// every signature with its own implementation of the spec.
@Suite("Webhook delivery", .timeLimit(.minutes(3)))
struct WebhookDeliveryTests {
    let secret = randomWebhookSecret()

    func endpoint(_ receiver: WebhookReceiver, secrets: String? = nil, allowPrivate: Bool = true,
                  timeout: Duration = .seconds(15)) throws -> WebhookEndpoint {
        WebhookEndpoint(url: receiver.url(), secrets: try WebhookSecrets(fileContents: secrets ?? receiver.secret),
                        allowPrivate: allowPrivate, timeout: timeout)
    }

    /// One attempt with a client of its own.
    func deliverOnce(id: String, body: [UInt8], to endpoint: WebhookEndpoint, at date: Date) async -> WebhookAttemptResult {
        await withWebhookSender { await $0.deliver(id: id, body: body, to: endpoint, at: date) }
    }

    static func notice(_ id: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","type":"meeting.changed","summary":"Item 24: document added (Appendix B) — Café"}"#.utf8)
    }

    @Test("50 distinct notices, sent concurrently: every one delivered and verified by the receiver")
    func fiftyNotices() async throws {
        let receiver = try await WebhookReceiver(secret: secret)
        let endpoint = try endpoint(receiver)
        let now = Date()
        let ids = (0..<50).map { String(format: "ntc_%024x", $0 * 7919 + 1) }
        let results = await withWebhookSender { sender in
            await withTaskGroup(of: (String, WebhookAttemptResult).self) { group in
                for id in ids {
                    group.addTask { (id, await sender.deliver(id: id, body: Self.notice(id), to: endpoint, at: now)) }
                }
                return await group.reduce(into: [String: WebhookAttemptResult]()) { $0[$1.0] = $1.1 }
            }
        }
        #expect(results.count == 50)
        #expect(results.values.allSatisfy { $0 == .delivered(status: 200) })

        let requests = try receiver.requests()
        #expect(requests.count == 50)
        #expect(requests.allSatisfy { $0.verified == true && $0.status == 200 })
        #expect(Set(requests.compactMap(\.id)) == Set(ids))
        for request in requests {
            #expect(request.method == "POST")
            #expect(request.body == String(decoding: Self.notice(request.id ?? ""), as: UTF8.self))
            #expect(request.timestamp == String(Int(now.timeIntervalSince1970)))
            #expect(request.content_type == "application/json")
            #expect(request.user_agent == webhookTestUserAgent)
            #expect(request.verified_library == true)
        }
    }

    @Test("fail:2 → two failed attempts, then delivered; same webhook-id, fresh timestamp and signature each time")
    func retriesKeepTheID() async throws {
        let receiver = try await WebhookReceiver(secret: secret, mode: "fail:2")
        let endpoint = try endpoint(receiver)
        let first = Date().addingTimeInterval(-20)
        let results = await withWebhookSender { sender in
            var results: [WebhookAttemptResult] = []
            for attempt in 0..<3 {
                let at = first.addingTimeInterval(Double(attempt) * 5)
                results.append(await sender.deliver(id: "ntc_retry", body: Self.notice("ntc_retry"), to: endpoint, at: at))
            }
            return results
        }
        #expect(results[0] == .failed(status: 500, reason: "HTTP 500: status 500"))
        #expect(results[1] == .failed(status: 500, reason: "HTTP 500: status 500"))
        #expect(results[2] == .delivered(status: 200))
        #expect(results[0].lastError == "HTTP 500: status 500")
        #expect(results[0].status == 500)
        #expect(results[2].lastError == nil)

        let requests = try receiver.requests()
        #expect(requests.map(\.id) == ["ntc_retry", "ntc_retry", "ntc_retry"])
        #expect(requests.map(\.status) == [500, 500, 200])
        #expect(requests.allSatisfy { $0.verified == true })
        let base = Int(first.timeIntervalSince1970)
        #expect(requests.compactMap(\.timestamp) == [String(base), String(base + 5), String(base + 10)])
        #expect(Set(requests.compactMap(\.signature)).count == 3)
    }

    @Test("410 → gone (disable the subscription)")
    func gone() async throws {
        let receiver = try await WebhookReceiver(secret: secret, mode: "gone")
        let target = try endpoint(receiver)
        let result = await deliverOnce(id: "ntc_gone", body: Self.notice("ntc_gone"), to: target, at: Date())
        #expect(result == .gone)
        #expect(result.status == 410)
        #expect(result.lastError?.hasPrefix("HTTP 410 Gone") == true)
        #expect(try receiver.requests().count == 1)
    }

    @Test("301 → failed, and the redirect target is never requested")
    func redirectNotFollowed() async throws {
        let receiver = try await WebhookReceiver(secret: secret, mode: "redirect")
        let target = try endpoint(receiver)
        let result = await deliverOnce(id: "ntc_moved", body: Self.notice("ntc_moved"), to: target, at: Date())
        guard case .failed(let status, let reason) = result else {
            Issue.record("expected failed, got \(result)")
            return
        }
        #expect(status == 301)
        #expect(reason == "HTTP 301: redirect to \(receiver.url("/redirected")) not followed")
        let requests = try receiver.requests()
        #expect(requests.count == 1)
        #expect(requests.map(\.path) == ["/hook"])
    }

    @Test("429 with Retry-After: 1 → throttled(1 s), then delivered")
    func throttledThenDelivered() async throws {
        let receiver = try await WebhookReceiver(secret: secret, mode: "throttle:1")
        let endpoint = try endpoint(receiver)
        let (first, second) = await withWebhookSender { sender in
            (await sender.deliver(id: "ntc_slow", body: Self.notice("ntc_slow"), to: endpoint, at: Date()),
             await sender.deliver(id: "ntc_slow", body: Self.notice("ntc_slow"), to: endpoint, at: Date()))
        }
        #expect(first == .throttled(status: 429, retryAfter: 1))
        #expect(first.lastError == "HTTP 429: throttled, Retry-After 1 s")
        #expect(second == .delivered(status: 200))
    }

    @Test("503 with an HTTP-date Retry-After → throttled until that date")
    func retryAfterDate() async throws {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let receiver = try await WebhookReceiver(
            secret: secret, mode: "status:503",
            extraArguments: ["--retry-after", formatter.string(from: now.addingTimeInterval(120))])
        let target = try endpoint(receiver)
        let result = await deliverOnce(id: "ntc_busy", body: Self.notice("ntc_busy"), to: target, at: now)
        #expect(result == .throttled(status: 503, retryAfter: 120))
    }

    static let statuses: [(Int, WebhookAttemptResult)] = [
        (201, .delivered(status: 201)),
        (204, .delivered(status: 204)),
        (502, .throttled(status: 502, retryAfter: nil)),
        (504, .throttled(status: 504, retryAfter: nil)),
        (500, .failed(status: 500, reason: "HTTP 500: status 500")),
        (404, .failed(status: 404, reason: "HTTP 404: status 404")),
        (400, .failed(status: 400, reason: "HTTP 400: status 400")),
    ]

    @Test("status classification: 2xx delivered, 502/504 throttled, everything else failed", arguments: statuses)
    func classification(_ status: Int, _ expected: WebhookAttemptResult) async throws {
        let receiver = try await WebhookReceiver(secret: secret, mode: "status:\(status)")
        let target = try endpoint(receiver)
        let result = await deliverOnce(id: "ntc_s\(status)", body: Self.notice("x"), to: target, at: Date())
        #expect(result == expected)
        #expect(try receiver.requests().map(\.status) == [status])
    }

    @Test("a wrong secret is rejected by the receiver (401 → failed): its check is real")
    func wrongSecret() async throws {
        let receiver = try await WebhookReceiver(secret: secret)
        let target = try endpoint(receiver, secrets: randomWebhookSecret())
        let result = await deliverOnce(id: "ntc_bad", body: Self.notice("ntc_bad"), to: target, at: Date())
        #expect(result.status == 401)
        #expect(try receiver.requests().first?.verified == false)
    }

    @Test("key rotation: two signatures in the header; a receiver knowing only the new secret verifies")
    func rotation() async throws {
        let old = randomWebhookSecret()
        let receiver = try await WebhookReceiver(secret: secret)
        let target = try endpoint(receiver, secrets: "\(old)\n\(secret)\n")
        let result = await deliverOnce(id: "ntc_rot", body: Self.notice("ntc_rot"), to: target, at: Date())
        #expect(result == .delivered(status: 200))
        let request = try #require(try receiver.requests().first)
        #expect(request.verified == true)
        let signatures = request.signature?.split(separator: " ") ?? []
        #expect(signatures.count == 2)
        #expect(signatures.allSatisfy { $0.hasPrefix("v1,") })
    }

    @Test("a hanging endpoint with a 1 s timeout fails promptly")
    func hangTimesOut() async throws {
        let receiver = try await WebhookReceiver(secret: secret, mode: "hang", extraArguments: ["--hang-seconds", "60"])
        let start = ContinuousClock.now
        let target = try endpoint(receiver, timeout: .seconds(1))
        let result = await deliverOnce(id: "ntc_hang", body: Self.notice("ntc_hang"), to: target, at: Date())
        let elapsed = ContinuousClock.now - start
        guard case .failed(nil, let reason) = result else {
            Issue.record("expected a transport failure, got \(result)")
            return
        }
        #expect(reason.hasPrefix("timed out"))
        #expect(elapsed < .seconds(40))   // prompt, not the receiver's 60 s hang (a loaded CI machine can take 10 s)
        #expect(try receiver.requests().count == 1)   // it connected and sent; the answer never came
    }

    @Test("a hanging endpoint holds up no other: another endpoint is delivered to while it hangs")
    func isolation() async throws {
        let hanging = try await WebhookReceiver(secret: secret, mode: "hang", extraArguments: ["--hang-seconds", "120"])
        let healthy = try await WebhookReceiver(secret: secret)
        let slowEndpoint = try endpoint(hanging, timeout: .seconds(100))
        let quickEndpoint = try endpoint(healthy)
        let hangFinished = Locked(false)
        try await withWebhookSender { sender in
            let hangingDelivery = Task {
                let result = await sender.deliver(id: "ntc_stuck", body: Self.notice("ntc_stuck"), to: slowEndpoint, at: Date())
                hangFinished.withLock { $0 = true }
                return result
            }
            // The hanging receiver has the request and is holding it.
            try await hanging.waitForRequests(1)
            var results: [WebhookAttemptResult] = []
            for i in 0..<5 {
                results.append(await sender.deliver(id: "ntc_ok\(i)", body: Self.notice("ntc_ok\(i)"), to: quickEndpoint, at: Date()))
            }
            // All five went through while the first delivery was still waiting for its answer.
            #expect(hangFinished.withLock { $0 } == false)
            #expect(results == Array(repeating: .delivered(status: 200), count: 5))
            hangingDelivery.cancel()
            let stuck = await hangingDelivery.value
            #expect(stuck == .failed(status: nil, reason: "the delivery was cancelled"))
        }
        #expect(try healthy.requests().count == 5)
        #expect(try hanging.requests().count == 1)
    }

    static let loopbackSpellings = [
        "http://127.0.0.1:PORT/hook", "http://localhost:PORT/hook", "http://0x7f000001:PORT/hook", "http://[::1]:PORT/hook",
    ]

    @Test("SSRF guard: loopback refused however spelled, and the receiver sees no connection at all",
          arguments: loopbackSpellings)
    func ssrfRefused(_ template: String) async throws {
        let receiver = try await WebhookReceiver(secret: secret)
        let url = template.replacingOccurrences(of: "PORT", with: String(receiver.port))
        let endpoint = WebhookEndpoint(url: url, secrets: try WebhookSecrets(fileContents: secret), allowPrivate: false)
        let result = await deliverOnce(id: "ntc_ssrf", body: Self.notice("ntc_ssrf"), to: endpoint, at: Date())
        guard case .refused(let reason) = result else {
            Issue.record("\(url): expected refused, got \(result)")
            return
        }
        #expect(reason.contains("loopback"))
        #expect(reason.hasPrefix("refused to connect to "))
        #expect(result.lastError == reason)
        #expect(result.status == nil)
        // A permitted delivery afterwards: connections are accepted in order, so once its
        // connection is logged, any earlier one would have been too. Exactly one means the
        // refused attempt never connected.
        let allowed = await deliverOnce(id: "ntc_after", body: Self.notice("ntc_after"), to: try self.endpoint(receiver), at: Date())
        #expect(allowed == .delivered(status: 200))
        #expect(try receiver.connections() == 1)
        #expect(try receiver.requests().map(\.id) == ["ntc_after"])
    }

    @Test("allowPrivate = true lets the same loopback endpoint through")
    func allowPrivate() async throws {
        let receiver = try await WebhookReceiver(secret: secret)
        let target = try endpoint(receiver, allowPrivate: true)
        let result = await deliverOnce(id: "ntc_local", body: Self.notice("ntc_local"), to: target, at: Date())
        #expect(result == .delivered(status: 200))
        #expect(try receiver.connections() == 1)
    }

    @Test("a pooled connection to a private endpoint is not reused by a guarded delivery")
    func pooledConnectionRefused() async throws {
        let receiver = try await WebhookReceiver(secret: secret)
        let openEndpoint = try endpoint(receiver, allowPrivate: true)
        let guardedEndpoint = try endpoint(receiver, allowPrivate: false)
        // One client for both, so the second could take the first's pooled connection.
        let (open, guarded) = await withWebhookSender { sender in
            (await sender.deliver(id: "ntc_a", body: Self.notice("ntc_a"), to: openEndpoint, at: Date()),
             await sender.deliver(id: "ntc_b", body: Self.notice("ntc_b"), to: guardedEndpoint, at: Date()))
        }
        #expect(open == .delivered(status: 200))
        guard case .refused = guarded else {
            Issue.record("expected refused, got \(guarded)")
            return
        }
        #expect(try receiver.requests().map(\.id) == ["ntc_a"])
    }

    @Test("an unresolvable host fails (a resolver failure is never a pass)")
    func unresolvable() async throws {
        let endpoint = WebhookEndpoint(url: "http://no-such-host.invalid/hook", secrets: try WebhookSecrets(fileContents: secret))
        let result = await deliverOnce(id: "ntc_dns", body: Self.notice("ntc_dns"), to: endpoint, at: Date())
        guard case .failed(nil, let reason) = result else {
            Issue.record("expected failed, got \(result)")
            return
        }
        #expect(reason.hasPrefix("could not resolve host"))
    }

    @Test("bad input is a failed result, with nothing sent: an id with a dot, a non-http URL")
    func badInput() async throws {
        let receiver = try await WebhookReceiver(secret: secret)
        let dotted = await deliverOnce(id: "ntc.1", body: [], to: try endpoint(receiver), at: Date())
        let ftpEndpoint = WebhookEndpoint(url: "ftp://127.0.0.1:\(receiver.port)/",
                                          secrets: try WebhookSecrets(fileContents: secret), allowPrivate: true)
        let ftp = await deliverOnce(id: "ntc_1", body: [], to: ftpEndpoint, at: Date())
        #expect(dotted == .failed(status: nil, reason: "invalid webhook-id \"ntc.1\": it must be 1–256 visible ASCII characters without \".\""))
        guard case .failed(nil, let reason) = ftp else {
            Issue.record("expected failed, got \(ftp)")
            return
        }
        #expect(reason.hasPrefix("refused: only http and https are allowed"))
        #expect(try receiver.connections() == 0)
    }
}

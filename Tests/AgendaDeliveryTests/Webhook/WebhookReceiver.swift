import AgendaDelivery
import AgendaFetch
import Foundation
import Testing
import TestSupport

/// `Scripts/webhook_receiver.py` on 127.0.0.1: a Standard Webhooks consumer with its own
/// signature check, behaving as `mode` says, logging every connection and request.
final class WebhookReceiver: @unchecked Sendable {
    let process: ScriptProcess
    let port: Int
    let logPath: String
    let secret: String
    private let folder: URL

    /// One request as the receiver logged it (before answering it).
    struct Request: Decodable, Sendable {
        var method: String
        var path: String
        var id: String?
        var timestamp: String?
        var signature: String?
        var verified: Bool?
        var verified_library: Bool?
        var reason: String?
        var status: Int?
        var body: String?
        var user_agent: String?
        var content_type: String?
    }

    private struct Event: Decodable { var event: String }

    /// Starts a receiver that verifies with `secret` only.
    init(secret: String, mode: String = "ok", extraArguments: [String] = []) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        logPath = folder.appendingPathComponent("requests.jsonl").path
        self.secret = secret
        process = try ScriptProcess(
            script: "webhook_receiver.py",
            arguments: ["--secret", secret, "--log", logPath, "--mode", mode, "--lifetime", "300"] + extraArguments,
            logPath: folder.appendingPathComponent("stdout.log").path)
        let line = try await process.waitForLine("LISTENING ")
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            process.stop()
            throw WebhookReceiverError("the receiver printed no port: \(line)")
        }
        self.port = port
    }

    deinit {
        process.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    private func lines() throws -> [Data] {
        guard FileManager.default.fileExists(atPath: logPath) else { return [] }
        return try String(contentsOfFile: logPath, encoding: .utf8)
            .split(separator: "\n").map { Data($0.utf8) }
    }

    /// Every request received so far, in order.
    func requests() throws -> [Request] {
        let decoder = JSONDecoder()
        return try lines().compactMap { line in
            try decoder.decode(Event.self, from: line).event == "request" ? try decoder.decode(Request.self, from: line) : nil
        }
    }

    /// TCP connections accepted so far.
    func connections() throws -> Int {
        let decoder = JSONDecoder()
        return try lines().filter { try decoder.decode(Event.self, from: $0).event == "connection" }.count
    }

    /// Waits (polling, bounded) until `count` requests have arrived.
    func waitForRequests(_ count: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while try requests().count < count {
            guard ContinuousClock.now < deadline else {
                throw WebhookReceiverError("waited \(timeout) for \(count) requests; log:\n\(process.log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func stop() { process.stop() }
}

struct WebhookReceiverError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh random `whsec_` secret (32-byte key).
func randomWebhookSecret() -> String {
    var generator = SystemRandomNumberGenerator()
    let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    return "whsec_" + Data(key).base64EncodedString()
}

let webhookTestUserAgent = "agenda-sync-tests/1.0 (+https://example.org/bot; ops@example.org)"

/// Runs `body` with a sender over a fresh client (configured as the daemon's), shut down after.
func withWebhookSender<R>(_ body: (WebhookSender) async throws -> R) async rethrows -> R {
    let client = HTTPClient(configuration: WebhookSender.clientConfiguration(userAgent: webhookTestUserAgent))
    defer { client.shutdown() }
    return try await body(WebhookSender(client: client))
}

/// A value behind a lock, for state shared between tasks in a test.
final class WebhookTestLock<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

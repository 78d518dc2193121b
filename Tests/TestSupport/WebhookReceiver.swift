import Foundation

/// `Scripts/webhook_receiver.py` on 127.0.0.1: a Standard Webhooks consumer with its own
/// signature check, behaving as `mode` says, logging every connection and request.
public final class WebhookReceiver: @unchecked Sendable {
    public let process: ScriptProcess
    public let port: Int
    public let logPath: String
    public let secret: String
    /// A file holding `secret`, for a subscription's `secret_file`.
    public let secretFile: String
    private let folder: URL

    /// One request as the receiver logged it (before answering it).
    public struct Request: Decodable, Sendable {
        public var method: String
        public var path: String
        public var id: String?
        public var timestamp: String?
        public var signature: String?
        public var verified: Bool?
        public var verified_library: Bool?
        public var reason: String?
        public var status: Int?
        public var body: String?
        public var user_agent: String?
        public var content_type: String?
    }

    private struct Event: Decodable { var event: String }

    /// Starts a receiver that verifies with `secret` only; `extraArguments` are more of the script's
    /// options (e.g. `--tolerance` for a sender on a simulated clock, `--delay`).
    public init(secret: String = WebhookReceiver.randomSecret(), mode: String = "ok", extraArguments: [String] = []) async throws {
        let folder = URL(fileURLWithPath: try makeTemporaryFolder("webhook"))
        self.folder = folder
        logPath = folder.appendingPathComponent("requests.jsonl").path
        self.secret = secret
        secretFile = folder.appendingPathComponent("secret").path
        try Data(secret.utf8).write(to: URL(fileURLWithPath: secretFile))
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

    public func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    private func lines() throws -> [Data] { try Self.lines(logPath) }

    private static func lines(_ logPath: String) throws -> [Data] {
        guard FileManager.default.fileExists(atPath: logPath) else { return [] }
        return try String(contentsOfFile: logPath, encoding: .utf8)
            .split(separator: "\n").map { Data($0.utf8) }
    }

    /// Every request received so far, in order.
    public func requests() throws -> [Request] { try Self.requests(loggedAt: logPath) }

    /// The requests in a receiver's log file (for code that must not hold the receiver itself).
    public static func requests(loggedAt logPath: String) throws -> [Request] {
        let decoder = JSONDecoder()
        return try lines(logPath).compactMap { line in
            try decoder.decode(Event.self, from: line).event == "request" ? try decoder.decode(Request.self, from: line) : nil
        }
    }

    /// TCP connections accepted so far.
    public func connections() throws -> Int {
        let decoder = JSONDecoder()
        return try lines().filter { try decoder.decode(Event.self, from: $0).event == "connection" }.count
    }

    /// Waits (polling, bounded) until `count` requests have arrived.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(20)) async throws {
        guard try await eventually(timeout: timeout, { try requests().count >= count }) else {
            throw WebhookReceiverError("waited \(timeout) for \(count) requests; log:\n\(process.log)")
        }
    }

    public func stop() { process.stop() }

    /// A fresh random `whsec_` secret (32-byte key).
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(key).base64EncodedString()
    }
}

public struct WebhookReceiverError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import AgendaDelivery
import FlyingFox
import Foundation

/// The demo's webhook endpoint, served from this process on 127.0.0.1: it checks every request's
/// Standard Webhooks signature against the demo's secret and keeps the notice ids it received.
/// (The tests check signatures with an independent receiver; this one only shows the channel working.)
actor DemoWebhookReceiver {
    struct Received: Sendable {
        var id: String
        var verified: Bool
    }

    let secrets: WebhookSecrets
    private var server: HTTPServer?
    private var serverTask: Task<Void, any Error>?
    private(set) var received: [Received] = []

    init(secrets: WebhookSecrets) {
        self.secrets = secrets
    }

    /// Starts listening; returns the endpoint URL.
    func start() async throws -> String {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled,
                                handler: Handler(receiver: self))
        self.server = server
        serverTask = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the demo webhook receiver did not listen"])
        }
        return "http://127.0.0.1:\(port)/hook"
    }

    func stop() async {
        if let server { await server.stop(timeout: 0) }
        serverTask?.cancel()
    }

    /// 200 when the signature is one of ours (timestamp within 5 minutes), else 401.
    fileprivate func receive(id: String, timestamp: String, signature: String, body: [UInt8]) -> Bool {
        var verified = false
        if let seconds = Int(timestamp), abs(Date().timeIntervalSince1970 - Double(seconds)) <= 300 {
            let expected = Set(WebhookSignature.header(id: id, timestamp: seconds, body: body, secrets: secrets)
                .split(separator: " "))
            verified = signature.split(separator: " ").contains { expected.contains($0) }
        }
        received.append(Received(id: id, verified: verified))
        return verified
    }

    private struct Handler: HTTPHandler {
        let receiver: DemoWebhookReceiver

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            let body = Array(try await request.bodyData)
            let verified = await receiver.receive(id: request.headers[HTTPHeader("webhook-id")] ?? "",
                                                  timestamp: request.headers[HTTPHeader("webhook-timestamp")] ?? "",
                                                  signature: request.headers[HTTPHeader("webhook-signature")] ?? "",
                                                  body: body)
            return HTTPResponse(statusCode: verified ? .ok : .unauthorized)
        }
    }
}

import AgendaDelivery
import Foundation
import Testing
import TestSupport

/// TLS to the relay: STARTTLS (required) and implicit TLS (smtps), with a self-signed
/// certificate trusted through `caFile`; verification is never off.
@Suite struct SMTPTLSTests {
    let folder: String

    init() throws { folder = try makeTemporaryFolder("smtp-tls") }

    func send(_ settings: SMTPSettings) async -> SMTPResult {
        await SMTPSender(settings: settings).send(
            message: testMessage(id: "ntc_tls"), from: "alerts@example.org", to: ["jane@example.org"])
    }

    @Test func requiredSTARTTLSCarriesTheMessageAndTheCredentials() async throws {
        let (certificate, key) = try await makeSelfSignedCertificate(in: folder)
        let server = try await SMTPTestServer(extra: [
            "--tls-cert", certificate, "--tls-key", key, "--auth-user", "agenda", "--auth-pass", "secret",
        ])
        let settings = try SMTPSettings(url: server.url, tls: .startTLS,
                                        credentials: SMTPCredentials(username: "agenda", password: "secret"),
                                        caFile: certificate, timeout: .seconds(30))
        let result = await send(settings)
        #expect(result.code == 250)
        let log = try #require(try server.messageLog().first)
        #expect(log["tls"] as? Bool == true)
        #expect(log["login"] as? String == "agenda")
        #expect(try server.messages() == [testMessage(id: "ntc_tls")])
    }

    @Test func implicitTLSOverSMTPS() async throws {
        let (certificate, key) = try await makeSelfSignedCertificate(in: folder)
        let server = try await SMTPTestServer(extra: ["--tls-cert", certificate, "--tls-key", key, "--implicit-tls"])
        let settings = try SMTPSettings(url: "smtps://127.0.0.1:\(server.port)", caFile: certificate, timeout: .seconds(30))
        #expect(await send(settings).code == 250)
        #expect(try server.messageLog().first?["tls"] as? Bool == true)
    }

    @Test func anUntrustedCertificateIsRefusedAsATemporaryFailure() async throws {
        let (certificate, key) = try await makeSelfSignedCertificate(in: folder)
        let server = try await SMTPTestServer(extra: ["--tls-cert", certificate, "--tls-key", key])
        let result = await send(try SMTPSettings(url: server.url, tls: .startTLS, timeout: .seconds(30)))
        guard case .temporary(nil, let reply) = result else {
            Issue.record("expected a temporary failure, got \(result)")
            return
        }
        #expect(reply.contains("(curl error 60)"))   // CURLE_PEER_FAILED_VERIFICATION
        #expect(try server.messages().isEmpty)
    }

    @Test func requiredSTARTTLSNeverFallsBackToPlainText() async throws {
        let server = try await SMTPTestServer()
        let result = await send(try SMTPSettings(url: server.url, tls: .startTLS, timeout: .seconds(30)))
        guard case .temporary(nil, let reply) = result else {
            Issue.record("expected a temporary failure, got \(result)")
            return
        }
        #expect(reply.contains("(curl error 64)"))   // CURLE_USE_SSL_FAILED
        #expect(try server.messages().isEmpty)
    }
}

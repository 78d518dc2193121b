import AgendaDelivery
import Foundation
import Testing

@Suite("Webhook signatures and secrets")
struct WebhookSignatureTests {
    static let katSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test("known answer from the Standard Webhooks test suite")
    func knownAnswer() throws {
        let signature = WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330,
            body: Array(#"{"test": 2432232314}"#.utf8), secret: try WebhookSecret(Self.katSecret))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("every part of the signed content matters: id, timestamp, body")
    func signedContent() throws {
        let secret = try WebhookSecret(Self.katSecret)
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let base = WebhookSignature.sign(id: "msg_1", timestamp: 1614265330, body: body, secret: secret)
        #expect(WebhookSignature.sign(id: "msg_2", timestamp: 1614265330, body: body, secret: secret) != base)
        #expect(WebhookSignature.sign(id: "msg_1", timestamp: 1614265331, body: body, secret: secret) != base)
        #expect(WebhookSignature.sign(id: "msg_1", timestamp: 1614265330, body: body + [0x20], secret: secret) != base)
        #expect(WebhookSignature.sign(id: "msg_1", timestamp: 1614265330, body: body, secret: secret) == base)
    }

    @Test("rotation: the header holds one signature per secret, space-separated, in file order")
    func rotationHeader() throws {
        let old = "whsec_" + Data(repeating: 1, count: 32).base64EncodedString()
        let secrets = try WebhookSecrets(fileContents: "\(Self.katSecret)\n  \(old)\n")
        #expect(secrets.secrets.count == 2)
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let header = WebhookSignature.header(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: body, secrets: secrets)
        let parts = header.split(separator: " ").map(String.init)
        #expect(parts.count == 2)
        #expect(parts[0] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(parts[1] == WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330,
                                                  body: body, secret: secrets.secrets[1]))
        #expect(parts[1] != parts[0])
    }

    @Test("secret files: whitespace of any kind separates; 24 and 64 byte keys are the bounds")
    func parsing() throws {
        let k24 = "whsec_" + Data(repeating: 7, count: 24).base64EncodedString()
        let k64 = "whsec_" + Data(repeating: 9, count: 64).base64EncodedString()
        let secrets = try WebhookSecrets(fileContents: "\n\t\(k24) \(k64)\r\n")
        #expect(secrets.secrets.map(\.key.count) == [24, 64])
        #expect(try WebhookSecret(Self.katSecret).key.count == 24)
    }

    static let badFiles: [(String, WebhookSecretError, String)] = [
        ("", .empty, "the webhook secret file is empty: expected one or more whsec_<base64> secrets"),
        (" \n\t \n", .empty, "the webhook secret file is empty: expected one or more whsec_<base64> secrets"),
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", .missingPrefix(position: 1),
         "webhook secret 1 does not start with \"whsec_\" (expected whsec_<base64>)"),
        ("whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", .missingPrefix(position: 1),
         "webhook secret 1 does not start with \"whsec_\" (expected whsec_<base64>)"),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", .missingPrefix(position: 2),
         "webhook secret 2 does not start with \"whsec_\" (expected whsec_<base64>)"),
        ("whsec_MfKQ9r8G!!qrTwjUPD8ILPZIo2LaLaSw", .invalidBase64(position: 1),
         "webhook secret 1: the text after \"whsec_\" is not valid base64"),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", .invalidBase64(position: 1),
         "webhook secret 1: the text after \"whsec_\" is not valid base64"),
        ("whsec_" + Data(repeating: 1, count: 16).base64EncodedString(), .keyTooShort(position: 1, bytes: 16),
         "webhook secret 1 is too short: its key is 16 bytes, at least 24 are required"),
        ("whsec_" + Data(repeating: 1, count: 23).base64EncodedString(), .keyTooShort(position: 1, bytes: 23),
         "webhook secret 1 is too short: its key is 23 bytes, at least 24 are required"),
        ("whsec_", .keyTooShort(position: 1, bytes: 0),
         "webhook secret 1 is too short: its key is 0 bytes, at least 24 are required"),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\nwhsec_" + Data(repeating: 1, count: 65).base64EncodedString(),
         .keyTooLong(position: 2, bytes: 65),
         "webhook secret 2 is too long: its key is 65 bytes, at most 64 are allowed"),
    ]

    @Test("bad secret files get a clear error naming the secret and the problem", arguments: badFiles)
    func badFile(_ contents: String, _ expected: WebhookSecretError, _ message: String) {
        #expect {
            try WebhookSecrets(fileContents: contents)
        } throws: { error in
            guard let error = error as? WebhookSecretError else { return false }
            return error == expected && error.description == message
        }
    }

    @Test("errors and descriptions never show the secret")
    func noLeaks() throws {
        let secrets = try WebhookSecrets(fileContents: Self.katSecret)
        #expect(!"\(secrets)".contains("MfKQ9r8G"))
        #expect(!"\(secrets.secrets[0])".contains("MfKQ9r8G"))
        #expect(!String(reflecting: secrets.secrets[0]).contains("MfKQ9r8G"))
        do {
            _ = try WebhookSecrets(fileContents: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        } catch {
            #expect(!"\(error)".contains("MfKQ9r8G"))
        }
    }

    @Test("secret file on disk: read and parsed; a missing file is a clear error")
    func fromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("whsec-\(UUID().uuidString)").path
        try (Self.katSecret + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try WebhookSecrets(contentsOfFile: path).secrets.count == 1)
        #expect {
            try WebhookSecrets(contentsOfFile: path + ".missing")
        } throws: { error in
            guard case .unreadable(let missing, _)? = error as? WebhookSecretError else { return false }
            return missing == path + ".missing" && "\(error)".hasPrefix("cannot read the webhook secret file \(missing): ")
        }
    }
}

import COpenSSL
import Foundation

/// Standard Webhooks v1 signatures: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")).
public enum WebhookSignature {
    /// The signature of one attempt with one secret, e.g. `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=`.
    ///
    /// `body` must be the exact bytes sent; `timestamp` is the attempt's Unix seconds (re-sign on
    /// every attempt). `id` must hold no `.` (``WebhookSender`` checks).
    public static func sign(id: String, timestamp: Int, body: [UInt8], secret: WebhookSecret) -> String {
        var content = Array("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        return "v1," + Data(hmacSHA256(key: secret.key, message: content)).base64EncodedString()
    }

    /// The `webhook-signature` header value: one signature per secret, space-separated, in the
    /// secrets' order.
    public static func header(id: String, timestamp: Int, body: [UInt8], secrets: WebhookSecrets) -> String {
        secrets.secrets.map { sign(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                // Neither is empty: a WebhookSecret has at least 24 bytes, the message holds "id.ts.".
                HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                     messageBytes.baseAddress, messageBytes.count, &digest, &length)
            }
        }
        precondition(result != nil && length == 32, "HMAC-SHA256 failed in libcrypto")
        return Array(digest.prefix(Int(length)))
    }
}

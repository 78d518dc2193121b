import AgendaCore
import COpenSSL

/// SHA-256 over bytes, through the system libcrypto (EVP one-shot, not the deprecated `SHA256()`).
/// Stable across runs and processes, unlike Swift's `Hasher`: use it for anything that is stored or sent.
public enum SHA256Digest {
    /// The 32-byte digest.
    public static func digest(of bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, EVP_sha256(), nil)
        }
        // EVP_Digest with a built-in algorithm fails only when libcrypto cannot allocate a context.
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed")
        return Array(out.prefix(32))
    }

    /// Lower-case hex of the digest (64 characters).
    public static func hex(of bytes: [UInt8]) -> String {
        Hex.encode(digest(of: bytes))
    }

    /// Lower-case hex of the digest of the string's UTF-8 bytes.
    public static func hex(of text: String) -> String {
        hex(of: Array(text.utf8))
    }
}

import COpenSSL

/// SHA-256 through the system libcrypto, for ids that must be stable across runs (digest ids,
/// file names for odd notice ids).
enum MailSHA256 {
    /// Lower-case hex of the digest of `text`'s UTF-8 bytes (64 characters).
    static func hex(of text: String) -> String {
        let bytes = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, EVP_sha256(), nil)
        }
        // EVP_Digest with a built-in algorithm fails only when libcrypto cannot allocate a context.
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed")
        return MailHex.string(Array(out.prefix(32)))
    }
}

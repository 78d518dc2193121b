import AgendaCore
import CXXHash

/// The digest a fetched body is remembered by (`page_validators.body_digest`, `list_pages`): a body
/// with the digest of the last good one is the same page, and is not parsed again.
///
/// XXH3-128 (xxHash), written "xxh3:" + 32 hex digits. A non-cryptographic hash is enough here: it
/// only decides whether we parse again a page we fetched ourselves, and a council that could forge
/// a collision could as well serve the old page. XXH3 runs at tens of GB/s against SHA-256's
/// 1.6 GB/s here, and SHA-256 of every body was ~7% of an unchanged cycle's CPU. Digests stored
/// before (SHA-256, 64 hex digits) never equal one of these: after an upgrade each page is parsed
/// once more, and — its meaning unchanged — yields no version, only its new digest.
enum BodyDigest {
    static let prefix = "xxh3:"

    static func of(_ body: [UInt8]) -> String {
        let hash = body.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
        // xxHash's canonical form: big-endian, high half first.
        return prefix + Hex.encode(hash.high64) + Hex.encode(hash.low64)
    }
}

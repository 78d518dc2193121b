import AgendaDiff

/// The digest a fetched body is remembered by (`page_validators.body_digest`, `list_pages`): a body
/// with the digest of the last good one is the same page, and is not parsed again.
///
/// XXH3-128 (`XXH3Digest`, "xxh3:" + 32 hex digits). A non-cryptographic hash is enough here: it
/// only decides whether we parse again a page we fetched ourselves, and a council that could forge
/// a collision could as well serve the old page. SHA-256 of every body was ~7% of an unchanged
/// cycle's CPU. Digests stored before (SHA-256, 64 hex digits) never equal one of these: after an
/// upgrade each page is parsed once more, and — its meaning unchanged — yields no version, only its
/// new digest.
enum BodyDigest {
    static let prefix = XXH3Digest.prefix

    static func of(_ body: [UInt8]) -> String {
        XXH3Digest.string(of: body)
    }
}

import AgendaCore
import CXXHash

/// XXH3-128 (xxHash, through the system libxxhash) over bytes, written "xxh3:" + 32 hex digits in
/// xxHash's canonical form (what `xxhsum -H2` prints). Stable across runs, processes and machines.
///
/// Not cryptographic: use it where a digest only tells whether bytes we produced or fetched ourselves
/// changed (a fetched body, a meeting's canonical JSON), never where a collision someone crafted would
/// matter. It runs at tens of GB/s against SHA-256's 1.6 GB/s here. The prefix keeps such a digest
/// from ever equalling a SHA-256 one (64 hex digits) that an earlier release stored in the same column.
public enum XXH3Digest {
    public static let prefix = "xxh3:"

    public static func string(of bytes: [UInt8]) -> String {
        let hash = bytes.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
        // xxHash's canonical form: big-endian, high half first.
        return prefix + Hex.encode(hash.high64) + Hex.encode(hash.low64)
    }
}

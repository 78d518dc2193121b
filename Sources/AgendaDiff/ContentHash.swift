import AgendaModel
import Foundation

/// The content hash of a meeting record: XXH3-128 (`XXH3Digest`) over a canonical JSON encoding,
/// written "xxh3:" + 32 hex digits.
///
/// The store compares it with the last version's hash: equal means "nothing to write".
/// It covers every field, including ones no change kind reports (committee name, title
/// wording, item numbers, document sizes), so such an edit stores a new version silently
/// while `MeetingDiffer` yields no change and no notice is sent. It only tells whether a meeting we
/// extracted ourselves changed, so a non-cryptographic hash is enough; SHA-256 of the canonical JSON
/// was ~3.5% of a baseline cycle (docs/performance.md).
///
/// Canonical form: keys sorted, no whitespace, default escaping; documents of each item and
/// the action list sorted (their order means nothing). Item order is kept: it is the agenda.
/// Changing this encoding changes every stored hash, which makes the next cycle store one
/// silent version per meeting; the regression test pins one known value to catch that.
///
/// Earlier releases stored SHA-256 hex of the same canonical JSON (64 hex digits, no prefix).
/// `matches(_:)` compares such a hash with the SHA-256 of this meeting's canonical JSON, so an
/// upgrade mints no version of a meeting that did not change; its next real version stores the new form.
public struct ContentHash: Sendable {
    /// "xxh3:" + 32 hex digits.
    public let value: String
    private let canonicalJSON: [UInt8]

    public init(of meeting: Meeting) {
        canonicalJSON = Self.canonicalJSON(meeting)
        value = XXH3Digest.string(of: canonicalJSON)
    }

    public static func of(_ meeting: Meeting) -> String {
        ContentHash(of: meeting).value
    }

    /// Whether `stored` — a hash this release stored, or a SHA-256 one an earlier release stored — is
    /// this meeting's hash. SHA-256 is computed only for a hash of that form. nil (nothing stored) never matches.
    public func matches(_ stored: String?) -> Bool {
        guard let stored else { return false }
        return Self.isSHA256(stored) ? sha256 == stored : value == stored
    }

    /// The form earlier releases stored: SHA-256 hex of the canonical JSON.
    var sha256: String {
        SHA256Digest.hex(of: canonicalJSON)
    }

    /// 64 lower-case hex digits, as `SHA256Digest.hex` writes them.
    static func isSHA256(_ hash: String) -> Bool {
        hash.utf8.count == 64 && hash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The first 12 hex digits, after the "xxh3:" of a hash in this release's form: how `history` shows it.
    public static func abbreviated(_ hash: String) -> Substring {
        hash.prefix(hash.hasPrefix(XXH3Digest.prefix) ? XXH3Digest.prefix.count + 12 : 12)
    }

    /// `JSONEncoder` with `.sortedKeys` of `canonical(meeting)`, as `MeetingJSON` writes it.
    static func canonicalJSON(_ meeting: Meeting) -> [UInt8] {
        MeetingJSON.bytes(canonical(meeting), escapingSlashes: true)
    }

    static func canonical(_ meeting: Meeting) -> Meeting {
        // Only lists out of order are sorted (sorting is stable, so one in order is already its sorted
        // self): the others stay shared with `meeting` instead of being copied — most pages list their
        // documents in order, and copying every item was most of the hash's time (perf).
        var copy = meeting
        if !copy.actionDocuments.isInOrder(by: actionDocumentOrder) { copy.actionDocuments.sort(by: actionDocumentOrder) }
        for index in copy.items.indices where !copy.items[index].documents.isInOrder(by: documentOrder) {
            copy.items[index].documents.sort(by: documentOrder)
        }
        return copy
    }

    private static func actionDocumentOrder(_ a: ActionDocument, _ b: ActionDocument) -> Bool {
        (a.url, a.title, a.kind.rawValue, a.size ?? "") < (b.url, b.title, b.kind.rawValue, b.size ?? "")
    }

    private static func documentOrder(_ a: Document, _ b: Document) -> Bool {
        (a.url, a.title, a.size ?? "") < (b.url, b.title, b.size ?? "")
    }
}

private extension Array {
    /// True when no element is ordered before the one ahead of it.
    func isInOrder(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        indices.dropFirst().allSatisfy { !areInIncreasingOrder(self[$0], self[$0 - 1]) }
    }
}

import AgendaModel
import Foundation

/// The content hash of a meeting record: SHA-256 hex over a canonical JSON encoding.
///
/// The store compares it with the last version's hash: equal means "nothing to write".
/// It covers every field, including ones no change kind reports (committee name, title
/// wording, item numbers, document sizes), so such an edit stores a new version silently
/// while `MeetingDiffer` yields no change and no notice is sent.
///
/// Canonical form: keys sorted, no whitespace, default escaping; documents of each item and
/// the action list sorted (their order means nothing). Item order is kept: it is the agenda.
/// Changing this encoding changes every stored hash, which makes the next cycle store one
/// silent version per meeting; the regression test pins one known value to catch that.
public enum ContentHash {
    public static func of(_ meeting: Meeting) -> String {
        SHA256Digest.hex(of: canonicalJSON(meeting))
    }

    /// `JSONEncoder` with `.sortedKeys` of `canonical(meeting)`, as `MeetingJSON` writes it.
    static func canonicalJSON(_ meeting: Meeting) -> [UInt8] {
        MeetingJSON.bytes(canonical(meeting), escapingSlashes: true)
    }

    static func canonical(_ meeting: Meeting) -> Meeting {
        var copy = meeting
        copy.actionDocuments.sort { ($0.url, $0.title, $0.kind.rawValue, $0.size ?? "") < ($1.url, $1.title, $1.kind.rawValue, $1.size ?? "") }
        for index in copy.items.indices {
            copy.items[index].documents.sort { ($0.url, $0.title, $0.size ?? "") < ($1.url, $1.title, $1.size ?? "") }
        }
        return copy
    }
}

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

import AgendaModel

/// Whether one cycle's changes to a source look like a change of the council's page template (a
/// ModernGov upgrade, a re-skin, a half-broken page) rather than news. Pure; no I/O.
///
/// A meeting looks template-changed when, compared with its stored version, it
/// - lost all its items (it had some, the page now yields none), or
/// - lost all its documents: every item document, or every document of the action list, or
/// - got the same change to every one of its items (at least two): every item removed (its
///   anchors renamed, so every item is "new"), retitled (an encoding change turns every title
///   into U+FFFD text), its text changed in one section, or a document added, removed or replaced.
///
/// A meeting newly cancelled is never counted: a cancellation explains what it loses. Sections
/// whose publication flips (minutes published: a Minutes section on every item) are not changes of
/// every item either; that is one event, which `MeetingDiffer` reports as one change.
///
/// **The cycle is held** when at least ``minimumMeetings`` (3) meetings look template-changed
/// **and** they are at least half of the meetings whose stored record changed in the cycle.
/// Why: one or two meetings losing their agenda happens (papers withdrawn, a meeting emptied before
/// it is moved), and each such page is also checked on its own when it is read; three at once, all
/// the same shape, is what a re-skin looks like across a council. The half keeps a busy cycle's real
/// news flowing: when most of what changed looks ordinary, a few odd pages do not stop it. The
/// comparison runs on what the diff compares, so noise never counts (it yields no new record).
public enum TemplateChangeGuard {
    /// The fewest template-changed meetings that hold a cycle.
    public static let minimumMeetings = 3

    /// One meeting whose stored record changed in the cycle: the last stored version and the page just read.
    public struct Comparison: Sendable {
        public var previous: Meeting
        public var current: Meeting

        public init(previous: Meeting, current: Meeting) {
            self.previous = previous
            self.current = current
        }
    }

    /// How a meeting looks template-changed.
    public enum Symptom: Hashable, Sendable, Comparable {
        case lostAllItems
        case lostAllDocuments
        /// The same change to every item; the change, as a person reads it ("retitled").
        case sameChangeToEveryItem(String)

        var phrase: String {
            switch self {
            case .lostAllItems: "lost all their items"
            case .lostAllDocuments: "lost all their documents"
            case .sameChangeToEveryItem(let change): "had every item \(change)"
            }
        }
    }

    /// Why a cycle is held.
    public struct Verdict: Sendable, Equatable {
        /// Meetings that look template-changed.
        public var templateChanged: Int
        /// Meetings whose stored record changed in the cycle.
        public var changed: Int
        /// How many meetings showed each symptom (a meeting counts under its first: items, documents, every item).
        public var symptoms: [Symptom: Int]

        /// "10 of 12 changed meetings look like a page-template change: 8 lost all their items, 2 had every item retitled"
        public var reason: String {
            let parts = symptoms.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.phrase)" }
            return "\(templateChanged) of \(changed) changed meetings look like a page-template change: "
                + parts.joined(separator: ", ")
        }
    }

    /// The verdict on a cycle's comparisons: nil when they look like news (deliver as usual).
    public static func verdict(_ comparisons: [Comparison]) -> Verdict? {
        var symptoms: [Symptom: Int] = [:]
        for comparison in comparisons {
            if let symptom = symptom(previous: comparison.previous, current: comparison.current) {
                symptoms[symptom, default: 0] += 1
            }
        }
        let templateChanged = symptoms.values.reduce(0, +)
        guard templateChanged >= minimumMeetings, templateChanged * 2 >= comparisons.count else { return nil }
        return Verdict(templateChanged: templateChanged, changed: comparisons.count, symptoms: symptoms)
    }

    /// How `current` looks template-changed against `previous`, if it does.
    public static func symptom(previous: Meeting, current: Meeting) -> Symptom? {
        if previous.status == .confirmed, current.status == .cancelled { return nil }
        if !previous.items.isEmpty, current.items.isEmpty { return .lostAllItems }
        let itemDocuments = (previous.items.flatMap(\.documents).count, current.items.flatMap(\.documents).count)
        if itemDocuments.0 > 0, itemDocuments.1 == 0 { return .lostAllDocuments }
        if !previous.actionDocuments.isEmpty, current.actionDocuments.isEmpty { return .lostAllDocuments }
        return sameChangeToEveryItem(previous, current).map(Symptom.sameChangeToEveryItem)
    }

    /// The change every item of `old` (two or more) got, if there is one.
    private static func sameChangeToEveryItem(_ old: Meeting, _ new: Meeting) -> String? {
        guard old.items.count >= 2 else { return nil }
        let matcher = ItemMatcher(old: old.items, new: new.items)
        let newIndexForOld = Dictionary(uniqueKeysWithValues: matcher.oldIndexForNew.map { ($1, $0) })
        let subsumption = Subsumption(old: old, new: new)
        let sites = DocumentSites(old: old, new: new)
        var common: Set<String>?
        for (oldIndex, item) in old.items.enumerated() {
            var changes: Set<String> = []
            if let newIndex = newIndexForOld[oldIndex] {
                let counterpart = new.items[newIndex]
                if item.title != counterpart.title { changes.insert("retitled") }
                for section in ItemTextSection.allCases where !subsumption.isSilent(section) {
                    if section.text(of: item) != section.text(of: counterpart) { changes.insert("\(section.rawValue) text changed") }
                }
                let documents = sites.diff(item.documents, counterpart.documents)
                if !documents.added.isEmpty { changes.insert("given a new document") }
                if !documents.removed.isEmpty { changes.insert("losing a document") }
                if !documents.replaced.isEmpty { changes.insert("with a document replaced") }
            } else {
                changes.insert("removed")
            }
            common = common.map { $0.intersection(changes) } ?? changes
            if common?.isEmpty == true { return nil }
        }
        return common?.sorted().first
    }
}

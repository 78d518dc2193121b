import AgendaModel

/// Meeting v1 × v2 → the typed changes a subscriber is told about. Pure; no I/O.
///
/// Only the fifteen change kinds are reported. An edit that is none of them (committee name,
/// title wording, an item's number, a document's title or size, item or document order)
/// yields no change; its content hash still differs, so the caller stores a new version
/// silently (see `ContentHash`).
///
/// Order: meeting-level changes first (in `ChangeKind` order), then the action list, then
/// items in the new page's order, each removed item placed where it stood (after the
/// surviving item that preceded it). Within an item or the action list: by kind, then page order.
public struct MeetingDiffer: Sendable {
    public init() {}

    public func changes(from old: Meeting?, to new: Meeting) -> [Change] {
        guard let old else { return [Change(kind: .meetingNew, title: new.title)] }
        if old == new { return [] }
        let subsumption = Subsumption(old: old, new: new)
        let sites = DocumentSites(old: old, new: new)
        return meetingChanges(old, new)
            + actionDocumentChanges(old, new, subsumption, sites)
            + itemChanges(old.items, new.items, subsumption, sites)
    }

    // MARK: Meeting level

    private func meetingChanges(_ old: Meeting, _ new: Meeting) -> [Change] {
        var changes: [Change] = []
        switch (old.status, new.status) {
        case (.confirmed, .cancelled): changes.append(Change(kind: .meetingCancelled))
        case (.cancelled, .confirmed): changes.append(Change(kind: .meetingReinstated))
        default: break
        }
        // A start or venue that disappears is not a move: the page stopped saying it.
        if let start = new.start, start != old.start {
            changes.append(Change(kind: .meetingRescheduled, before: old.start?.iso8601, after: start.iso8601))
        }
        if let venue = new.venue, !venue.isEmpty, venue != old.venue {
            changes.append(Change(kind: .meetingVenueChanged, before: old.venue, after: venue))
        }
        // Un-publishing (true → false) is not announced: it is almost always a page glitch
        // or a correction, and a later re-publication is announced again.
        if !old.published.agenda && new.published.agenda { changes.append(Change(kind: .agendaPublished)) }
        if !old.published.minutes && new.published.minutes { changes.append(Change(kind: .minutesPublished)) }
        if !old.published.decisions && new.published.decisions { changes.append(Change(kind: .decisionsPublished)) }
        return changes
    }

    // MARK: Action list

    private func actionDocumentChanges(_ old: Meeting, _ new: Meeting, _ subsumption: Subsumption,
                                       _ sites: DocumentSites) -> [Change] {
        let diff = DocumentListDiff(old: old.actionDocuments.map { DocumentRef($0, site: sites.old) },
                                    new: new.actionDocuments.map { DocumentRef($0, site: sites.new) })
        var changes: [Change] = []
        for document in diff.added where !subsumption.isSilentAddedOrRemoved(Self.kind(of: document)) {
            changes.append(Change(kind: .documentAdded, title: document.title, url: document.url, external: document.external))
        }
        for document in diff.removed
        where !subsumption.removalsAreSilent && !subsumption.isSilentAddedOrRemoved(Self.kind(of: document)) {
            changes.append(Change(kind: .documentRemoved, title: document.title, url: document.url, external: document.external))
        }
        for pair in diff.replaced {
            changes.append(Change(kind: .documentReplaced, title: pair.new.title, url: pair.new.url,
                                  before: pair.old.url, after: pair.new.url, external: pair.new.external))
        }
        return Self.sortedByKind(changes)
    }

    private static func kind(of reference: DocumentRef) -> ActionDocumentKind {
        ActionDocumentKind(rawValue: reference.group) ?? .other
    }

    // MARK: Items

    private func itemChanges(_ old: [AgendaItem], _ new: [AgendaItem], _ subsumption: Subsumption,
                             _ sites: DocumentSites) -> [Change] {
        let matcher = ItemMatcher(old: old, new: new)
        var groups: [(position: ItemPosition, changes: [Change])] = []

        for (newIndex, item) in new.enumerated() {
            let changes = if let oldIndex = matcher.oldIndexForNew[newIndex] {
                changesWithin(old[oldIndex], item, subsumption, sites)
            } else {
                added(item, sites)
            }
            groups.append((ItemPosition(afterNewIndex: newIndex, removedOldIndex: nil), changes))
        }

        if !subsumption.removalsAreSilent {
            let newIndexForOld = Dictionary(uniqueKeysWithValues: matcher.oldIndexForNew.map { ($1, $0) })
            let removed = Set(matcher.removedOldIndices)
            var precedingNewIndex = -1
            for (oldIndex, item) in old.enumerated() {
                if let newIndex = newIndexForOld[oldIndex] {
                    precedingNewIndex = newIndex
                } else if removed.contains(oldIndex) {
                    let change = Change(kind: .itemRemoved, item: Self.number(of: item), title: item.title)
                    groups.append((ItemPosition(afterNewIndex: precedingNewIndex, removedOldIndex: oldIndex), [change]))
                }
            }
        }

        return groups.sorted { $0.position < $1.position }.flatMap(\.changes)
    }

    private func added(_ item: AgendaItem, _ sites: DocumentSites) -> [Change] {
        let number = Self.number(of: item)
        let documents = DocumentListDiff(old: [], new: item.documents.map { DocumentRef($0, site: sites.new) }).added
        return [Change(kind: .itemAdded, item: number, title: item.title)]
            + documents.map { Change(kind: .documentAdded, item: number, title: $0.title, url: $0.url, external: $0.external) }
    }

    private func changesWithin(_ old: AgendaItem, _ new: AgendaItem, _ subsumption: Subsumption,
                               _ sites: DocumentSites) -> [Change] {
        let number = Self.number(of: new)
        var changes: [Change] = []
        if old.title != new.title {
            changes.append(Change(kind: .itemRetitled, item: number, title: new.title, before: old.title, after: new.title))
        }
        for section in ItemTextSection.allCases where !subsumption.isSilent(section) {
            let before = section.text(of: old), after = section.text(of: new)
            if before != after {
                changes.append(Change(kind: .itemTextChanged, item: number, title: section.rawValue, before: before, after: after))
            }
        }
        let documents = sites.diff(old.documents, new.documents)
        for document in documents.added {
            changes.append(Change(kind: .documentAdded, item: number, title: document.title, url: document.url,
                                  external: document.external))
        }
        if !subsumption.removalsAreSilent {
            for document in documents.removed {
                changes.append(Change(kind: .documentRemoved, item: number, title: document.title, url: document.url,
                                      external: document.external))
            }
        }
        for pair in documents.replaced {
            changes.append(Change(kind: .documentReplaced, item: number, title: pair.new.title, url: pair.new.url,
                                  before: pair.old.url, after: pair.new.url, external: pair.new.external))
        }
        return Self.sortedByKind(changes)
    }

    /// The printed number, or nil for an unnumbered item (no `"item": ""` in notices).
    private static func number(of item: AgendaItem) -> String? {
        item.number.isEmpty ? nil : item.number
    }

    /// By kind, keeping page order within a kind.
    private static func sortedByKind(_ changes: [Change]) -> [Change] {
        changes.enumerated()
            .sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }
            .map(\.element)
    }
}

/// The install folders of the two versions' meeting pages, against which the documents' identities
/// are read (see `DocumentIdentity`): after a site move they differ, and the same documents still match.
struct DocumentSites {
    var old: String?
    var new: String?

    init(old: Meeting, new: Meeting) {
        self.old = DocumentIdentity.site(ofPage: old.url)
        self.new = DocumentIdentity.site(ofPage: new.url)
    }

    /// An item's documents, old × new.
    func diff(_ old: [Document], _ new: [Document]) -> DocumentListDiff {
        DocumentListDiff(old: old.map { DocumentRef($0, site: self.old) }, new: new.map { DocumentRef($0, site: self.new) })
    }
}

/// Where an item's changes go in the list: a current item at its new index; a removed item
/// just after the surviving item that preceded it in the old page (in old order among removed).
private struct ItemPosition: Comparable {
    var afterNewIndex: Int
    var removedOldIndex: Int?

    static func < (lhs: ItemPosition, rhs: ItemPosition) -> Bool {
        if lhs.afterNewIndex != rhs.afterNewIndex { return lhs.afterNewIndex < rhs.afterNewIndex }
        switch (lhs.removedOldIndex, rhs.removedOldIndex) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (l?, r?): return l < r
        }
    }
}

import AgendaModel

/// Pairs the agenda items of two versions of a meeting.
///
/// Items are matched by their stable ModernGov id (`AI51890`), so renumbering or retitling
/// keeps the pairing. Only items without an id on at least one side fall back to printed
/// number + title. Two different non-empty ids are never the same item.
struct ItemMatcher {
    /// Index in the new items → index in the old items, for items present in both.
    private(set) var oldIndexForNew: [Int: Int] = [:]
    /// Old items with no counterpart, in old page order.
    private(set) var removedOldIndices: [Int] = []

    init(old: [AgendaItem], new: [AgendaItem]) {
        var unmatchedOld = Set(old.indices)
        var oldByID: [String: Int] = [:]
        for (index, item) in old.enumerated() where !item.id.isEmpty && oldByID[item.id] == nil {
            oldByID[item.id] = index
        }
        for (newIndex, item) in new.enumerated() where !item.id.isEmpty {
            if let oldIndex = oldByID[item.id], unmatchedOld.contains(oldIndex) {
                oldIndexForNew[newIndex] = oldIndex
                unmatchedOld.remove(oldIndex)
            }
        }
        for (newIndex, item) in new.enumerated() where oldIndexForNew[newIndex] == nil {
            let fallback = old.indices.first { oldIndex in
                unmatchedOld.contains(oldIndex)
                    && (item.id.isEmpty || old[oldIndex].id.isEmpty)
                    && old[oldIndex].number == item.number
                    && old[oldIndex].title == item.title
            }
            if let oldIndex = fallback {
                oldIndexForNew[newIndex] = oldIndex
                unmatchedOld.remove(oldIndex)
            }
        }
        removedOldIndices = unmatchedOld.sorted()
    }
}

import AgendaModel

extension SubscriptionFilter {
    /// The changes of one meeting this subscription wants; empty means no notice.
    ///
    /// Empty or nil lists do not restrict. `sources` and `committees` ("SOURCE/COMMITTEEID")
    /// admit or refuse the whole meeting; `events` and `keywords` are applied to each change.
    ///
    /// Keywords (case- and diacritic-insensitive substrings) are looked for in the meeting
    /// title and committee name, plus:
    /// - for a meeting-level change: every item, item-document and action-document title;
    /// - for an item change: the item's title (old and new for a retitle);
    /// - for a document change: the document's title and its item's title.
    /// The item is found by its printed number in `meeting`; a removed item is known by the change's title.
    public func matchingChanges(sourceID: String, meeting: Meeting, changes: [Change]) -> [Change] {
        guard admitsCommittee(sourceID: sourceID, committeeID: meeting.committee.id) else { return [] }
        let keywordMatcher = KeywordMatcher(keywords ?? [])
        return changes.filter { change in
            if let events, !events.isEmpty, !events.contains(change.kind) { return false }
            return keywordMatcher.isUnrestricted
                || keywordMatcher.matchesAny(Self.keywordTexts(for: change, in: meeting))
        }
    }

    /// Whether the meeting as a whole belongs to this subscription, whatever changed: its source and
    /// committee pass `sources` and `committees`, and `keywords` (if any) match its title, committee,
    /// or any item, item-document or action-document title. `events` plays no part. This is what a
    /// calendar lists.
    public func admits(sourceID: String, meeting: Meeting) -> Bool {
        guard admitsCommittee(sourceID: sourceID, committeeID: meeting.committee.id) else { return false }
        let keywordMatcher = KeywordMatcher(keywords ?? [])
        return keywordMatcher.isUnrestricted || keywordMatcher.matchesAny(Self.meetingTexts(meeting))
    }

    /// `sources` and `committees` only: whether a meeting of this source and committee can match at all.
    public func admitsCommittee(sourceID: String, committeeID: Int) -> Bool {
        if let sources, !sources.isEmpty, !sources.contains(sourceID) { return false }
        if let committees, !committees.isEmpty, !committees.contains("\(sourceID)/\(committeeID)") { return false }
        return true
    }

    /// Every title of the meeting: its own, its committee's, and each action document, item and item document.
    static func meetingTexts(_ meeting: Meeting) -> [String] {
        var texts = [meeting.title, meeting.committee.name]
        texts += meeting.actionDocuments.map(\.title)
        for item in meeting.items {
            texts.append(item.title)
            texts += item.documents.map(\.title)
        }
        return texts
    }

    static func keywordTexts(for change: Change, in meeting: Meeting) -> [String] {
        var texts = [meeting.title, meeting.committee.name]
        let itemTitle = change.item.flatMap { number in meeting.items.first { $0.number == number }?.title }
        switch change.kind {
        case .meetingNew, .meetingCancelled, .meetingReinstated, .meetingRescheduled, .meetingVenueChanged,
             .agendaPublished, .minutesPublished, .decisionsPublished:
            texts = meetingTexts(meeting)
        case .itemAdded:
            texts += [change.title, itemTitle].compactMap { $0 }
        case .itemRemoved:
            // Not looked up: its number may now belong to another item.
            texts += [change.title].compactMap { $0 }
        case .itemRetitled:
            texts += [change.before, change.after, itemTitle].compactMap { $0 }
        case .itemTextChanged:
            // `title` is the section name here, not a title the subscriber chose words for.
            texts += [itemTitle].compactMap { $0 }
        case .documentAdded, .documentRemoved, .documentReplaced:
            texts += [change.title, itemTitle].compactMap { $0 }
        }
        return texts
    }
}

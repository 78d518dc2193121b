import AgendaDiff
import AgendaModel
import Testing

@Suite("SubscriptionFilter matching")
struct SubscriptionFilterTests {
    /// Kingston meeting 10221 with a licensing item, and one change of each scope.
    let meeting: Meeting = {
        var meeting = Factory.meeting()
        meeting.items.append(Factory.item(51902, "64", "Pavement licence: Café Nero, Market Place",
                                          documents: [Factory.document(112500, "Licence application")]))
        return meeting
    }()
    let cancelled = Change(kind: .meetingCancelled)
    let grantsDocument = Change(kind: .documentAdded, item: "63", title: "Annex 1 - NCG Guidelines", url: "u1")
    let cafeDocument = Change(kind: .documentAdded, item: "64", title: "Objection letter", url: "u2")
    let petitionRetitled = Change(kind: .itemRetitled, item: "59", title: "Manorgate Road petition",
                                  before: "Petition regarding traffic management on Manorgate Road",
                                  after: "Manorgate Road petition")
    var all: [Change] { [cancelled, grantsDocument, cafeDocument, petitionRetitled] }

    func matching(_ filter: SubscriptionFilter, source: String = "kingston", _ changes: [Change]? = nil) -> [Change] {
        filter.matchingChanges(sourceID: source, meeting: meeting, changes: changes ?? all)
    }

    @Test func everythingPassesEverything() {
        #expect(matching(.everything) == all)
        #expect(matching(SubscriptionFilter(sources: [], committees: [], events: [], keywords: [])) == all)
    }

    @Test func sourcesAdmitOrRefuseTheWholeMeeting() {
        #expect(matching(SubscriptionFilter(sources: ["kingston", "leics"])) == all)
        #expect(matching(SubscriptionFilter(sources: ["leics"])).isEmpty)
    }

    @Test func committeesAreSourceSlashCommitteeID() {
        #expect(matching(SubscriptionFilter(committees: ["kingston/711"])) == all)
        #expect(matching(SubscriptionFilter(committees: ["kingston/712"])).isEmpty)
        #expect(matching(SubscriptionFilter(committees: ["leics/711"])).isEmpty)
        #expect(matching(SubscriptionFilter(committees: ["711"])).isEmpty)
    }

    @Test func eventsKeepOnlyThoseKinds() {
        #expect(matching(SubscriptionFilter(events: [.documentAdded])) == [grantsDocument, cafeDocument])
        #expect(matching(SubscriptionFilter(events: [.minutesPublished])).isEmpty)
    }

    @Test(arguments: ["cafe", "CAFÉ", "Café", "café nero"])
    func keywordsIgnoreCaseAndDiacritics(keyword: String) {
        // The cancellation concerns the whole meeting (so every title); the document only its item.
        #expect(matching(SubscriptionFilter(keywords: [keyword])) == [cancelled, cafeDocument])
    }

    @Test func accentedKeywordMatchesPlainTitle() {
        var plain = meeting
        plain.items[4].title = "Pavement licence: Cafe Nero"
        let result = SubscriptionFilter(keywords: ["Café"])
            .matchingChanges(sourceID: "kingston", meeting: plain, changes: [cafeDocument])
        #expect(result == [cafeDocument])
    }

    @Test func aDocumentMatchesByItsOwnTitleOrItsItemsTitle() {
        #expect(matching(SubscriptionFilter(keywords: ["guidelines"]), [grantsDocument, cafeDocument]) == [grantsDocument])
        #expect(matching(SubscriptionFilter(keywords: ["grants"]), [grantsDocument, cafeDocument]) == [grantsDocument])
    }

    @Test func aRetitleMatchesTheOldTitleToo() {
        #expect(matching(SubscriptionFilter(keywords: ["traffic management"]), [petitionRetitled]) == [petitionRetitled])
    }

    @Test func theMeetingTitleAndCommitteeNameMatchEveryChange() {
        #expect(matching(SubscriptionFilter(keywords: ["north kingston"])) == all)
    }

    @Test func aTextChangeMatchesItsItemTitleNotTheSectionName() {
        let minutesChanged = Change(kind: .itemTextChanged, item: "63", title: "minutes", before: "a", after: "b")
        #expect(matching(SubscriptionFilter(keywords: ["grants"]), [minutesChanged]) == [minutesChanged])
        #expect(matching(SubscriptionFilter(keywords: ["minutes"]), [minutesChanged]).isEmpty)
    }

    @Test func aRemovedItemMatchesByItsOwnTitleNotTheItemNowUnderItsNumber() {
        let removed = Change(kind: .itemRemoved, item: "63", title: "Ward councillor updates")
        #expect(matching(SubscriptionFilter(keywords: ["grants"]), [removed]).isEmpty)
        #expect(matching(SubscriptionFilter(keywords: ["councillor"]), [removed]) == [removed])
    }

    @Test func blankKeywordsAreIgnored() {
        #expect(matching(SubscriptionFilter(keywords: ["  "])) == all)
        #expect(matching(SubscriptionFilter(keywords: ["", "guidelines"]), [grantsDocument, cafeDocument]) == [grantsDocument])
    }

    @Test func dimensionsCombine() {
        let filter = SubscriptionFilter(sources: ["kingston"], committees: ["kingston/711"], events: [.documentAdded],
                                        keywords: ["licence"])
        #expect(matching(filter) == [cafeDocument])
    }

    /// What a calendar lists: the whole meeting, whatever changed; `events` plays no part.
    @Test func aMeetingIsAdmittedByItsSourceCommitteeAndAnyOfItsTitles() {
        #expect(SubscriptionFilter.everything.admits(sourceID: "kingston", meeting: meeting))
        #expect(SubscriptionFilter(sources: ["kingston"], committees: ["kingston/711"]).admits(sourceID: "kingston", meeting: meeting))
        #expect(!SubscriptionFilter(sources: ["leics"]).admits(sourceID: "kingston", meeting: meeting))
        #expect(!SubscriptionFilter(committees: ["kingston/712"]).admits(sourceID: "kingston", meeting: meeting))
        // A keyword found in an item title or a document title admits the meeting; one found nowhere does not.
        #expect(SubscriptionFilter(keywords: ["CAFE"]).admits(sourceID: "kingston", meeting: meeting))
        #expect(SubscriptionFilter(keywords: ["licence application"]).admits(sourceID: "kingston", meeting: meeting))
        #expect(!SubscriptionFilter(keywords: ["crematorium"]).admits(sourceID: "kingston", meeting: meeting))
        #expect(SubscriptionFilter(events: [.minutesPublished]).admits(sourceID: "kingston", meeting: meeting))
        #expect(SubscriptionFilter(committees: ["kingston/711"]).admitsCommittee(sourceID: "kingston", committeeID: 711))
        #expect(!SubscriptionFilter(committees: ["kingston/711"]).admitsCommittee(sourceID: "kingston", committeeID: 712))
    }
}

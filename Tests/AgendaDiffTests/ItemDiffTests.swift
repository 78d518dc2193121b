import AgendaDiff
import AgendaModel
import Testing

@Suite("MeetingDiffer: agenda items")
struct ItemDiffTests {
    let differ = MeetingDiffer()
    let before = Factory.meeting()

    @Test func addedItemWithItsReport() {
        let urgent = Factory.item(51895, "64", "Urgent item: SEND transport",
                                  documents: [Factory.document(112300, "SEND transport report")])
        var after = before
        after.items.append(urgent)
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .itemAdded, item: "64", title: "Urgent item: SEND transport"),
            Change(kind: .documentAdded, item: "64", title: "SEND transport report", url: urgent.documents[0].url),
        ])
    }

    @Test func removedItemIsOneChangeNotOnePerDocument() {
        var after = before
        after.items.remove(at: 2)
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .itemRemoved, item: "59", title: "Petition regarding traffic management on Manorgate Road"),
        ])
    }

    @Test func removedItemIsListedWhereItStood() {
        var after = before
        after.items.remove(at: 1)                                   // 55 goes
        after.items[0].text = "Apologies were received."            // 54 changes
        after.items[2].title = "Community Grants Programme 2026"    // 63 retitled
        #expect(differ.changes(from: before, to: after).map { "\($0.kind.rawValue) \($0.item ?? "-")" } == [
            "item.text_changed 54", "item.removed 55", "item.retitled 63",
        ])
    }

    @Test func retitleCarriesOldAndNewTitle() {
        var after = before
        after.items[3].title = "Neighbourhood Community Grants Programme"
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .itemRetitled, item: "63", title: "Neighbourhood Community Grants Programme",
                   before: "Community Grants Programme", after: "Neighbourhood Community Grants Programme"),
        ])
    }

    @Test func renumberingAloneIsNoChange() {
        var after = before
        for index in after.items.indices { after.items[index].number = String(index + 1) }
        #expect(differ.changes(from: before, to: after).isEmpty)
        #expect(ContentHash.of(before) != ContentHash.of(after))
    }

    @Test func insertingAnItemRenumbersTheRestWithoutFurtherChanges() {
        var after = before
        after.items.insert(Factory.item(51899, "56", "Declarations of interest"), at: 2)
        after.items[3].number = "60"
        after.items[4].number = "64"
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .itemAdded, item: "56", title: "Declarations of interest"),
        ])
    }

    @Test func changesOfARenumberedItemUseItsNewNumber() {
        var after = before
        after.items[3].number = "7"
        after.items[3].title = "Community Grants"
        #expect(differ.changes(from: before, to: after).map(\.item) == ["7"])
    }

    @Test func reorderedItemsWithTheSameIDsAreNoChange() {
        var after = before
        after.items.swapAt(2, 3)
        #expect(differ.changes(from: before, to: after).isEmpty)
    }

    @Test func agendaTextChangeNamesItsSectionAndCarriesBothTexts() {
        var after = before
        after.items[2].text = "Report of the Director of Highways and Transport."
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .itemTextChanged, item: "59", title: "agenda",
                   before: "Report of the Corporate Head of Highways.",
                   after: "Report of the Director of Highways and Transport."),
        ])
    }

    @Test func aLateDecisionOnOneItemIsReportedWhenDecisionsWereAlreadyPublished() {
        let published = Factory.meeting(published: PublishedFlags(agenda: true, minutes: false, decisions: true))
        var after = published
        after.items[3].decision = ItemSection(text: "Grants approved.", truncated: false)
        #expect(differ.changes(from: published, to: after) == [
            Change(kind: .itemTextChanged, item: "63", title: "decision", before: nil, after: "Grants approved."),
        ])
    }

    @Test func truncationFlagAloneIsNoChange() {
        let published = Factory.withMinutes(before)
        var after = published
        after.items[2].minutes?.truncated = true
        #expect(differ.changes(from: published, to: after).isEmpty)
    }

    @Test func emptyTextCountsAsNoText() {
        var after = before
        after.items[0].text = ""
        #expect(differ.changes(from: before, to: after).isEmpty)
    }

    @Test func itemsWithoutIDsFallBackToNumberAndTitle() {
        let old = Factory.meeting(items: [Factory.item(nil, "1", "Apologies"), Factory.item(nil, "2", "Budget", text: "Draft.")])
        var new = old
        new.items[1].text = "Final."
        new.items.append(Factory.item(nil, "3", "Any other business"))
        #expect(differ.changes(from: old, to: new) == [
            Change(kind: .itemTextChanged, item: "2", title: "agenda", before: "Draft.", after: "Final."),
            Change(kind: .itemAdded, item: "3", title: "Any other business"),
        ])
    }

    @Test func withoutIDsARetitleIsARemovalAndAnAddition() {
        let old = Factory.meeting(items: [Factory.item(nil, "1", "Budget")])
        let new = Factory.meeting(items: [Factory.item(nil, "1", "Budget 2026/27")])
        #expect(differ.changes(from: old, to: new).kinds == [.itemRemoved, .itemAdded])
    }

    @Test func anItemThatGainsItsIDKeepsItsIdentity() {
        let old = Factory.meeting(items: [Factory.item(nil, "1", "Budget")])
        let new = Factory.meeting(items: [Factory.item(500, "1", "Budget")])
        #expect(differ.changes(from: old, to: new).isEmpty)
    }

    @Test func twoDifferentIDsAreNeverTheSameItem() {
        let old = Factory.meeting(items: [Factory.item(1, "1", "Budget")])
        let new = Factory.meeting(items: [Factory.item(2, "1", "Budget")])
        #expect(differ.changes(from: old, to: new).kinds == [.itemRemoved, .itemAdded])
    }

    @Test func unnumberedItemsCarryNoItemNumber() {
        var after = before
        after.items.append(Factory.item(51900, "", "Exclusion of the press and public"))
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .itemAdded, item: nil, title: "Exclusion of the press and public"),
        ])
    }
}

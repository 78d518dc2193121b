import AgendaDiff
import AgendaModel
import Testing

/// The source-level guard's rule: at least 3 meetings, and at least half of the meetings whose
/// record changed, lost all their items or documents or got the same change to every item.
@Suite("TemplateChangeGuard")
struct TemplateChangeGuardTests {
    typealias Guard = TemplateChangeGuard

    static func lostItems(_ meeting: Meeting) -> Meeting {
        var copy = meeting
        copy.items = []
        return copy
    }

    static func comparisons(_ pairs: [(Meeting, Meeting)]) -> [Guard.Comparison] {
        pairs.map { Guard.Comparison(previous: $0.0, current: $0.1) }
    }

    static var realChange: (Meeting, Meeting) {
        let before = Factory.meeting()
        var after = before
        after.items[2].documents.append(Factory.document(112374, "Annex 3"))
        return (before, after)
    }

    @Test func eachSymptom() {
        let before = Factory.meeting()
        #expect(Guard.symptom(previous: before, current: Self.lostItems(before)) == .lostAllItems)

        var noItemDocuments = before
        for index in noItemDocuments.items.indices { noItemDocuments.items[index].documents = [] }
        #expect(Guard.symptom(previous: before, current: noItemDocuments) == .lostAllDocuments)

        var noActionList = before
        noActionList.actionDocuments = []
        #expect(Guard.symptom(previous: before, current: noActionList) == .lostAllDocuments)

        var garbled = before
        for index in garbled.items.indices { garbled.items[index].title = "\u{FFFD}\u{FFFD} " + garbled.items[index].title }
        #expect(Guard.symptom(previous: before, current: garbled) == .sameChangeToEveryItem("retitled"))

        var anchorsRenamed = before
        for index in anchorsRenamed.items.indices { anchorsRenamed.items[index].id = "" ; anchorsRenamed.items[index].number += "." }
        #expect(Guard.symptom(previous: before, current: anchorsRenamed) == .sameChangeToEveryItem("removed"))
    }

    @Test func ordinaryChangesAreNoSymptom() {
        let before = Factory.meeting()
        #expect(Guard.symptom(previous: Self.realChange.0, current: Self.realChange.1) == nil)

        // Cancelled with its agenda gone: the cancellation explains it.
        var cancelled = Self.lostItems(before)
        cancelled.status = .cancelled
        #expect(Guard.symptom(previous: before, current: cancelled) == nil)

        // Minutes published: a Minutes section on every item is the publication, one event.
        var minutes = before
        minutes.published.minutes = true
        for index in minutes.items.indices { minutes.items[index].minutes = ItemSection(text: "Noted.", truncated: false) }
        #expect(Guard.symptom(previous: before, current: minutes) == nil)

        // Two of four items retitled is not every item; a one-item meeting's one change is just a change.
        var twoRetitled = before
        twoRetitled.items[0].title += " (revised)"
        twoRetitled.items[1].title += " (revised)"
        #expect(Guard.symptom(previous: before, current: twoRetitled) == nil)
        var oneItem = before
        oneItem.items = [before.items[0]]
        var oneItemRetitled = oneItem
        oneItemRetitled.items[0].title = "Apologies"
        #expect(Guard.symptom(previous: oneItem, current: oneItemRetitled) == nil)

        // A meeting that had no items cannot lose them.
        var empty = before
        empty.items = []
        empty.actionDocuments = []
        #expect(Guard.symptom(previous: empty, current: empty) == nil)
    }

    @Test func threeMeetingsAndHalfOfTheChangedOnesHoldTheCycle() {
        let before = Factory.meeting()
        let drift = (before, Self.lostItems(before))
        #expect(Guard.verdict(Self.comparisons([drift, drift])) == nil, "two meetings are not enough")
        #expect(Guard.verdict(Self.comparisons([drift, drift, drift])) != nil)
        // 3 of 6 is half: held. 3 of 7 is not.
        let half = Self.comparisons([drift, drift, drift] + Array(repeating: Self.realChange, count: 3))
        let verdict = try? #require(Guard.verdict(half))
        #expect(verdict?.templateChanged == 3 && verdict?.changed == 6 && verdict?.symptoms == [.lostAllItems: 3])
        #expect(verdict?.reason == "3 of 6 changed meetings look like a page-template change: 3 lost all their items")
        #expect(Guard.verdict(Self.comparisons([drift, drift, drift] + Array(repeating: Self.realChange, count: 4))) == nil)
        #expect(Guard.verdict([]) == nil)
    }

    @Test func theReasonNamesEverySymptom() {
        let before = Factory.meeting()
        var garbled = before
        for index in garbled.items.indices { garbled.items[index].title += "\u{FFFD}" }
        var noActionList = before
        noActionList.actionDocuments = []
        let verdict = Guard.verdict(Self.comparisons([(before, Self.lostItems(before)), (before, Self.lostItems(before)),
                                                      (before, garbled), (before, noActionList)]))
        #expect(verdict?.reason == "4 of 4 changed meetings look like a page-template change: 2 lost all their items, "
                + "1 lost all their documents, 1 had every item retitled")
    }
}

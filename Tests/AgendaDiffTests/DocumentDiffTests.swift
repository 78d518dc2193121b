import AgendaDiff
import AgendaModel
import Testing

@Suite("MeetingDiffer: documents")
struct DocumentDiffTests {
    let differ = MeetingDiffer()
    let before = Factory.meeting()

    @Test func documentAddedToAnItem() {
        var after = before
        let annex = Factory.document(112374, "Annex 3 - Overview plan", size: "PDF 602 KB")
        after.items[2].documents.append(annex)
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .documentAdded, item: "59", title: "Annex 3 - Overview plan", url: annex.url),
        ])
    }

    @Test func documentRemovedFromAnItem() {
        var after = before
        let gone = after.items[2].documents.remove(at: 1)
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .documentRemoved, item: "59", title: "Annex 1 - Wolverton Avenue", url: gone.url),
        ])
    }

    @Test func sameTitleNewDocumentIDIsAReplacementNotAddedAndRemoved() {
        var after = before
        let old = after.items[2].documents[0]
        after.items[2].documents[0] = Factory.document(112400, "Petition TMO Manorgate Rd Report")
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .documentReplaced, item: "59", title: "Petition TMO Manorgate Rd Report",
                   url: after.items[2].documents[0].url, before: old.url, after: after.items[2].documents[0].url),
        ])
    }

    @Test func newTitleAndNewIDIsAnAdditionAndARemoval() {
        var after = before
        after.items[2].documents[1] = Factory.document(112401, "Annex 1 - Wolverton Avenue (revised)")
        #expect(differ.changes(from: before, to: after).map { "\($0.kind.rawValue) \($0.title ?? "")" } == [
            "document.added Annex 1 - Wolverton Avenue (revised)",
            "document.removed Annex 1 - Wolverton Avenue",
        ])
    }

    @Test func theDocumentIDIsTheIdentityNotTheFileNameOrSize() {
        var after = before
        after.items[2].documents[0] = Document(title: "Petition TMO Manorgate Road Report",
                                               url: "\(Factory.base)documents/s112217/Petition%20report%20v2.pdf",
                                               size: "PDF 130 KB")
        #expect(differ.changes(from: before, to: after).isEmpty)
    }

    @Test func reorderedDocumentsAreNoChange() {
        var after = before
        after.items[2].documents.reverse()
        #expect(differ.changes(from: before, to: after).isEmpty)
        #expect(ContentHash.of(before) == ContentHash.of(after))
    }

    @Test func aDuplicatedLinkIsNoChange() {
        var after = before
        after.items[3].documents.append(after.items[3].documents[0])
        #expect(differ.changes(from: before, to: after).isEmpty)
    }

    @Test func reorderedActionListIsNoChange() {
        var after = before
        after.actionDocuments.reverse()
        #expect(differ.changes(from: before, to: after).isEmpty)
        #expect(ContentHash.of(before) == ContentHash.of(after))
    }

    @Test func aSupplementIsADocumentAddedWithoutAnItem() {
        var after = before
        let supplement = Factory.actionDocument(.supplement, "Supplement: Agenda Item 7 - Community Safety Update", sid: 23550)
        after.actionDocuments.append(supplement)
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .documentAdded, item: nil, title: "Supplement: Agenda Item 7 - Community Safety Update",
                   url: "\(Factory.base)mgChooseDocPack.aspx?ID=10230&SID=23550"),
        ])
    }

    @Test func aRemovedSupplementIsReported() {
        let withSupplement = Factory.meeting(actionDocuments: [Factory.actionDocument(.supplement, "Supplement", sid: 1)])
        let without = Factory.meeting(actionDocuments: [])
        #expect(differ.changes(from: withSupplement, to: without).kinds == [.documentRemoved])
    }

    @Test func aRepublishedFrontsheetIsAReplacement() {
        var after = before
        after.actionDocuments[0].url = "\(Factory.base)documents/g10230/Agenda%20frontsheet%2022-Jan-2026.pdf?T=0"
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .documentReplaced, title: "Agenda frontsheet", url: after.actionDocuments[0].url,
                   before: before.actionDocuments[0].url, after: after.actionDocuments[0].url),
        ])
    }

    @Test func printedMinutesAfterMinutesWereAnnouncedInTheTitleAreADocumentAdded() {
        // The flag was already true (the page title said "Agenda and minutes"); the PDF is new.
        let announced = Factory.meeting(published: PublishedFlags(agenda: true, minutes: true, decisions: false))
        var after = announced
        after.actionDocuments.append(Factory.actionDocument(.printedMinutes, "Printed minutes"))
        #expect(differ.changes(from: announced, to: after).kinds == [.documentAdded])
    }

    @Test func withinAnItemChangesAreOrderedByKindThenPage() {
        var after = before
        after.items[2].title = "Petition: Manorgate Road"
        after.items[2].documents.remove(at: 2)
        after.items[2].documents.append(Factory.document(112380, "Annex 4 - Survey summary"))
        after.items[2].documents.append(Factory.document(112374, "Annex 3 - Overview plan"))
        #expect(differ.changes(from: before, to: after).map { "\($0.kind.rawValue) \($0.title ?? "")" } == [
            "item.retitled Petition: Manorgate Road",
            "document.added Annex 4 - Survey summary",
            "document.added Annex 3 - Overview plan",
            "document.removed Annex 2 - Manorgate Road",
        ])
    }
}

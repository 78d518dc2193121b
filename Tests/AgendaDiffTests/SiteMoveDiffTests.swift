import AgendaDiff
import AgendaModel
import Testing

/// A council that moves its install serves every document under a new URL: documents are the
/// same documents by the council's id for them (see `DocumentIdentity`), so a move is no change.
@Suite("MeetingDiffer: a site move is not a change")
struct SiteMoveDiffTests {
    let differ = MeetingDiffer()

    /// `meeting` with every URL under `Factory.base` moved under `base`.
    static func moved(_ meeting: Meeting, to base: String) -> Meeting {
        func move(_ url: String) -> String {
            url.hasPrefix(Factory.base) ? base + url.dropFirst(Factory.base.count) : url
        }
        var copy = meeting
        copy.url = move(copy.url)
        for index in copy.actionDocuments.indices { copy.actionDocuments[index].url = move(copy.actionDocuments[index].url) }
        for item in copy.items.indices {
            for document in copy.items[item].documents.indices {
                copy.items[item].documents[document].url = move(copy.items[item].documents[document].url)
            }
        }
        return copy
    }

    /// Every kind of council document link: `s…` item documents, `g…` packs, `mgChooseDocPack.aspx`
    /// supplements, `mgConvert2PDF.aspx?ID=` and `ieIssueDetails.aspx?IId=`.
    static var everyLinkKind: Meeting {
        var meeting = Factory.meeting()
        meeting.actionDocuments += [
            Factory.actionDocument(.supplement, "Supplement 1"),
            Factory.actionDocument(.printedMinutes, "Printed minutes"),
        ]
        meeting.items[3].documents += [
            Document(title: "Grants decision notice", url: "\(Factory.base)mgConvert2PDF.aspx?ID=9912", size: nil),
            Document(title: "Grants issue history", url: "\(Factory.base)ieIssueDetails.aspx?IId=40021&Opt=3", size: nil),
        ]
        return meeting
    }

    @Test(arguments: [
        "https://democracy.kingston.gov.uk/",            // a new host name
        "http://moderngov.kingston.gov.uk/",              // https → http (and back, below)
        "https://moderngov.kingston.gov.uk:8443/",        // another port
        "https://moderngov.kingston.gov.uk/moderngov/",   // a /moderngov/ prefix added
        "https://kingston.gov.uk/democracy/mg/",          // everything at once
    ])
    func aMovedInstallIsNoChangeEitherWay(base: String) {
        let before = Self.everyLinkKind
        let after = Self.moved(before, to: base)
        #expect(after != before)
        #expect(differ.changes(from: before, to: after) == [])
        #expect(differ.changes(from: after, to: before) == [])
    }

    @Test func aRealChangeAfterTheMoveIsReportedWithTheNewURLs() {
        let before = Self.everyLinkKind
        var after = Self.moved(before, to: "https://democracy.kingston.gov.uk/")
        let old = after.items[2].documents[0]
        let new = Document(title: old.title, url: "https://democracy.kingston.gov.uk/documents/s112400/Petition%20v2.pdf",
                           size: "PDF 130 KB")
        after.items[2].documents[0] = new
        after.actionDocuments.append(Factory.actionDocument(.supplement, "Supplement 2", sid: 23551,
                                                            url: "https://democracy.kingston.gov.uk/mgChooseDocPack.aspx?ID=10230&SID=23551"))
        #expect(differ.changes(from: before, to: after) == [
            Change(kind: .documentAdded, title: "Supplement 2",
                   url: "https://democracy.kingston.gov.uk/mgChooseDocPack.aspx?ID=10230&SID=23551"),
            // `before` is the URL the stored version had.
            Change(kind: .documentReplaced, item: "59", title: old.title, url: new.url,
                   before: before.items[2].documents[0].url, after: new.url),
        ])
    }

    @Test func differentCouncilIDsAreDifferentDocuments() {
        let before = Self.everyLinkKind
        var after = before
        after.items[3].documents[1].url = "\(Factory.base)mgConvert2PDF.aspx?ID=9913"
        after.items[3].documents[2].url = "\(Factory.base)ieIssueDetails.aspx?IId=40022"
        after.actionDocuments[3].url = "\(Factory.base)documents/g10231/Printed%20minutes.pdf?T=1"
        #expect(differ.changes(from: before, to: after).map(\.kind) == [.documentReplaced, .documentReplaced, .documentReplaced])
    }

    @Test func aDocumentOnAnotherSiteIsKnownByItsWholeURL() {
        let url = "https://www.kingston.gov.uk/documents/s112217/Petition.pdf"
        var before = Factory.meeting()
        before.items[2].documents.append(Document(title: "Press release", url: url, size: nil, external: true))
        var after = before
        after.items[2].documents[3].url = "https://news.kingston.gov.uk/documents/s112217/Petition.pdf"
        #expect(differ.changes(from: before, to: after).map(\.kind) == [.documentReplaced])
        // The external link's "s112217" is another site's id: it is not the council's document s112217.
        after.items[2].documents.remove(at: 0)
        #expect(differ.changes(from: before, to: after).map(\.kind) == [.documentRemoved, .documentReplaced])
    }
}

import AgendaCore
@testable import AgendaDiff
import AgendaModel
import Testing

@Suite("ContentHash and SHA256Digest")
struct ContentHashTests {
    @Test func sha256KnownAnswers() {
        // FIPS 180-2 test vectors.
        #expect(SHA256Digest.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.digest(of: Array("abc".utf8)).count == 32)
    }

    @Test func equalMeetingsHashEqual() {
        #expect(ContentHash.of(Factory.meeting()) == ContentHash.of(Factory.meeting()))
    }

    @Test func hashIsXXH3PrefixAnd32LowercaseHexDigits() {
        let hash = ContentHash.of(Factory.meeting())
        #expect(hash.hasPrefix("xxh3:") && hash.count == 37, "\(hash)")
        #expect(hash.dropFirst(5).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(!ContentHash.isSHA256(hash), "never taken for the form earlier releases stored")
    }

    @Test func historyShowsTwelveDigitsOfEitherForm() {
        #expect(ContentHash.abbreviated("xxh3:bf9fe70a866203aced680ec4817e0ab4") == "xxh3:bf9fe70a8662")
        #expect(ContentHash.abbreviated("acb15fa6b391685edd60eaea983192f3b3595e2e501797569a92a03bf15ca672") == "acb15fa6b391")
    }

    @Test func reorderedDocumentsAndActionListHashEqual() {
        var shuffled = Factory.meeting()
        shuffled.actionDocuments.reverse()
        for index in shuffled.items.indices { shuffled.items[index].documents.reverse() }
        #expect(ContentHash.of(shuffled) == ContentHash.of(Factory.meeting()))
    }

    /// Lists already in order are hashed as they are, lists out of order sorted: both must give the
    /// one canonical order, also for documents whose sort keys tie (same URL, title and size).
    @Test func listsInOrderAndSortedListsHashAlike() {
        let tiedOnSite = Document(title: "Report", url: "\(Factory.base)documents/s1/Report.pdf", size: nil)
        let tiedElsewhere = Document(title: "Report", url: "\(Factory.base)documents/s1/Report.pdf", size: nil, external: true)
        let last = Document(title: "Annex", url: "\(Factory.base)documents/s2/Annex.pdf", size: nil)
        var inOrder = Factory.meeting()
        inOrder.items[0].documents = [tiedOnSite, tiedElsewhere, last]
        var outOfOrder = inOrder
        outOfOrder.items[0].documents = [last, tiedOnSite, tiedElsewhere]
        #expect(ContentHash.of(outOfOrder) == ContentHash.of(inOrder))
        var tiesSwapped = inOrder
        tiesSwapped.items[0].documents = [tiedElsewhere, tiedOnSite, last]
        #expect(ContentHash.of(tiesSwapped) != ContentHash.of(inOrder), "ties keep the page's order, as before")
    }

    @Test func aRealChangeHashesDifferently() {
        var changed = Factory.meeting()
        changed.items[2].documents[0].url = "\(Factory.base)documents/s112400/Petition.pdf"
        #expect(ContentHash.of(changed) != ContentHash.of(Factory.meeting()))
    }

    @Test func itemOrderIsPartOfTheHash() {
        var reordered = Factory.meeting()
        reordered.items.swapAt(0, 1)
        #expect(ContentHash.of(reordered) != ContentHash.of(Factory.meeting()))
    }

    /// Regression guard: the canonical encoding must not drift between releases, or every stored
    /// meeting would get a silent new version. Update only with a deliberate migration.
    /// Computed once, and reproduced independently: Python's
    /// json.dumps(meeting, sort_keys=True, separators=(",", ":"), ensure_ascii=False) with "/" → "\/",
    /// hashed with `xxhsum -H2` (this release's form) and `hashlib.sha256` (the form earlier releases
    /// stored, which a stored hash is still compared in).
    @Test func knownValuesForAFixedMeetingInBothForms() {
        let fixed = Meeting(
            id: MeetingID(source: "leics", number: 7892),
            url: "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892",
            committee: Committee(id: 1043, name: "Children and Families Overview and Scrutiny Committee"),
            title: "Children and Families Overview and Scrutiny Committee - Tuesday, 2 September 2025 2.00 pm",
            start: LondonDateTime(iso8601: "2025-09-02T14:00:00+01:00"), venue: "Sparkenhoe Committee Room, County Hall, Glenfield",
            status: .confirmed, published: PublishedFlags(agenda: true, minutes: false, decisions: false),
            actionDocuments: [ActionDocument(kind: .frontsheet, title: "Agenda frontsheet",
                                             url: "https://democracy.leics.gov.uk/documents/g7892/Agenda%20frontsheet.pdf?T=0",
                                             size: "PDF 120 KB")],
            items: [AgendaItem(id: "AI51890", number: "24", title: "SEND Transport Policy", text: "Report of the Director.",
                               documents: [Document(title: "Appendix B", url: "https://democracy.leics.gov.uk/documents/s1234/Appendix%20B.pdf",
                                                    size: nil)],
                               minutes: nil, decision: nil)])
        let hash = ContentHash(of: fixed)
        #expect(hash.value == "xxh3:bf9fe70a866203aced680ec4817e0ab4")
        #expect(hash.sha256 == "acb15fa6b391685edd60eaea983192f3b3595e2e501797569a92a03bf15ca672")
        #expect(hash.matches("xxh3:bf9fe70a866203aced680ec4817e0ab4"))
        #expect(hash.matches("acb15fa6b391685edd60eaea983192f3b3595e2e501797569a92a03bf15ca672"), "a stored SHA-256 hash")
    }

    /// Only the exact hash matches, in either form; nothing stored never matches.
    @Test func aStoredHashOfAnotherMeetingOrFormDoesNotMatch() {
        let hash = ContentHash(of: Factory.meeting())
        var changed = Factory.meeting()
        changed.title += "."
        let other = ContentHash(of: changed)
        #expect(hash.matches(hash.value) && hash.matches(hash.sha256))
        #expect(!hash.matches(other.value) && !hash.matches(other.sha256))
        #expect(!hash.matches(nil) && !hash.matches(""))
        #expect(!hash.matches(hash.sha256.uppercased()), "SHA256Digest writes lower case; anything else is no stored form")
        #expect(!hash.matches(String(hash.value.dropFirst(5))), "the new digits without their prefix are no stored form")
        #expect(!hash.matches(hash.sha256 + "0") && !hash.matches(String(hash.sha256.dropLast())))
    }
}

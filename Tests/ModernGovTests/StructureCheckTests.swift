import AgendaModel
@testable import ModernGov
import SampleCouncilTesting
import Testing

/// The structure check holds what a page shows of an agenda against what was read from it.
@Suite struct StructureCheckTests {
    static let pages: [(name: String, url: String)] = [
        (Fixture.kingstonMeeting, Fixture.kingstonMeetingURL), (Fixture.leicsMeeting, Fixture.leicsMeetingURL),
        (Fixture.kingstonCancelled, Fixture.kingstonCancelledURL),
    ]

    /// Real councils' pages re-skinned: the same typed meeting as the page as served.
    @Test(arguments: [Reskin.classesRenamed, .attributesRewritten, .template2014])
    func realPagesReskinnedReadTheSame(_ reskin: Reskin) throws {
        for (name, url) in Self.pages {
            let page = try Fixture.text(name)
            let parser = MeetingPageParser(sourceID: "real")
            let original = try parser.parse(Array(page.utf8), url: url)
            let reskinned = reskin.apply(to: page)
            #expect(reskinned != page)
            #expect(try parser.parse(Array(reskinned.utf8), url: url) == original, "\(name) \(reskin)")
        }
    }

    @Test func realPagesHaveNoErrorsAndNameTheirWarnings() throws {
        let reading = try MeetingPageParser(sourceID: "k").read(Fixture.bytes(Fixture.kingstonMeeting), url: Fixture.kingstonMeetingURL)
        #expect(reading.findings.allSatisfy { $0.severity == .warning }, "\(reading.findings)")
        #expect(reading.evidence.itemAnchors.count == reading.meeting.items.count)
        #expect(reading.evidence.itemTables == 1)
        #expect(reading.evidence.agendaHeading)
        // The reports pack link carries no size on every ModernGov page: it is no warning.
        #expect(reading.meeting.actionDocuments.contains { $0.url.contains("mgChooseDocPack.aspx") && $0.size == nil })
        #expect(!reading.findings.contains { $0.message.hasSuffix("documents have no size") }, "\(reading.findings)")
    }

    /// The Kingston page with its items table emptied of titles: not a meeting without items, but
    /// an unrecognised page that says what it saw.
    @Test func aPageWhoseItemsLostTheirTitlesIsUnrecognised() throws {
        let page = try Fixture.text(Fixture.kingstonMeeting)
        let untitled = page.replacing(#/<p\s+class="mgAiTitleTxt"\s*>/#, with: "<span>")
        let parser = MeetingPageParser(sourceID: "k")
        let reading = try parser.read(Array(untitled.utf8), url: Fixture.kingstonMeetingURL)
        #expect(reading.meeting.items.isEmpty)
        let errors = reading.findings.filter { $0.severity == .error }.map(\.message)
        #expect(errors.first == "\(reading.evidence.itemAnchors.count) item anchors but items lost every title")
        #expect(throws: ModernGovPageError.self) { try parser.parse(Array(untitled.utf8), url: Fixture.kingstonMeetingURL) }
    }

    @Test func findingsNameWhatWasMissing() {
        var evidence = MeetingPageEvidence()
        evidence.itemAnchors = (1 ... 12).map { "AI\($0)" }
        evidence.itemDocumentLinks = 4
        let empty = Meeting(id: MeetingID(source: "s", number: 1), url: "https://example.org/ieListDocuments.aspx?CId=1&MId=1",
                            committee: Committee(id: 1, name: "C"), title: "C - Monday 7 December 2026 7:00 pm", start: nil,
                            venue: nil, status: .confirmed, published: PublishedFlags(agenda: true, minutes: false, decisions: false),
                            actionDocuments: [], items: [])
        #expect(StructureCheck.findings(evidence, empty).filter { $0.severity == .error }.map(\.message)
            == ["12 item anchors but no items table", "4 document links but no documents extracted"])
        evidence.itemTables = 1
        #expect(StructureCheck.findings(evidence, empty).first?.message == "12 item anchors but items lost every title")

        // Some items read, others not: the unread ones are named.
        var partial = empty
        partial.items = (1 ... 10).map { AgendaItem(id: "AI\($0)", number: "\($0)", title: "Item \($0)", text: nil, documents: [], minutes: nil, decision: nil) }
        evidence.itemDocumentLinks = 0
        #expect(StructureCheck.findings(evidence, partial).first == StructureFinding(.error, "12 item anchors but 2 of them not read as items (AI11, AI12)"))

        // Nothing on the page says there is an agenda: a meeting with nothing published yet, no error.
        #expect(StructureCheck.findings(MeetingPageEvidence(), empty).allSatisfy { $0.severity == .warning })
        var headed = MeetingPageEvidence()
        headed.mainTitle = "Agenda"
        #expect(StructureCheck.findings(headed, empty).first == StructureFinding(.error, "the page is headed \"Agenda\" but has no items"))

        // Softer signs, for check-source: an unnumbered item, an undated meeting.
        var unnumbered = partial
        unnumbered.items[0].number = ""
        let warnings = StructureCheck.findings(MeetingPageEvidence(), unnumbered).filter { $0.severity == .warning }.map(\.message)
        #expect(warnings == ["1 of 10 items have no number", "the meeting has no start time"])
    }
}

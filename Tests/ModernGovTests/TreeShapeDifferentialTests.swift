import AgendaCore
import AgendaModel
import Foundation
@testable import ModernGov
import SampleCouncilTesting
import Testing
import TestSupport

/// The production reading (the lean tree, `TreeShape.lean`) against the oracle (the complete tree
/// libxml2 builds): the same outcome on every page — the whole `Meeting`, the page's evidence and
/// every structure-check finding, or the same error (`unrecognised`, `truncated`, …) with the same
/// reason. Pages: every fixture (meeting pages and the other pages, which must fail alike), every
/// page of the drift corpus (every re-skin in every byte form), and generated benchmark pages.
@Suite struct TreeShapeDifferentialTests {
    /// What reading a page gave: the reading's parts, or the error.
    enum Outcome: Equatable, CustomStringConvertible {
        case read(Meeting, MeetingPageEvidence, [StructureFinding])
        case failed(ModernGovPageError)

        init(_ page: [UInt8], url: String, contentType: String?, shape: TreeShape) {
            do {
                let reading = try MeetingPageParser(sourceID: "s")
                    .read(page, url: url, contentType: contentType.flatMap(ContentType.init(headerValue:)), shape: shape)
                self = .read(reading.meeting, reading.evidence, reading.findings)
            } catch {
                self = .failed(error)
            }
        }

        var description: String {
            switch self {
            case .read(let meeting, _, let findings): "\(meeting.items.count) items, findings \(findings)"
            case .failed(let error): "\(error)"
            }
        }

        /// Read, with an error finding: what `parse` throws as `unrecognised`.
        var isUnrecognised: Bool {
            if case .read(_, _, let findings) = self { findings.contains { $0.severity == .error } } else { false }
        }
    }

    /// Holds the two readings of `page` equal; returns the oracle's outcome.
    @discardableResult
    static func expectSameReading(_ name: String, _ page: [UInt8], url: String, contentType: String? = nil) -> Outcome {
        let oracle = Outcome(page, url: url, contentType: contentType, shape: .complete)
        let lean = Outcome(page, url: url, contentType: contentType, shape: .lean)
        #expect(lean == oracle, "\(name): lean \(lean) ≠ complete \(oracle)")
        return oracle
    }

    @Test func everyFixturePageReadsAlike() throws {
        let meetingURLs = [
            Fixture.kingstonMeeting: Fixture.kingstonMeetingURL, Fixture.kingstonCancelled: Fixture.kingstonCancelledURL,
            Fixture.leicsMeeting: Fixture.leicsMeetingURL,
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.directory.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(names.count >= 8, "\(names)")
        var read = 0
        for name in names {
            let url = meetingURLs[name] ?? "https://moderngov.example.gov.uk/ieListDocuments.aspx?CId=1&MId=1"
            if case .read = Self.expectSameReading(name, try Fixture.bytes(name), url: url) { read += 1 }
        }
        // The three meeting pages read; every other page fails, alike in both trees.
        #expect(read == meetingURLs.count)
    }

    @Test func everyDriftCorpusPageReadsAlike() async throws {
        try await offThePool { () async throws in
            let reference = try #require(LondonDateTime(year: 2026, month: 11, day: 29, hour: 7, minute: 0)).instant
            let corpus = DriftCorpus(reference: reference)
            #expect(corpus.entries.count >= Reskin.allCases.count * 3 * 5)
            var unrecognised = 0
            for entry in corpus.entries {
                let outcome = Self.expectSameReading(entry.name, entry.page, url: entry.url, contentType: entry.contentType)
                if outcome.isUnrecognised { unrecognised += 1 }
            }
            // The re-skins that must be unrecognised are (alike in both trees); everything else reads cleanly.
            let mustFail = corpus.entries.filter { $0.expectation == .unrecognised }.count
            #expect(mustFail > 0 && unrecognised == mustFail, "\(unrecognised) unrecognised, \(mustFail) must be")
        }
    }

    /// Generated benchmark pages (one council of the corpus `agenda-sync-bench` parses), as rendered and
    /// in every re-skin and byte form.
    @Test func generatedCorpusPagesReadAlike() async throws {
        try await offThePool { () async throws in
            let generated = CorpusGenerator(councils: 1, committeesPerCouncil: 2, meetingsPerCommittee: 3, seed: 1).generate()
            let corpus = DriftCorpus(content: generated.councils[0].content)
            #expect(corpus.entries.count >= 30, "\(corpus.entries.count) pages")
            var read = 0
            for entry in corpus.entries {
                if case .read = Self.expectSameReading(entry.name, entry.page, url: entry.url, contentType: entry.contentType) { read += 1 }
            }
            #expect(read > 0)
        }
    }

    /// The lean tree really is lean: what it leaves out is gone, what readers use stays.
    @Test func theLeanTreeKeepsOnlyWhatReadersRead() throws {
        let page = Array(#"""
            <div id="modgov" title="t" style="x"><!-- c --><script>var a = "<p>";</script>
            <a name="AI1" href="a.pdf" class="k" title="Link to document">Doc</a></div>
            """#.utf8)
        let document = try #require(HTMLDocument(page, shape: .lean))
        document.withRoot { root in
            let modgov = root.first("div")
            #expect(modgov?.attribute("id") == "modgov")
            #expect(modgov?.attribute("title") == nil && modgov?.attribute("style") == nil)
            let a = root.first("a")
            #expect(a?.attribute("name") == "AI1" && a?.attribute("href") == "a.pdf" && a?.hasClass("k") == true)
            #expect(a?.attribute("title") == nil)
            // No comment, no script text: every node is an element or a text.
            #expect(root.descendants.allSatisfy { $0.isElement || $0.isText })
            #expect(root.first("script")?.children.first { _ in true } == nil)
            #expect(root.text(singleLine: true) == "Doc")
        }
        let complete = try #require(HTMLDocument(page, shape: .complete))
        complete.withRoot { root in
            #expect(root.first("a")?.attribute("title") == "Link to document")
            #expect(!root.descendants.allSatisfy { $0.isElement || $0.isText })
        }
    }
}

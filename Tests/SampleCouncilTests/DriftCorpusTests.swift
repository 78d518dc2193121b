import AgendaCore
import AgendaModel
import Foundation
import ModernGov
import Testing
import TestSupport
@testable import SampleCouncil
@testable import SampleCouncilTesting

/// Every page of the drift corpus through the real meeting page reader: a re-skin or an encoding
/// switch gives the typed meeting of the page as rendered, or an `unrecognised` failure that
/// names what was missing — never a meeting with items, documents or titles lost.
@Suite struct DriftCorpusTests {
    static func read(_ entry: DriftCorpus.Entry) throws(ModernGovPageError) -> Meeting {
        try MeetingPageParser(sourceID: entry.meeting.id.source)
            .parse(entry.page, url: entry.url, contentType: ContentType(headerValue: entry.contentType))
    }

    @Test(arguments: [nil, 1, 8] as [UInt64?])
    func everyPageReadsAsRenderedOrFailsAsUnrecognised(noiseSeed: UInt64?) async throws {
        // Hundreds of pages parsed: off the cooperative pool, where it would stall the other tests' servers.
        try await offThePool { () async throws in try Self.checkCorpus(noiseSeed: noiseSeed) }
    }

    static func checkCorpus(noiseSeed: UInt64?) throws {
        let corpus = DriftCorpus(content: SampleCouncilData.content(reference: Fixtures.reference, noiseSeed: noiseSeed))
        #expect(corpus.entries.count >= Reskin.allCases.count * PageBytes.allCases.count * 5)
        var originals: [Int: Meeting] = [:]
        for entry in corpus.entries {
            let number = entry.meeting.id.number
            let original = try originals[number] ?? MeetingPageParser(sourceID: entry.meeting.id.source).parse(entry.original, url: entry.url)
            originals[number] = original
            #expect(original == entry.meeting, "\(entry.name): the rendered page reads back")
            guard original == entry.meeting else { continue }
            switch entry.expectation {
            case .sameMeeting:
                do {
                    let meeting = try Self.read(entry)
                    #expect(meeting == original, "\(entry.name): \(Self.firstDifference(meeting, original))")
                } catch {
                    Issue.record("\(entry.name): \(error)")
                }
            case .unrecognised:
                #expect(throws: ModernGovPageError.self, "\(entry.name)") { try Self.read(entry) }
                do {
                    _ = try Self.read(entry)
                } catch {
                    guard case .unrecognised(let reason) = error else {
                        Issue.record("\(entry.name): \(error), not unrecognised")
                        continue
                    }
                    #expect(!reason.isEmpty)
                }
            }
        }
    }

    /// The re-skins really change the markup (a re-skin that left the page as it was proves nothing),
    /// and the byte forms really change the bytes of pages with text outside ASCII.
    @Test func everyFormChangesThePage() async throws {
        let corpus = await offThePool { DriftCorpus(reference: Fixtures.reference) }
        for entry in corpus.entries where entry.reskin != nil || entry.bytes != .utf8 {
            #expect(entry.page != entry.original, "\(entry.name) is the rendered page")
        }
        let latin = try #require(corpus.entries.first { $0.reskin == nil && $0.bytes == .windows1252 && $0.meeting.id.number == 2041 })
        let highBytes = latin.page.filter { $0 >= 0x80 }
        #expect(highBytes.count > 0 && highBytes.count < latin.original.filter { $0 >= 0x80 }.count,
                "the page has text outside ASCII, one byte a character in windows-1252: \(Set(highBytes).sorted())")
        #expect(String(decoding: latin.page, as: UTF8.self).range(of: "charset", options: .caseInsensitive) == nil)
        #expect(latin.contentType == "text/html")
    }

    /// The first part of `meeting` that differs from `expected`, short enough for a test report.
    static func firstDifference(_ meeting: Meeting, _ expected: Meeting) -> String {
        if meeting.items.count != expected.items.count { return "\(meeting.items.count) items, not \(expected.items.count)" }
        for (item, want) in zip(meeting.items, expected.items) where item != want {
            return "item \(want.id): \(String(describing: item).prefix(600)) ≠ \(String(describing: want).prefix(600))"
        }
        if meeting.actionDocuments != expected.actionDocuments {
            return "action documents \(meeting.actionDocuments.map(\.title)) ≠ \(expected.actionDocuments.map(\.title))"
        }
        var a = meeting, b = expected
        a.items = []; a.actionDocuments = []; b.items = []; b.actionDocuments = []
        return "\(a) ≠ \(b)"
    }

    /// The reason of the `unrecognised` failure `entry` gives; nil for any other outcome.
    static func reason(_ entry: DriftCorpus.Entry) -> String? {
        do {
            _ = try read(entry)
            return nil
        } catch {
            guard case .unrecognised(let reason) = error else { return nil }
            return reason
        }
    }

    @Test func unrecognisedPagesNameWhatWasMissing() throws {
        let corpus = DriftCorpus(reference: Fixtures.reference)
        let spans = try #require(corpus.entries.first { $0.reskin == .titlesInSpans && $0.bytes == .utf8 && $0.meeting.id.number == 2041 })
        #expect(Self.reason(spans) == "\(spans.meeting.items.count) item anchors but items lost every title; "
            + "\(Set(spans.meeting.items.flatMap(\.documents).map(\.url)).count) document links but no documents extracted")
        let scripted = try #require(corpus.entries.first { $0.reskin == .scriptedAgenda && $0.bytes == .utf8 && $0.meeting.id.number == 2041 })
        #expect(Self.reason(scripted) == "2 agenda frontsheet or reports pack links but no items")
    }
}

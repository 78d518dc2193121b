import AgendaCore
import AgendaModel
import Foundation
import ModernGov
import SampleCouncilTesting
import Testing
import TestSupport

/// `MeetingJSON` against the encoder it stands in for: Foundation's `JSONEncoder` with `.sortedKeys`
/// (the content hash's form) and with `.withoutEscapingSlashes` too (the stored record's form), byte
/// for byte, on every meeting read from a fixture page, from the drift corpus, from generated pages,
/// and on meetings built to reach every optional field and every ASCII character.
@Suite struct MeetingJSONTests {
    static func expectSameBytes(_ meeting: Meeting, _ name: String) throws {
        for escapingSlashes in [true, false] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = escapingSlashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
            let expected = Array(try encoder.encode(meeting))
            let written = MeetingJSON.bytes(meeting, escapingSlashes: escapingSlashes)
            #expect(written == expected, """
                \(name) (escaping slashes: \(escapingSlashes)):
                MeetingJSON \(String(decoding: written, as: UTF8.self).prefix(400))
                JSONEncoder \(String(decoding: expected, as: UTF8.self).prefix(400))
                """)
        }
    }

    @Test func fixtureAndDriftCorpusMeetingsWriteAsJSONEncoderDoes() async throws {
        try await offThePool { () async throws in
            var meetings = 0
            for (name, url) in [(Fixture.kingstonMeeting, Fixture.kingstonMeetingURL), (Fixture.kingstonCancelled, Fixture.kingstonCancelledURL),
                                (Fixture.leicsMeeting, Fixture.leicsMeetingURL)] {
                try Self.expectSameBytes(try MeetingPageParser(sourceID: "s").parse(try Fixture.bytes(name), url: url), name)
                meetings += 1
            }
            let reference = try #require(LondonDateTime(year: 2026, month: 11, day: 29, hour: 7, minute: 0)).instant
            let generated = CorpusGenerator(councils: 1, committeesPerCouncil: 2, meetingsPerCommittee: 3, seed: 1).generate()
            for entry in DriftCorpus(reference: reference).entries + DriftCorpus(content: generated.councils[0].content).entries {
                let contentType = ContentType(headerValue: entry.contentType)
                guard let meeting = try? MeetingPageParser(sourceID: "s").parse(entry.page, url: entry.url, contentType: contentType) else { continue }
                try Self.expectSameBytes(meeting, entry.name)
                meetings += 1
            }
            #expect(meetings > 50, "\(meetings) meetings compared")
        }
    }

    @Test func everyOptionalFieldAndEveryASCIICharacterWritesAsJSONEncoderDoes() throws {
        var everyASCII = ""
        for value in UInt8(0)..<0x80 { everyASCII.unicodeScalars.append(Unicode.Scalar(value)) }
        let text = everyASCII + " é £ \u{2028}\u{2029} 😀 \u{FEFF} end"
        let full = Meeting(
            id: MeetingID(source: "a-b", number: 12), url: "https://x.example/ieListDocuments.aspx?CId=1&MId=12",
            committee: Committee(id: 1, name: text), title: text,
            start: LondonDateTime(iso8601: "2026-03-29T01:30:00+00:00"), venue: text, status: .cancelled,
            published: PublishedFlags(agenda: false, minutes: true, decisions: true),
            actionDocuments: [ActionDocument(kind: .printedMinutes, title: text, url: "https://x.example/a/b.pdf", size: "PDF 1 KB", external: true),
                              ActionDocument(kind: .other, title: "t", url: "u", size: nil)],
            items: [AgendaItem(id: "AI1", number: "1a", title: text, text: text,
                               documents: [Document(title: "d", url: "https://other.example/x", size: "PDF 2 KB", external: true),
                                           Document(title: "e", url: "/f", size: nil),
                                           Document(title: "g", url: "/h", size: nil, external: true),
                                           Document(title: "i", url: "/j", size: "k")],
                               minutes: ItemSection(text: text, truncated: true), decision: ItemSection(text: "", truncated: false)),
                    AgendaItem(id: "AI2", number: "", title: "", text: nil, documents: [], minutes: nil, decision: nil)])
        try Self.expectSameBytes(full, "every optional field")
        let bare = Meeting(id: MeetingID(source: "s", number: 1), url: "", committee: Committee(id: -3, name: ""), title: "",
                           start: LondonDateTime(iso8601: "2026-01-05"), venue: nil, status: .confirmed,
                           published: PublishedFlags(agenda: false, minutes: false, decisions: false), actionDocuments: [], items: [])
        try Self.expectSameBytes(bare, "no optional field")
        var dateless = bare
        dateless.start = nil
        try Self.expectSameBytes(dateless, "no start")
    }
}

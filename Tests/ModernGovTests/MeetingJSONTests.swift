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

    /// A meeting whose every string field is one of `texts`, one item per text.
    static func meeting(carrying texts: [String]) -> Meeting {
        Meeting(id: MeetingID(source: "s", number: 1), url: texts.first ?? "", committee: Committee(id: 1, name: texts.last ?? ""),
                title: texts.first ?? "", start: nil, venue: texts.last, status: .confirmed,
                published: PublishedFlags(agenda: true, minutes: false, decisions: false), actionDocuments: [],
                items: texts.enumerated().map { index, text in
                    AgendaItem(id: "AI\(index)", number: text, title: text, text: text,
                               documents: [Document(title: text, url: text, size: text)], minutes: nil, decision: nil)
                })
    }

    /// The writer tests eight bytes at a time and copies runs between escapes, so every character
    /// JSON escapes (and ones it does not: `/` when slashes are not escaped, DEL, non-ASCII, U+2028/2029,
    /// which JSONEncoder writes as they are) is put at every position of strings of 0–24 bytes:
    /// first, last, either side of each 8-byte boundary, inside the last partial word.
    @Test func everyEscapeAtEveryPositionWritesAsJSONEncoderDoes() throws {
        let specials: [String] = ["\"", "\\", "/", "\u{0}", "\u{8}", "\t", "\n", "\u{B}", "\u{C}", "\r", "\u{1F}", "\u{7F}",
                                  "é", "😀", "\u{2028}", "\u{2029}", " ", "~"]
        for special in specials {
            var texts: [String] = []
            for length in 0...24 {
                for position in 0...length {
                    texts.append(String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position))
                }
            }
            texts.append(String(repeating: special, count: 19))
            try Self.expectSameBytes(Self.meeting(carrying: texts), "\(special.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Strings drawn from every kind of character — escaped ones, their neighbours in the byte table
    /// (which the word-at-a-time test must not confuse with them), multi-byte ones — in runs and mixes.
    @Test func generatedStringsWriteAsJSONEncoderDoes() throws {
        var everyASCII: [Character] = (UInt8(0)..<0x80).map { Character(Unicode.Scalar($0)) }
        everyASCII += ["é", "£", "\u{A0}", "\u{2028}", "\u{2029}", "😀", "\u{FEFF}", "\u{FFFD}", "ÿ", "\u{10FFFF}"]
        var random = SplitMix64(seed: 20)   // FailureTests' generator: the same strings on every run
        for _ in 0..<40 {
            let texts = (0..<50).map { _ in
                let length = Int(random.next() % 70)
                return String((0..<length).map { _ in
                    // Mostly letters, as real text is, so that escapes fall both alone and in clusters.
                    random.next() % 3 == 0 ? everyASCII[Int(random.next() % UInt64(everyASCII.count))] : "x"
                })
            }
            try Self.expectSameBytes(Self.meeting(carrying: texts), "generated \(texts.prefix(3))")
        }
    }
}


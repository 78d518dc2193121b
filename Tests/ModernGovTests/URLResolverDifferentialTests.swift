import AgendaCore
import AgendaModel
import Foundation
@testable import ModernGov
import SampleCouncilTesting
import Testing
import TestSupport

/// `WebURL.Resolver` (a base split once, plain references joined to it directly) against the
/// general algorithm (`WebURL.resolve(_:)`): the same canonical URL, or nil alike, for every href
/// of every fixture page, of the drift corpus, of generated pages with noise (session segments in
/// their links), and for generated references of every awkward form against bases of
/// every awkward form.
@Suite struct URLResolverDifferentialTests {
    /// How the references went: compared, and resolved by the plain path (the rest fell back).
    struct Tally {
        var compared = 0
        var plain = 0
    }

    /// Holds `resolver` to the general algorithm on `href` (as bytes, like an attribute's value).
    static func expectSameResolution(_ href: [UInt8], _ resolver: WebURL.Resolver, _ tally: inout Tally, _ origin: String) {
        let general = resolver.base.resolve(String(decoding: href, as: UTF8.self))
        let (resolved, plain) = href.withUnsafeBufferPointer { (resolver.resolve($0), resolver.plainResolution($0)) }
        let shown = String(decoding: href, as: UTF8.self).debugDescription
        #expect(resolved == general,
                "\(origin): \(shown) against \(resolver.base): \(resolved?.string ?? "nil") ≠ general \(general?.string ?? "nil")")
        if let plain {
            #expect(plain == general, "\(origin): plain path on \(shown)")
            tally.plain += 1
        }
        tally.compared += 1
    }

    /// Every `href` of `page` (bytes as served), read as the extraction reads it.
    static func hrefs(_ page: [UInt8], contentType: String? = nil) throws -> [[UInt8]] {
        let text = PageEncoding.utf8(page, httpCharset: contentType.flatMap(ContentType.init(headerValue:))?.charset)
        let document = try #require(HTMLDocument(text, shape: .complete))
        return document.withRoot { root in
            root.descendants.compactMap { node in node.isElement ? node.withAttribute("href") { Array($0) } : nil }
        }
    }

    static func expectSameResolutions(of page: [UInt8], url: String, contentType: String? = nil, _ tally: inout Tally,
                                      _ name: String) throws {
        let resolver = WebURL.Resolver(base: try #require(WebURL(url)))
        for href in try hrefs(page, contentType: contentType) where !href.isEmpty {
            expectSameResolution(href, resolver, &tally, name)
        }
    }

    @Test func everyHrefOfEveryFixturePage() throws {
        let urls = [
            Fixture.kingstonMeeting: Fixture.kingstonMeetingURL, Fixture.kingstonCancelled: Fixture.kingstonCancelledURL,
            Fixture.kingstonMeetings: Fixture.kingstonMeetingsURL, Fixture.kingstonCommitteeDetails: Fixture.kingstonCommitteeDetailsURL,
            Fixture.kingstonStructure: Fixture.kingstonStructureURL, Fixture.leicsMeeting: Fixture.leicsMeetingURL,
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.directory.path).filter { $0.hasSuffix(".html") }.sorted()
        var tally = Tally()
        for name in names {
            let url = urls[name] ?? "https://moderngov.example.gov.uk/mg/ieListDocuments.aspx?CId=1&MId=1"
            try Self.expectSameResolutions(of: try Fixture.bytes(name), url: url, &tally, name)
        }
        // The real pages' links are nearly all plain; the test is only as good as that share.
        #expect(tally.compared > 300 && tally.plain * 10 > tally.compared * 9, "\(tally)")
    }

    @Test func everyHrefOfTheDriftCorpusAndOfNoisyGeneratedPages() async throws {
        try await offThePool { () async throws in
            let reference = try #require(LondonDateTime(year: 2026, month: 11, day: 29, hour: 7, minute: 0)).instant
            var tally = Tally()
            for entry in DriftCorpus(reference: reference).entries {
                try Self.expectSameResolutions(of: entry.page, url: entry.url, contentType: entry.contentType, &tally, entry.name)
            }
            // Pages as the benchmark's councils serve them, with noise: links with a session segment.
            let generated = CorpusGenerator(councils: 1, committeesPerCouncil: 2, meetingsPerCommittee: 3, seed: 1).generate()
            var sessions = 0
            for entry in DriftCorpus(content: generated.councils[0].content).entries {
                let hrefs = try Self.hrefs(entry.page, contentType: entry.contentType)
                sessions += hrefs.filter { String(decoding: $0, as: UTF8.self).contains("(S(") }.count
                try Self.expectSameResolutions(of: entry.page, url: entry.url, contentType: entry.contentType, &tally, entry.name)
            }
            #expect(sessions > 100, "links with a session segment: \(sessions)")
            #expect(tally.compared > 5000 && tally.plain * 10 > tally.compared * 9, "\(tally)")
        }
    }

    /// Pieces a reference is made of: each form the general algorithm treats specially.
    static let pieces = [
        "", "a", "Report.pdf", "documents/", "s1234/", "/", "//", "//other.example/x", "//Other.Example:443", "/abs/", "../", "./", "..",
        ".", "%2e", "%2E/", "?", "?q=1", "?ID=7&Ver=4", "?VER=1&bcr=1&LLL=0&_=9", "&", "&&x=1", "=", "#", "#frag", "#a b",
        "https://h.example/x", "HTTP://H.Example:80/y", "http:rel", "mailto:x@y.example", "javascript:void(0)", "a:b", ":", "%41", "%7e",
        "%7E", "%2f", "%zz", "%", "%4", " ", "\t", "\n", "\r", "\\", "é", "\u{1F600}", "(S(abc123))/", "(S(abc123))", "(X(1)S(q1))/",
        "(A(x)F(y))", "%28S%28abc%29%29/", "(draft)/", "Report (1).pdf", "()", "(S())", "@", "~", "'", "!$&'()*+,;=", "[", "]", "|", "\"",
        "<", "{", "\u{7F}", "\u{0}",
    ]

    /// Bases of every form: canonical ones, and ones whose directory or query the canonical form
    /// would still change (parsed as written, or with a path set by hand).
    static func bases() throws -> [WebURL] {
        var bases = try [
            "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221&Ver=4",
            "http://www.argyll-bute.gov.uk/moderngov/ieListDocuments.aspx?MId=1",
            "http://127.0.0.1:8080/mg/sub/",
            "https://[::1]:8443/x",
            "https://h.example",
            "https://u:p@h.example/%2e%2E/x/./y/page.aspx?x=%7e&_=1", // canonical path "/../x/y/page.aspx"
            "https://h.example/a(b)/c%C3%A9/(S(z))/page.aspx?V%65r=4&a=1",
        ].map { try #require(WebURL($0)) }
        bases += try [
            "https://h.example:443/a/(S(abc))/b%7e/%2e/p.aspx?Ver=1#f",
            "HTTP://User@H.Example/a%20b/p?x",
            "https://h.example/%41/..%2F/p",
        ].map { try WebURL.parse($0).get() }
        var noSlash = try #require(WebURL("https://h.example/p"))
        noSlash.path = "p"
        var dotty = try #require(WebURL("https://h.example/p"))
        dotty.path = "/a/../b/./c/"
        dotty.query = "ver=2&&x=%7e"
        return bases + [noSlash, dotty]
    }

    @Test func generatedReferencesOfEveryFormAgainstBasesOfEveryForm() throws {
        var references = Self.pieces.flatMap { first in Self.pieces.map { first + $0 } }
        // Longer ones: three or four pieces, in a fixed pseudo-random choice.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % Self.pieces.count
        }
        for n in 0 ..< 4000 {
            references.append((0 ..< (3 + n % 2)).map { _ in Self.pieces[next()] }.joined())
        }
        var tally = Tally()
        for base in try Self.bases() {
            let resolver = WebURL.Resolver(base: base)
            for reference in references {
                Self.expectSameResolution(Array(reference.utf8), resolver, &tally, "generated")
            }
            // Bytes that are not UTF-8, as an attribute may hold them.
            for bytes: [UInt8] in [[0xFF], [0x61, 0xC3], [0x2F, 0x80, 0x2F], [0x3F, 0x78, 0x3D, 0xFE]] {
                Self.expectSameResolution(bytes, resolver, &tally, "not UTF-8")
            }
        }
        #expect(tally.plain > tally.compared / 10 && tally.plain < tally.compared, "\(tally)")
    }
}

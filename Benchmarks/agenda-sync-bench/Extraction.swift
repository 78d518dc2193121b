import AgendaModel
import Foundation
import ModernGov
import SampleCouncil
import SampleCouncilTesting

/// Extraction speed: each page parsed repeatedly in memory, for a time budget and a bounded count.
enum ExtractionBenchmark {
    static let maxIterations = 200_000

    /// One page (or a mix of pages parsed round-robin) and how to parse it.
    struct Case {
        var name: String
        var pages: [(bytes: [UInt8], url: String)]
        /// Parses one page and returns a number derived from the result (items + documents, …),
        /// so the work cannot be optimised away and a broken parse shows.
        var parse: @Sendable ([UInt8], String) throws -> Int

        var totalBytes: Int { pages.reduce(0) { $0 + $1.bytes.count } }
    }

    struct Result {
        var name: String
        var pageCount: Int
        /// Mean bytes per parsed page.
        var pageBytes: Int
        var iterations: Int
        var bytes: Int
        var wall: Double
        var cpu: Double
        var yield: Int

        var pagesPerSecond: Double { Double(iterations) / wall }
        var mbPerSecond: Double { Double(bytes) / 1e6 / wall }
        var mbPerCPUSecond: Double { cpu > 0 ? Double(bytes) / 1e6 / cpu : .infinity }
    }

    /// Parses the case's pages round-robin until `budget` seconds have passed or the count bound is hit.
    static func measure(_ item: Case, budget: Double) throws -> Result {
        var yield = 0
        // Warm-up (and a check that every page parses).
        for page in item.pages { yield &+= try item.parse(page.bytes, page.url) }
        var iterations = 0
        var bytes = 0
        let cpuStart = Usage.current()
        let start = Clock.now()
        var now = start
        while now - start < budget && iterations < maxIterations {
            let page = item.pages[iterations % item.pages.count]
            yield &+= try item.parse(page.bytes, page.url)
            bytes += page.bytes.count
            iterations += 1
            now = Clock.now()
        }
        let end = Usage.current()
        return Result(name: item.name, pageCount: item.pages.count, pageBytes: item.totalBytes / max(1, item.pages.count),
                      iterations: iterations, bytes: bytes, wall: now - start, cpu: end.cpu - cpuStart.cpu, yield: yield)
    }

    static func meetingYield(_ meeting: Meeting) -> Int {
        1 + meeting.items.count + meeting.items.reduce(0) { $0 + $1.documents.count } + meeting.actionDocuments.count
    }

    // MARK: cases

    /// The page URL a fixture stands for, from its file name (`kingston-ieListDocuments-CId711-MId10221.html`).
    static func fixtureURL(_ fileName: String) -> (sourceID: String, url: String) {
        let parts = fileName.replacingOccurrences(of: ".html", with: "").split(separator: "-").map(String.init)
        let prefix = parts.first ?? "fixture"
        let hosts = ["kingston": "https://moderngov.kingston.gov.uk/", "leics": "https://democracy.leics.gov.uk/"]
        let base = hosts[prefix] ?? "https://\(prefix).example/"
        func number(_ key: String) -> String? {
            parts.first { $0.hasPrefix(key) && Int($0.dropFirst(key.count)) != nil }.map { String($0.dropFirst(key.count)) }
        }
        if fileName.contains("ieListDocuments"), let cid = number("CId"), let mid = number("MId") {
            return (prefix, base + "ieListDocuments.aspx?CId=\(cid)&MId=\(mid)")
        }
        if fileName.contains("ieListMeetings"), let cid = number("CommitteeId") {
            return (prefix, base + "ieListMeetings.aspx?CommitteeId=\(cid)")
        }
        if fileName.contains("mgCommitteeStructure") {
            return (prefix, base + "mgCommitteeStructure.aspx")
        }
        return (prefix, base)
    }

    /// The real pages: every meeting page, the mix of them, the meetings list and the committee structure.
    static func fixtureCases(folder: String) throws -> [Case] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".html") }.sorted()
        func load(_ name: String) throws -> (bytes: [UInt8], url: String, sourceID: String) {
            let (sourceID, url) = fixtureURL(name)
            return ([UInt8](try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))), url, sourceID)
        }
        var cases: [Case] = []
        var meetingPages: [(bytes: [UInt8], url: String)] = []
        for name in names where name.contains("ieListDocuments") {
            let page = try load(name)
            let sourceID = page.sourceID
            cases.append(Case(name: "meeting page " + name, pages: [(page.bytes, page.url)]) { bytes, url in
                meetingYield(try MeetingPageParser(sourceID: sourceID).parse(bytes, url: url))
            })
            meetingPages.append((page.bytes, page.url))
        }
        guard !meetingPages.isEmpty else { throw BenchError("no *ieListDocuments*.html meeting pages in \(folder)") }
        if meetingPages.count > 1 {
            cases.append(Case(name: "meeting pages, all \(meetingPages.count) round-robin", pages: meetingPages) { bytes, url in
                meetingYield(try MeetingPageParser(sourceID: "fixture").parse(bytes, url: url))
            })
        }
        for name in names where name.contains("ieListMeetings") {
            let page = try load(name)
            let sourceID = page.sourceID
            cases.append(Case(name: "meetings list " + name, pages: [(page.bytes, page.url)]) { bytes, url in
                let list = try MeetingListParser(sourceID: sourceID).parse(bytes, url: url)
                return 1 + list.meetings.count
            })
        }
        for name in names where name.contains("mgCommitteeStructure") {
            let page = try load(name)
            cases.append(Case(name: "committee structure " + name, pages: [(page.bytes, page.url)]) { bytes, url in
                1 + (try CommitteeListParser().parse(bytes, url: url)).count
            })
        }
        return cases
    }

    /// Pages of the generated corpus (one council's meeting pages, 30–80 KB each), as the sync cycles serve them.
    static func corpusCase(seed: UInt64, committees: Int, meetings: Int) async -> Case {
        let corpus = CorpusGenerator(councils: 1, committeesPerCouncil: committees, meetingsPerCommittee: meetings, seed: seed).generate()
        let content = corpus.councils[0].content
        let site = SampleCouncilSite(content: content)
        var pages: [(bytes: [UInt8], url: String)] = []
        for meeting in content.meetings {
            if let page = await site.page(for: .meeting(committee: meeting.committee.id, meeting: meeting.id.number)) {
                pages.append((Array(page.utf8), meeting.url))
            }
        }
        let sourceID = content.sourceID
        return Case(name: "generated corpus meeting pages, \(pages.count) round-robin", pages: pages) { bytes, url in
            meetingYield(try MeetingPageParser(sourceID: sourceID).parse(bytes, url: url))
        }
    }

    static func printTable(_ results: [Result]) {
        let rows = results.map { r -> [String] in
            [r.name, "\(r.pageCount)", Format.fixed(Double(r.pageBytes) / 1e3, 1), Format.grouped(r.iterations),
             Format.fixed(r.wall, 2), Format.fixed(r.cpu, 2), Format.fixed(r.pagesPerSecond, 0),
             Format.fixed(r.mbPerSecond, 1), Format.fixed(r.mbPerCPUSecond, 1)]
        }
        Out.line(Table.render(["case", "pages", "KB/page", "parses", "wall s", "CPU s", "pages/s", "MB/s", "MB/CPU-s"], rows))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import AgendaCore
import AgendaModel
import Foundation
import SampleCouncil

/// Generates the benchmark's corpus: N councils × M committees × K meetings of ModernGov-template
/// pages (default 10 × 10 × 10: 10 structure pages + 100 list pages + 1,000 meeting pages = 1,110
/// URLs, about 56 MB), deterministic for a seed and a reference day.
///
/// Each meeting page is 30–80 KB: 8–25 items whose agenda text and minutes are grown towards a
/// size drawn for the meeting. Meetings run from about 8 weeks before the reference day to 9 months
/// after it (inside the default sync window); the older ones have minutes (and often decisions), the
/// rest an agenda.
///
/// Serving: one `SampleCouncilSite` per council, each on its own port (`Corpus.serve()`), as
/// separate councils are separate hosts in real life. Note that the sites' pages are cached in
/// memory (about the corpus's size), so a benchmark that measures the syncing process's memory
/// should host the corpus in another process.
public struct CorpusGenerator: Sendable {
    public var councils: Int
    public var committeesPerCouncil: Int
    public var meetingsPerCommittee: Int
    public var seed: UInt64
    /// Meeting dates are placed around this day (London calendar).
    public var reference: Date

    public init(councils: Int = 10, committeesPerCouncil: Int = 10, meetingsPerCommittee: Int = 10,
                seed: UInt64 = 1, reference: Date = Date()) {
        self.councils = councils
        self.committeesPerCouncil = committeesPerCouncil
        self.meetingsPerCommittee = meetingsPerCommittee
        self.seed = seed
        self.reference = reference
    }

    /// Meeting pages are grown to a size in this range (bytes); meetings still without minutes stay
    /// lower, so that publishing minutes later keeps them under 80 KB.
    static let sizeRange = 32_800...73_800
    static let sizeRangeWithoutMinutes = 32_800...65_800
    /// A page larger than this loses items before it grows, leaving room for a later mutation
    /// (publishing minutes adds a section to every item) within 80 KB.
    static let maximumSize = 77_000
    static let maximumSizeWithoutMinutes = 69_000

    public func generate() -> Corpus {
        let today = LondonDateTime(reference)
        var names = CorpusGenerator.councilNames
        var random = SeededRandom(seed, 0xC0C1)
        random.shuffle(&names)
        let list = (0..<councils).map { index -> CorpusCouncil in
            let base = names[index % names.count]
            let name = index < names.count ? base.name : "\(base.name) \(index / names.count + 1)"
            let sourceID = index < names.count ? base.slug : "\(base.slug)\(index / names.count + 1)"
            return generateCouncil(index: index, sourceID: sourceID, name: name, today: today)
        }
        return Corpus(councils: list)
    }

    private func generateCouncil(index councilIndex: Int, sourceID: String, name: String, today: LondonDateTime) -> CorpusCouncil {
        var random = SeededRandom(seed, UInt64(councilIndex), 0xC0)
        var content = SiteContent(sourceID: sourceID, councilName: name, committees: [], meetings: [],
                                  noise: PageNoise(seed: seed &+ UInt64(councilIndex) &* 1_000_003))
        var committeeNames = CorpusGenerator.committeeNames
        random.shuffle(&committeeNames)
        var counters = Counters(itemID: 50_000 + councilIndex * 7_919 % 10_000, documentID: 100_000 + councilIndex * 13_337 % 90_000)
        let venues = CorpusGenerator.venues(town: String(name.split(separator: " ")[0]))

        for j in 0..<committeesPerCouncil {
            let (committeeName, category) = committeeNames[j % committeeNames.count]
            let suffix = j < committeeNames.count ? "" : " (\(j / committeeNames.count + 1))"
            let committee = Committee(id: 130 + j * 11 + councilIndex % 7, name: committeeName + suffix)
            content.committees.append(committee)
            content.categories[committee.id] = category
            let hour = random.pick([10, 14, 18, 19])
            let minute = hour >= 18 ? random.pick([0, 30]) : 0
            let venue = random.pick(venues)
            var itemNumber = random.int(1...60)
            for i in 0..<meetingsPerCommittee {
                let days = -56 + i * (330 / max(1, meetingsPerCommittee)) + random.int(0...5)
                let time = today.adding(days: days).movedOffWeekend().at(hour: hour, minute: minute)
                let number = 10_000 + councilIndex % 10 * 1_000 + j * 50 + i
                var meetingRandom = SeededRandom(seed, UInt64(councilIndex), UInt64(number))
                let meeting = makeMeeting(content: content, committee: committee, number: number, time: time, days: days,
                                          venue: venue, itemNumber: &itemNumber, counters: &counters, random: &meetingRandom)
                content.meetings.append(meeting)
            }
        }
        // The structure page groups committees under their headings; keep the content in that order.
        var headings: [String] = []
        for committee in content.committees where !headings.contains(content.categories[committee.id]!) {
            headings.append(content.categories[committee.id]!)
        }
        content.committees = headings.flatMap { heading in content.committees.filter { content.categories[$0.id] == heading } }
        return CorpusCouncil(sourceID: sourceID, name: name, content: content)
    }

    struct Counters {
        var itemID: Int
        var documentID: Int
    }

    private func makeMeeting(content: SiteContent, committee: Committee, number: Int, time: LondonDateTime, days: Int,
                             venue: String, itemNumber: inout Int, counters: inout Counters, random: inout SeededRandom) -> Meeting {
        var text = CorpusText(seed: random.next())
        let minutes = days < -28
        let decisions = days < -10 && random.chance(0.5)
        let published = PublishedFlags(agenda: true, minutes: minutes, decisions: decisions)
        let itemCount = random.int(8...25)
        var specs: [AgendaItemSpec] = [
            .init("Apologies for Absence", text: SampleCouncilData.apologiesText),
            .init("Declarations of Interest", text: SampleCouncilData.interestsText),
            .init("Minutes of the Previous Meeting", text: SampleCouncilData.previousMinutesText,
                  documents: [("", "Minutes of Previous Meeting.pdf", "PDF \(random.int(60...240)) KB")]),
        ]
        if random.chance(0.5) { specs.append(.init("Public Questions", text: SampleCouncilData.publicQuestionsText)) }
        while specs.count < itemCount {
            let title = text.substantiveTitle()
            var documents: [(title: String, file: String, size: String)] = [("", CorpusGenerator.fileName(title) + ".pdf", CorpusGenerator.size(&random))]
            for appendix in 0..<random.int(0...4) {
                let label = "Appendix \(Character(Unicode.Scalar(UInt8(65 + appendix)))) - \(text.topic())"
                documents.append((label, CorpusGenerator.fileName(label) + ".pdf", CorpusGenerator.size(&random)))
            }
            specs.append(.init(title, text: text.agendaText(), documents: documents))
        }
        specs.append(.init("Urgent Business", text: "To consider any items which, in the view of the Chair, should be dealt with as a matter of urgency because of special circumstances."))
        specs = Array(specs.prefix(itemCount))
        if minutes {
            for index in specs.indices {
                let substantive = index >= 3 && specs[index].documents.count > 0
                specs[index].minutes = substantive ? text.minutesParagraph() + "\n" + text.minutesParagraph()
                                                   : text.fill(CorpusGenerator.proceduralMinutes(specs[index].title, &random))
            }
        }
        if decisions {
            for index in specs.indices where index >= 3 && !specs[index].documents.isEmpty {
                specs[index].decision = text.decision()
            }
        }

        let items = AgendaItemSpec.build(specs, content: content, firstNumber: itemNumber, firstItemID: counters.itemID,
                                         firstDocumentID: counters.documentID)
        itemNumber += items.count
        counters.itemID += items.count
        counters.documentID += items.reduce(0) { $0 + $1.documents.count }
        var meeting = Meeting(id: MeetingID(source: content.sourceID, number: number),
                              url: content.meetingURL(committee: committee.id, meeting: number), committee: committee,
                              title: MeetingFactory.title(committee: committee.name, at: time), start: time, venue: venue,
                              status: .confirmed, published: published,
                              actionDocuments: MeetingFactory.actionDocuments(content: content, packID: number + 9, committee: committee.name,
                                                                              at: time, published: published, sizeSeed: number),
                              items: items)
        grow(&meeting, content: content, text: &text, random: &random)
        return meeting
    }

    /// Grows the meeting's longest texts (minutes when published, else agenda text) towards a
    /// size drawn for the meeting. The page is rendered once; what each added paragraph adds to
    /// it is computed with the renderer's own escaping and wrapping (one render per meeting keeps
    /// generating the whole corpus quick even in debug builds).
    private func grow(_ meeting: inout Meeting, content: SiteContent, text: inout CorpusText, random: inout SeededRandom) {
        let range = meeting.published.minutes ? CorpusGenerator.sizeRange : CorpusGenerator.sizeRangeWithoutMinutes
        let target = random.int(range)
        var size = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style).utf8.count
        let maximum = meeting.published.minutes ? CorpusGenerator.maximumSize : CorpusGenerator.maximumSizeWithoutMinutes
        while size > maximum && meeting.items.count > 8 {
            meeting.items.remove(at: meeting.items.count - 2)
            size = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style).utf8.count
        }
        let substantive = meeting.items.indices.filter { meeting.items[$0].documents.count > 0 && $0 >= 3 }
        guard !substantive.isEmpty else { return }
        var cursor = 0
        while size < target {
            let index = substantive[cursor % substantive.count]
            let paragraph = text.minutesParagraph()
            if meeting.published.minutes {
                meeting.items[index].minutes?.text += "\n" + paragraph
            } else {
                meeting.items[index].text = (meeting.items[index].text.map { $0 + "\n" } ?? "") + paragraph
            }
            size += CorpusGenerator.renderedSize(ofParagraph: paragraph, noise: content.noise)
            cursor += 1
        }
        if meeting.published.minutes {
            for index in substantive where (meeting.items[index].minutes?.text.utf8.count ?? 0) > 2_400 && random.chance(0.4) {
                meeting.items[index].minutes?.truncated = true
            }
        }
    }

    /// What one more paragraph adds to a Word section: a spacer paragraph, the paragraph
    /// itself, and the noise's line endings and trailing spaces on the lines it adds.
    static func renderedSize(ofParagraph paragraph: String, noise: PageNoise) -> Int {
        let wrapped = HTMLEscaping.wrap(HTMLEscaping.word(paragraph), width: noise.wrapWidth)
        let lines = 2 + wrapped.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineEndings = lines * (noise.lineEnding.utf8.count - 1)
        let trailing = noise.trailingSpaces ? lines * 2 / 7 : 0
        return 58 + wrapped.utf8.count + lineEndings + trailing
    }

    /// A title as ModernGov's uploaders name files: characters a file name cannot hold become spaces.
    static func fileName(_ title: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(title.utf8.count)
        for scalar in title.unicodeScalars {
            let unsafe = scalar.value >= 0x80 || "/:?#%\\*\"<>|".unicodeScalars.contains(scalar)
            let byte: UInt8 = unsafe ? 0x20 : UInt8(scalar.value)
            if byte == 0x20 && (out.isEmpty || out.last == 0x20) { continue }
            out.append(byte)
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    static func size(_ random: inout SeededRandom) -> String {
        random.chance(0.1) ? "PDF \(random.int(1...9)) MB" : "PDF \(random.int(40...900)) KB"
    }

    static func proceduralMinutes(_ title: String, _ random: inout SeededRandom) -> String {
        switch title {
        case "Apologies for Absence": return "Apologies for absence were received from {councillor}."
        case "Declarations of Interest":
            return random.chance(0.5) ? "There were no declarations of interest."
                : "{councillor} declared a non-registrable interest as a member of {partner}."
        case "Minutes of the Previous Meeting": return "The minutes of the previous meeting were agreed as a correct record and signed by the Chair."
        case "Public Questions": return random.chance(0.5) ? "There were no public questions." : "One question had been received from a resident of {road}, and the Chair provided a written response."
        default: return "There was no urgent business."
        }
    }

    static let councilNames: [(name: String, slug: String)] = [
        ("Ashbury Borough Council", "ashbury"), ("Brackenford District Council", "brackenford"),
        ("Castlemere City Council", "castlemere"), ("Dunwick County Council", "dunwick"),
        ("Elmsworth Borough Council", "elmsworth"), ("Fernleigh District Council", "fernleigh"),
        ("Greyhaven Council", "greyhaven"), ("Hollowmere Borough Council", "hollowmere"),
        ("Ivybridge Vale District Council", "ivybridge"), ("Kestrel Downs District Council", "kestrel"),
        ("Larkfield Borough Council", "larkfield"), ("Marshby County Council", "marshby"),
    ]

    static let committeeNames: [(String, String)] = [
        ("Cabinet", "Executive"), ("Council", "Council"), ("Planning Committee", "Regulatory"),
        ("Licensing Committee", "Regulatory"), ("Audit and Governance Committee", "Governance"),
        ("Children and Families Scrutiny Committee", "Overview and Scrutiny"),
        ("Adults and Health Scrutiny Committee", "Overview and Scrutiny"),
        ("Environment and Climate Committee", "Policy Committees"), ("Housing and Communities Committee", "Policy Committees"),
        ("Corporate Resources Committee", "Policy Committees"), ("Standards Committee", "Governance"),
        ("Pension Fund Committee", "Governance"), ("Health and Wellbeing Board", "Partnerships"),
        ("Economy and Regeneration Committee", "Policy Committees"),
    ]

    static func venues(town: String) -> [String] {
        ["Council Chamber, Town Hall, \(town)", "Committee Room 1, Civic Offices, \(town)",
         "Committee Room 2, Civic Offices, \(town)", "The Assembly Rooms, Market Place, \(town)",
         "Main Hall, \(town) Community Centre"]
    }
}

/// One council of a generated corpus.
public struct CorpusCouncil: Hashable, Sendable {
    public var sourceID: String
    public var name: String
    public var content: SiteContent
}

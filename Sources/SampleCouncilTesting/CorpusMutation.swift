import AgendaCore
import AgendaModel
import Foundation
import SampleCouncil

/// The realistic single changes `Corpus.mutate` applies to a meeting.
enum CorpusMutation {
    static func apply(to content: inout SiteContent, meetingIndex: Int, random: inout SeededRandom) -> CorpusChange {
        let meeting = content.meetings[meetingIndex]
        var kinds: [CorpusChange.Kind] = [.venueChanged]
        if meeting.items.contains(where: { !$0.documents.isEmpty }) { kinds.append(.documentAdded) }
        if meeting.published.agenda { kinds.append(.itemAdded) }
        if !meeting.published.minutes && !meeting.items.isEmpty { kinds.append(.minutesPublished) }
        if meeting.start != nil { kinds.append(.rescheduled) }
        let kind = random.pick(kinds)
        var text = CorpusText(seed: random.next())
        let base = content
        var summary = ""
        var expected = ChangeKind.meetingVenueChanged

        content.updateMeeting(meeting.id.number) { meeting in
            switch kind {
            case .documentAdded:
                let withDocuments = meeting.items.indices.filter { !meeting.items[$0].documents.isEmpty }
                let index = random.pick(withDocuments)
                let title = "Addendum - \(text.topic())"
                let document = Document(title: title, url: base.documentURL("s\(nextDocumentID(base))", CorpusGenerator.fileName(title) + ".pdf"),
                                        size: CorpusGenerator.size(&random))
                meeting.items[index].documents.append(document)
                summary = "item \(meeting.items[index].number): document added (\(title))"
                expected = .documentAdded
            case .itemAdded:
                let number = (meeting.items.compactMap { Int($0.number) }.max() ?? 0) + 1
                let title = text.substantiveTitle()
                let item = AgendaItem(id: "AI\(nextItemID(base))", number: String(number), title: title, text: text.agendaText(),
                                      documents: [], minutes: nil, decision: nil)
                meeting.items.append(item)
                summary = "item \(number) added (\(title))"
                expected = .itemAdded
            case .minutesPublished:
                meeting.published.minutes = true
                MeetingFactory.insertPrintedMinutes(&meeting, content: base, sizeSeed: meeting.id.number)
                for index in meeting.items.indices where meeting.items[index].minutes == nil {
                    meeting.items[index].minutes = ItemSection(text: text.paragraph(CorpusText.minutesSentences, sentences: 1...2),
                                                               truncated: false)
                }
                summary = "minutes published"
                expected = .minutesPublished
            case .venueChanged:
                let town = String(base.councilName.split(separator: " ")[0])
                let venues = CorpusGenerator.venues(town: town).filter { $0 != meeting.venue }
                meeting.venue = random.pick(venues)
                summary = "venue changed to \(meeting.venue ?? "")"
                expected = .meetingVenueChanged
            case .rescheduled:
                guard let time = meeting.start else { break }
                let moved = time.adding(days: random.pick([-7, 7, 14]))
                meeting.start = moved
                meeting.title = MeetingFactory.title(committee: meeting.committee.name, at: moved)
                summary = "rescheduled to \(moved.longDate) \(moved.timeText)"
                expected = .meetingRescheduled
            }
        }
        return CorpusChange(meeting: meeting.id, kind: kind, expected: expected, summary: summary)
    }

    private static func nextItemID(_ content: SiteContent) -> Int {
        let ids = content.meetings.flatMap { $0.items.compactMap { Int($0.id.dropFirst(2)) } }
        return (ids.max() ?? 50_000) + 1
    }

    /// One past the highest "documents/sNNN/" folder of the council.
    private static func nextDocumentID(_ content: SiteContent) -> Int {
        var highest = 100_000
        for meeting in content.meetings {
            for item in meeting.items {
                for document in item.documents {
                    guard let range = document.url.range(of: "/documents/s") else { continue }
                    if let id = Int(document.url[range.upperBound...].prefix { $0.isNumber }) { highest = max(highest, id) }
                }
            }
        }
        return highest + 1
    }
}

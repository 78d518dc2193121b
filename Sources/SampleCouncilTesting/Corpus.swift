import AgendaModel
import Foundation
import SampleCouncil

/// A generated benchmark corpus (see `CorpusGenerator`): councils, each a `SiteContent`.
public struct Corpus: Hashable, Sendable {
    public var councils: [CorpusCouncil]

    public init(councils: [CorpusCouncil]) {
        self.councils = councils
    }

    /// Structure pages + list pages + meeting pages: the URLs one full sync fetches.
    public var urlCount: Int {
        councils.reduce(0) { $0 + 1 + $1.content.committees.count + $1.content.meetings.count }
    }

    public var meetingCount: Int {
        councils.reduce(0) { $0 + $1.content.meetings.count }
    }

    /// Starts one site per council (each on its own port), in council order.
    public func serve() async throws -> [SampleCouncilSite] {
        var sites: [SampleCouncilSite] = []
        for council in councils {
            let site = SampleCouncilSite(content: council.content)
            try await site.start()
            sites.append(site)
        }
        return sites
    }

    /// Applies one realistic change to `fraction` of all meetings (rounded: 5% of 1,000 is exactly
    /// 50), chosen deterministically from `seed`, and returns what changed, one entry per meeting.
    /// Push the result to running sites with `site.replaceContent(corpus.councils[i].content)`.
    @discardableResult
    public mutating func mutate(fraction: Double = 0.05, seed: UInt64) -> [CorpusChange] {
        var random = SeededRandom(seed, 0x4D55_5441_5445)
        var candidates: [(council: Int, meeting: Int)] = []
        for (c, council) in councils.enumerated() {
            for (m, meeting) in council.content.meetings.enumerated() where meeting.status == .confirmed {
                candidates.append((c, m))
            }
        }
        let count = min(candidates.count, Int((Double(meetingCount) * fraction).rounded()))
        random.shuffle(&candidates)
        let chosen = candidates.prefix(count).sorted { ($0.council, $0.meeting) < ($1.council, $1.meeting) }
        return chosen.map { pick in
            CorpusMutation.apply(to: &councils[pick.council].content, meetingIndex: pick.meeting, random: &random)
        }
    }
}

/// One meeting changed by `Corpus.mutate`.
public struct CorpusChange: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case documentAdded = "document_added"
        case itemAdded = "item_added"
        case minutesPublished = "minutes_published"
        case venueChanged = "venue_changed"
        case rescheduled
    }

    public var meeting: MeetingID
    public var kind: Kind
    /// The change kind a correct sync reports for it.
    public var expected: ChangeKind
    /// e.g. "item 23: document added (Addendum - Officer Update)".
    public var summary: String
}

import AgendaModel
import Foundation
import Testing
import TestSupport
@testable import SampleCouncil
@testable import SampleCouncilTesting

/// Generating and rendering the default corpus takes seconds of CPU: every test runs off the pool.
@Suite struct CorpusGeneratorTests {
    static let corpus = CorpusGenerator(seed: 1, reference: Fixtures.reference).generate()

    @Test func defaultShapeIsTenByTenByTen() async {
        await offThePool {
            let corpus = Self.corpus
            #expect(corpus.councils.count == 10)
            #expect(corpus.councils.allSatisfy { $0.content.committees.count == 10 && $0.content.meetings.count == 100 })
            #expect(corpus.urlCount == 1_110)
            #expect(corpus.meetingCount == 1_000)
            #expect(Set(corpus.councils.map(\.sourceID)).count == 10)
            for council in corpus.councils {
                #expect(Set(council.content.meetings.map(\.id.number)).count == 100)
                #expect(Set(council.content.meetings.flatMap { $0.items.map(\.id) }).count == council.content.meetings.reduce(0) { $0 + $1.items.count })
            }
        }
    }

    @Test func committeesAreInTheStructurePageOrder() async {
        await offThePool {
            for council in Self.corpus.councils {
                let content = council.content
                let page = ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: .none, categories: content.categories)
                #expect(PageInspection.matches(page, #"mgCommitteeDetails\.aspx\?ID=([0-9]+)""#) == content.committees.map { String($0.id) })
            }
        }
    }

    @Test func sameSeedSameCorpus() async {
        await offThePool {
            let small = CorpusGenerator(councils: 2, committeesPerCouncil: 2, meetingsPerCommittee: 3, seed: 9, reference: Fixtures.reference)
            #expect(small.generate() == small.generate())
            var other = small
            other.seed = 10
            #expect(other.generate() != small.generate())
        }
    }

    @Test func pagesAreThirtyToEightyKilobytesAndAboutFiftySixMegabytesInAll() async {
        await offThePool {
            var total = 0
            var meetingSizes: [Int] = []
            for council in Self.corpus.councils {
                let content = council.content
                total += ModernGovRenderer.committeeStructurePage(committees: content.committees, noise: content.noise,
                                                                  categories: content.categories, site: content.style).utf8.count
                for committee in content.committees {
                    total += ModernGovRenderer.meetingListPage(committee: committee, meetings: content.meetings(ofCommittee: committee.id),
                                                               noise: content.noise, site: content.style).utf8.count
                }
                for meeting in content.meetings {
                    let size = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style).utf8.count
                    meetingSizes.append(size)
                    total += size
                    #expect((8...25).contains(meeting.items.count))
                }
            }
            #expect(meetingSizes.allSatisfy { (30_000...80_000).contains($0) }, "sizes \(meetingSizes.min()!)…\(meetingSizes.max()!)")
            #expect((53_000_000...59_000_000).contains(total), "total \(total)")
        }
    }

    @Test func meetingsFallInsideTheDefaultSyncWindow() async {
        await offThePool {
            let earliest = Fixtures.reference.addingTimeInterval(-60 * 86_400)
            let latest = Fixtures.reference.addingTimeInterval(365 * 86_400)
            for meeting in Self.corpus.councils.flatMap(\.content.meetings) {
                let start = meeting.start!.instant
                #expect(start > earliest && start < latest)
                #expect(meeting.items.allSatisfy { $0.documents.isEmpty || $0.documents[0].title == $0.title })
            }
        }
    }

    @Test func mutateChangesExactlyFivePercentDeterministically() async {
        await offThePool {
            var a = Self.corpus, b = Self.corpus, c = Self.corpus
            let changesA = a.mutate(fraction: 0.05, seed: 77)
            let changesB = b.mutate(fraction: 0.05, seed: 77)
            let changesC = c.mutate(fraction: 0.05, seed: 78)
            #expect(changesA.count == 50)
            #expect(changesA == changesB)
            #expect(a == b)
            #expect(Set(changesA.map(\.meeting)) != Set(changesC.map(\.meeting)))
            #expect(Set(changesA.map(\.meeting)).count == 50)

            // The meetings reported are exactly the ones whose content differs.
            var differing: Set<MeetingID> = []
            for (before, after) in zip(Self.corpus.councils, a.councils) {
                for (old, new) in zip(before.content.meetings, after.content.meetings) where old != new { differing.insert(old.id) }
            }
            #expect(differing == Set(changesA.map(\.meeting)))
            #expect(Set(changesA.map(\.kind)).count >= 4)
            for change in changesA {
                let expected: ChangeKind = switch change.kind {
                case .documentAdded: .documentAdded
                case .itemAdded: .itemAdded
                case .minutesPublished: .minutesPublished
                case .venueChanged: .meetingVenueChanged
                case .rescheduled: .meetingRescheduled
                }
                #expect(change.expected == expected)
            }
        }
    }

    @Test func mutatedPagesStayWithinEightyKilobytes() async {
        await offThePool {
            var corpus = Self.corpus
            for seed: UInt64 in 1...3 {
                let changes = corpus.mutate(fraction: 0.05, seed: seed)
                for change in changes {
                    let council = corpus.councils.first { $0.sourceID == change.meeting.source }!
                    let meeting = council.content.meeting(change.meeting.number)!
                    let size = ModernGovRenderer.meetingPage(meeting, noise: council.content.noise, site: council.content.style).utf8.count
                    #expect(size <= 80_000, "\(change.meeting) \(change.kind) \(size)")
                }
            }
        }
    }
}

import AgendaDelivery
import AgendaModel
import Foundation
import Testing

@Suite("Notice digests")
struct NoticeDigestTests {
    static let digestHeaders = ["Date", "From", "To", "Subject", "Message-ID", "Auto-Submitted", "MIME-Version",
                                "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
                                "X-Agenda-Sync-Notices"]

    /// Notices for meetings A, B, A, C, B, … in that order (30 in all).
    static var interleaved: [Notice] {
        let meetings = [MailFixtures.meeting(number: 100, committee: "Cabinet", title: "Cabinet - Thursday, 3 December 2026"),
                        MailFixtures.meeting(number: 200, committee: "Planning", title: "Planning - Friday, 4 December 2026"),
                        MailFixtures.meeting(number: 300, committee: "Audit", title: "Audit - Monday, 7 December 2026")]
        let pattern = [0, 1, 0, 2, 1]
        return (0..<30).map { index in
            MailFixtures.notice(meetings[pattern[index % pattern.count]], version: index + 1, changes: [
                Change(kind: .documentAdded, item: "\(index)", title: "Report \(index)", url: MailFixtures.documentURL(index)),
            ])
        }
    }

    @Test func idIsDeterministicFromTheSubscriptionAndTheSetOfNotices() throws {
        let settings = try MailFixtures.settings()
        let notices = Self.interleaved
        let digest = NoticeMail.digest(notices: notices, period: .daily, settings: settings, date: MailFixtures.date)
        let reordered = NoticeMail.digest(notices: notices.reversed(), period: .daily, settings: settings,
                                          date: MailFixtures.date.addingTimeInterval(3600))
        #expect(digest.messageID == reordered.messageID)
        #expect(digest.fileName == reordered.fileName)
        #expect(digest.fileName == String(digest.messageID.split(separator: "@")[0]) + ".agenda-sync")
        #expect(digest.messageID.hasSuffix("@example.org"))

        let id = String(digest.messageID.split(separator: "@")[0])
        #expect(id.hasPrefix("dgst_"))
        #expect(id.dropFirst(5).count == 32 && id.dropFirst(5).allSatisfy(\.isHexDigit))
        #expect(id == NoticeMail.digestID(subscriptionID: "jane", noticeIDs: notices.map(\.id)))
        #expect(id == NoticeMail.digestID(subscriptionID: "jane", noticeIDs: notices.map(\.id) + [notices[0].id]))

        let fewer = NoticeMail.digest(notices: Array(notices.dropLast()), period: .daily, settings: settings, date: MailFixtures.date)
        #expect(fewer.messageID != digest.messageID)
        #expect(NoticeMail.digestID(subscriptionID: "john", noticeIDs: notices.map(\.id)) != id)
        // The subscription and the ids are kept apart: ("a", ["b"]) is not ("a\0b", []).
        #expect(NoticeMail.digestID(subscriptionID: "a", noticeIDs: ["b"]) != NoticeMail.digestID(subscriptionID: "a\u{0}b", noticeIDs: []))
    }

    @Test func aDigestIsWellFormedAndListsEveryNotice() async throws {
        let settings = try MailFixtures.settings()
        let notices = Self.interleaved + MailFixtures.hostile
        let digest = NoticeMail.digest(notices: notices, period: .daily, settings: settings, date: MailFixtures.date)
        #expect(digest.noticeIDs == notices.map(\.id))
        let folder = try MailFixtures.temporaryFolder("digest")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        #expect(try spool.deliver(digest) == .written)
        let report = try #require(try await MailCheckScript.check(spool: spool.path)[digest.fileName])

        #expect(report.defects == [])
        #expect(report.header_defects == [:])
        #expect(report.headers == Self.digestHeaders)
        #expect(report.max_header_line <= 78)
        #expect(report.max_line <= 998)
        #expect(report.bare_cr_or_lf == 0)
        #expect(report.subject == "Council meetings digest: 34 updates (29 Nov 2026)")
        #expect(report.message_id == "<\(digest.messageID)>")
        #expect(report.notices == notices.map(\.id).joined(separator: ", "))
        #expect(report.raw_headers.filter { $0.hasPrefix(" ntc_") }.count > 1, "the notice list is folded")

        let body = try #require(report.body)
        #expect(body.hasPrefix("34 updates to 7 meetings.\n"))
        // Meetings in order of first appearance, each with all its notices, in the given order.
        let headings = ["Cabinet - Thursday, 3 December 2026\n---", "Planning - Friday, 4 December 2026\n---",
                        "Audit - Monday, 7 December 2026\n---"]
        let positions = try headings.map { try #require(body.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
        #expect(headings.allSatisfy { body.components(separatedBy: $0).count == 2 })
        let cabinet = body[positions[0]..<positions[1]]
        for index in Array(stride(from: 0, to: 30, by: 5)) + Array(stride(from: 2, to: 30, by: 5)) {
            #expect(cabinet.contains("\nVersion \(index + 1): Item \(index): document added (Report \(index))\n"
                + "- Document added to item \(index): Report \(index)\n  \(MailFixtures.documentURL(index))\n"))
        }
        #expect(cabinet.range(of: "Version 1:")!.lowerBound < cabinet.range(of: "Version 3:")!.lowerBound)
        #expect(cabinet.contains("\nCommittee: Cabinet\n"))
        #expect(!body.split(separator: "\n").contains { $0.hasPrefix("Bcc:") })
        #expect(body.contains("Notices " + notices.map(\.id).joined(separator: ", ")))
    }
}

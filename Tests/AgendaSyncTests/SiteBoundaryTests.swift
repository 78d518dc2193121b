import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import SampleCouncil
import Testing

/// Council fetches and document links stay on the council: redirects off the site are refused,
/// links to private addresses are dropped, links to other sites are kept and marked external.
@Suite("The council's site is the boundary")
struct SiteBoundaryTests {
    @Test("a meeting page that redirects to another port is a failed fetch naming the target; the other port is never asked")
    func redirectToAnotherPortRefused() async throws {
        let other = try TestCouncil()
        defer { other.stop() }
        try await withPoliteWorld(council: try TestCouncil()) { world in
            _ = await world.sync()
            let number = world.council.meetingNumbers.last!
            let page = world.council.meetingURL(number)
            let target = other.meetingURL(number)
            world.council.answer(page, .redirect(target))
            world.council.clearLog()

            let (report, notices) = await world.sync()
            let source = report.sources[0]
            #expect(source.outcome == .partial)
            #expect(source.failures == 1)
            #expect(notices.isEmpty)
            let row = try #require(try world.row(source, url: page))
            #expect(row.outcome == .transportError)
            #expect(row.error?.hasPrefix("refused to follow the redirect to \(target): it leaves ") == true,
                    "\(row.error ?? "no error")")
            #expect(world.council.requests(for: page).count == 1)
            #expect(other.requests.isEmpty, "the other port saw \(other.targets)")
        }
    }

    @Test("a council on a private address may redirect within its own site")
    func redirectWithinThePrivateSiteFollowed() async throws {
        try await withPoliteWorld(council: try TestCouncil()) { world in
            _ = await world.sync()
            let number = world.council.meetingNumbers.last!
            let page = world.council.meetingURL(number)
            let moved = world.council.base + "(S(q1w2e3r4))/" + page.dropFirst(world.council.base.count)
            world.council.answer(moved, try #require(world.council.page(page)))
            world.council.answer(page, .redirect(moved))
            world.council.clearLog()

            let (report, notices) = await world.sync()
            #expect(report.sources[0].outcome == .ok)
            #expect(report.sources[0].failures == 0)
            #expect(notices.isEmpty, "the same page, moved: no change")
            #expect(world.council.requests(for: moved).count == 1)
            #expect(try world.row(report.sources[0], url: page)?.outcome == .unchanged)
        }
    }

    @Test("document links: another site is kept and marked external; private and loopback ones elsewhere are dropped")
    func externalAndPrivateDocumentLinks() async throws {
        try await withHarness { h in
            _ = try await h.sync()
            let port = h.base.port ?? 0
            let onSite = await h.site.content.documentURL("s990001", "Site Plan.pdf")
            let external = "https://www.planning-portal.example/applications/26-00042/Plans.pdf"
            let dropped = ["http://10.0.0.7/internal/Memo.pdf", "http://127.0.0.1:1/documents/s1/Trap.pdf",
                           "http://localhost:\(port)/documents/s990002/Same%20server.pdf", "http://2130706433/Numeric.pdf",
                           "http://[::1]:\(port)/documents/s990003/V6.pdf", "http://192.168.1.20/Printer.pdf"]
            await h.site.update { content in
                content.updateMeeting(M.cabinetNext) { meeting in
                    let index = meeting.items.firstIndex { $0.number == "53" }!
                    meeting.items[index].documents.append(Document(title: "Site plan", url: onSite, size: "PDF 12 KB"))
                    meeting.items[index].documents.append(Document(title: "Plans on the planning portal", url: external, size: nil))
                    for (k, url) in dropped.enumerated() {
                        meeting.items[index].documents.append(Document(title: "Trap \(k)", url: url, size: nil))
                    }
                }
            }

            let result = try await h.sync()
            #expect(result.source.outcome == .ok)
            let notice = try #require(result.notice("all", meeting: M.cabinetNext))
            #expect(notice.changes.map(\.kind) == [.documentAdded, .documentAdded])
            #expect(notice.changes.map(\.url) == [onSite, external])
            #expect(notice.changes.map(\.external) == [false, true])

            // The wire form: `"external":true` on the external change only; the other has no such key.
            let line = try #require(result.lines["all"]?.first { $0.contains("\"id\":\"sample/\(M.cabinetNext)\"") })
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let changes = try #require(object["changes"] as? [[String: Any]])
            #expect(changes.count == 2)
            #expect(changes[0]["external"] == nil)
            #expect(changes[1]["external"] as? Bool == true)
            #expect(line.components(separatedBy: "\"external\":true").count == 2)
            for url in dropped { #expect(!line.contains(url), "\(url) reached a notice") }

            // The typed record: the external document is marked, the private ones are not there.
            let stored = try #require(try h.store.meeting(h.meetingID(M.cabinetNext), version: 2)?.meeting)
            let documents = try #require(stored.items.first { $0.number == "53" }?.documents)
            #expect(documents.first { $0.url == external }?.external == true)
            #expect(documents.first { $0.url == onSite }?.external == false)
            #expect(documents.filter { $0.title.hasPrefix("Trap") }.isEmpty)
            #expect(stored.items.flatMap(\.documents).filter(\.external).map(\.url) == [external])
        }
    }
}

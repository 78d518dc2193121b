import AgendaModel
import Foundation
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

/// `councils`, `committees`, `check-source` and `show` through the real binary, against sample
/// councils served on 127.0.0.1 by this process.
@Suite struct DiscoveryCommandsTests {
    static let userAgent = "agenda-sync-test/1.0 (+mailto:test@example.org)"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? ""
    }

    // MARK: councils

    @Test func councilsSearchesTheBuiltInRegistry() async throws {
        let result = try await AgendaSyncBinary.run(["councils", "leicestershire"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("COUNCIL") == true)
        #expect(lines.contains { $0.hasPrefix("Leicestershire County Council") && $0.hasSuffix("England    https://democracy.leics.gov.uk/") },
                "\(result.stdout)")

        let json = try await AgendaSyncBinary.run(["councils", "--json", "Léicestershire", "county"])
        let councils = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(councils.count == 1)
        #expect(councils.first?["name"] as? String == "Leicestershire County Council")
        #expect(councils.first?["base_url"] as? String == "https://democracy.leics.gov.uk/")
        #expect(councils.first?["territory"] as? String == "ENG")

        let none = try await AgendaSyncBinary.run(["councils", "atlantis"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("no council in the registry matches \"atlantis\""), "\(none.stderr)")
    }

    // MARK: committees

    @Test func committeesOfAMultiCommitteeSiteWithGroupHeadings() async throws {
        var content = SampleCouncilData.content(reference: Date())
        content.committees += [Committee(id: 104, name: "Licensing Committee"), Committee(id: 105, name: "Licensing Sub-Committee")]
        content.categories.merge([104: "Regulatory", 105: "Regulatory"]) { _, new in new }
        let setup = try await SampleSetup.start(content: content, source: false)
        defer { Task { await setup.site.stop() } }

        let text = try await setup.run(["committees", setup.base])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("5 committees on \(setup.base)mgListCommittees.aspx"), "\(text.stdout)")
        #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix("105  Licensing Sub-Committee  ") && $0.hasSuffix("  Regulatory") },
                "\(text.stdout)")

        let listing = try json(try await setup.run(["committees", setup.base, "--json"]).stdout)
        let committees = try #require(listing["committees"] as? [[String: Any]])
        #expect(committees.map { $0["id"] as? Int } == [101, 102, 104, 105, 103])
        #expect(committees.map { $0["group"] as? String } == ["Executive", "Regulatory", "Regulatory", "Regulatory", "Overview and Scrutiny"])
        #expect(listing["base_url"] as? String == setup.base)
        // Every request carried the config's User-Agent.
        #expect(await setup.site.requests.allSatisfy { $0.headers["user-agent"] == Self.userAgent })
    }

    /// What `--toml` prints goes into the config unchanged, and check-config reads back every
    /// committee, whatever the council calls it.
    @Test func theTOMLBlockIsAcceptedByCheckConfigAsItIs() async throws {
        var content = SampleCouncilData.content(reference: Date())
        let awkward = Committee(id: 109, name: "Audit \"Special\" \\ Committee # 2 – Ynys Môn")
        content.committees.append(awkward)
        content.categories[109] = "Joint # Committees \"A\""
        let setup = try await SampleSetup.start(content: content, source: false)
        defer { Task { await setup.site.stop() } }

        let block = try await setup.run(["committees", setup.base, "--toml"])
        #expect(block.status == 0, "\(block.stderr)")
        #expect(block.stdout.contains("[[source]]\nid = \"council\"\nname = \"127.0.0.1\"  # not in the registry"), "\(block.stdout)")
        #expect(block.stdout.contains("base_url = \"\(setup.base)\""))
        #expect(block.stdout.contains("    109,  # Audit \"Special\" \\ Committee # 2 – Ynys Môn\n"), "\(block.stdout)")
        let config = try String(contentsOfFile: setup.config, encoding: .utf8)
        try write(config + "\n" + block.stdout, to: setup.config)

        let check = try await setup.run(["check-config"])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)\n\(block.stdout)")
        #expect(check.stdout.contains("source council: 127.0.0.1 <\(setup.base)> every 30m, committees: 101, 102, 103, 109"),
                "\(check.stdout)")
    }

    /// Kingston's real committee structure page (Tests/ModernGovTests/Fixtures), on a site with
    /// no mgListCommittees.aspx: 30 committees under 8 headings, and a block check-config accepts.
    @Test func committeesOfARealStructurePage() async throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ModernGovTests/Fixtures")
        let page = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("kingston-mgCommitteeStructure.html")))
        let kingston = try RawServer { connection in
            guard let head = connection.readRequestHead(), let path = head.split(separator: " ").dropFirst().first else { return }
            let body = path == "/mgCommitteeStructure.aspx" ? page : []
            _ = connection.write("HTTP/1.1 \(body.isEmpty ? "404 Not Found" : "200 OK")\r\nContent-Type: text/html; charset=utf-8\r\n"
                                 + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n")
            _ = connection.write(body)
        }
        defer { kingston.stop() }
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        let base = kingston.baseURL + "/"

        let listing = try json(try await setup.run(["committees", base, "--json"]).stdout)
        #expect(listing["url"] as? String == base + "mgCommitteeStructure.aspx")
        let committees = try #require(listing["committees"] as? [[String: Any]])
        #expect(committees.count == 30)
        #expect(Set(committees.compactMap { $0["group"] as? String }).count == 8)

        let block = try await setup.run(["committees", base, "--toml"])
        #expect(block.status == 0, "\(block.stderr)")
        #expect(block.stdout.contains("""
                committees = [
                    # Council
                    137,  # Council
                    # Strategic Committees
                    706,  # Corporate and Resources Committee
                """), "\(block.stdout)")
        #expect(block.stdout.contains("    # Joint Committees (Kingston with other Local Authorities)\n"
                                      + "    626,  # Joint Appointments Committee (Kingston & Richmond)\n"), "\(block.stdout)")
        try write(try String(contentsOfFile: setup.config, encoding: .utf8) + "\n" + block.stdout, to: setup.config)
        let check = try await setup.run(["check-config"])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(check.stdout.contains("committees: 137, 706, 707, 702, 711,"), "\(check.stdout)")
    }

    @Test func aSourceOfTheConfigIsReadWithItsSettings() async throws {
        let setup = try await SampleSetup.start(extraSources: "committees = [102]")
        defer { Task { await setup.site.stop() } }
        let block = try await setup.run(["committees", "sample", "--toml"])
        #expect(block.status == 0, "\(block.stderr)")
        #expect(block.stdout.contains("[[source]]\nid = \"sample\"\nname = \"Sample Borough Council\"\n"), "\(block.stdout)")

        let check = try await setup.run(["check-source", "sample", "--json"])
        #expect(check.status == 0, "\(check.stderr)")
        let report = try json(check.stdout)
        let list = try #require(report["meetings_list"] as? [String: Any])
        // The configured committee, not the first listed.
        #expect((list["committee"] as? [String: Any])?["id"] as? Int == 102)
        #expect((report["meetings"] as? [[String: Any]])?.map { $0["id"] as? String }
                == ["sample/\(SampleCouncilData.Meetings.planningNext)", "sample/\(SampleCouncilData.Meetings.planningPast)",
                    "sample/\(SampleCouncilData.Meetings.planningLater)"])
        #expect(await setup.site.requests.allSatisfy { $0.headers["user-agent"] == Self.userAgent })

        // A committee the council does not list: named in a warning, and its page's answer is the verdict.
        let unlisted = try await setup.run(["check-source", "sample", "--committee", "999"])
        #expect(unlisted.status == 1)
        #expect(unlisted.stdout.contains("warning: \(setup.base)mgListCommittees.aspx: committee 999 not on the committee list\n"),
                "\(unlisted.stdout)")
        #expect(lastLine(unlisted.stdout) == "not usable: \(setup.base)ieListMeetings.aspx?CommitteeId=999 answered HTTP 404",
                "\(unlisted.stdout)")

        let unknown = try await setup.run(["check-source", "nosuch"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no source \"nosuch\""), "\(unknown.stderr)")
    }

    @Test func aURLWithoutAConfigNeedsAUserAgentWithAContact() async throws {
        let site = SampleCouncilSite(testing: SampleCouncilData.content(reference: Date()))
        let base = try await site.start().absoluteString
        defer { Task { await site.stop() } }
        try #require(!FileManager.default.fileExists(atPath: "/etc/agenda-sync/agenda-sync.toml"),
                     "this test needs the default config path to be free")

        let bare = try await AgendaSyncBinary.run(["committees", base])
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("no config at /etc/agenda-sync/agenda-sync.toml: give --user-agent with a contact"), "\(bare.stderr)")
        let anonymous = try await AgendaSyncBinary.run(["check-source", base, "--user-agent", "agenda-sync/1.0"])
        #expect(anonymous.status == 2)
        #expect(anonymous.stderr.contains("--user-agent must include a contact"), "\(anonymous.stderr)")
        #expect(await site.requests.isEmpty, "nothing is fetched on a usage error")

        let userAgent = "agenda-sync-try/1.0 (+https://example.org/contact)"
        let listed = try await AgendaSyncBinary.run(["committees", base, "--user-agent", userAgent])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(await site.requests.map { $0.headers["user-agent"] } == [userAgent, userAgent])

        let notAURL = try await AgendaSyncBinary.run(["committees", "democracy.example.gov.uk", "--user-agent", userAgent])
        #expect(notAURL.status == 2)
        #expect(notAURL.stderr.contains("write \"https://democracy.example.gov.uk\""), "\(notAURL.stderr)")
    }

    // MARK: check-source

    @Test func checkSourceOnAGoodSite() async throws {
        let content = SampleCouncilData.content(reference: Date())
        let setup = try await SampleSetup.start(content: content, source: false)
        defer { Task { await setup.site.stop() } }

        let text = try await setup.run(["check-source", setup.base])
        #expect(text.status == 0, "\(text.stdout)\n\(text.stderr)")
        #expect(lastLine(text.stdout) == "usable: 3 committees, 2 meetings listed for Cabinet, 2 meeting pages read, 0 warnings",
                "\(text.stdout)")
        #expect(text.stdout.contains("robots.txt  \(setup.base)robots.txt: HTTP 404: no robots.txt, every page allowed"))

        let report = try json(try await setup.run(["check-source", setup.base, "--json", "--meetings", "1"]).stdout)
        #expect(report["usable"] as? Bool == true)
        #expect((report["committees"] as? [String: Any])?["count"] as? Int == 3)
        let meetings = try #require(report["meetings"] as? [[String: Any]])
        #expect(meetings.count == 1)
        // Newest with documents first: the next Cabinet meeting, its agenda out.
        let next = try #require(content.meeting(SampleCouncilData.Meetings.cabinetNext))
        let page = try #require(meetings.first)
        #expect(page["id"] as? String == "council/\(next.id.number)")
        #expect(page["items"] as? Int == next.items.count)
        #expect(page["documents"] as? Int == next.actionDocuments.count + next.items.reduce(0) { $0 + $1.documents.count })
        #expect(page["venue"] as? String == next.venue)
        #expect(page["start"] as? String == next.start?.iso8601)
        #expect((page["published"] as? [String: Bool]) == ["agenda": true, "minutes": false, "decisions": false])
        #expect(report["reason"] as? String == "usable: 3 committees, 2 meetings listed for Cabinet, 1 meeting page read, 0 warnings")
    }

    /// Softer oddities are warnings, each naming its page, and leave the source usable.
    @Test func checkSourceWarnsOfUnnumberedItemsUnsizedDocumentsAndUndatedMeetings() async throws {
        var content = SampleCouncilData.content(reference: Date())
        let next = SampleCouncilData.Meetings.cabinetNext
        content.updateMeeting(next) { meeting in
            meeting.items[0].number = ""
            let index = meeting.items.firstIndex { !$0.documents.isEmpty }!
            meeting.items[index].documents[0].size = nil
        }
        // A meeting the council lists without a date yet.
        var undated = try #require(content.meeting(next))
        undated.id.number = 990
        undated.url = content.meetingURL(committee: 101, meeting: 990)
        undated.start = nil
        undated.published = PublishedFlags(agenda: false, minutes: false, decisions: false)
        undated.actionDocuments = []
        undated.items = []
        content.meetings.append(undated)
        let setup = try await SampleSetup.start(content: content, source: false)
        defer { Task { await setup.site.stop() } }

        let result = try await setup.run(["check-source", setup.base, "--meetings", "1"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let meetingURL = "\(setup.base)ieListDocuments.aspx?CId=101&MId=\(next)"
        let warnings = result.stdout.split(separator: "\n").filter { $0.hasPrefix("warning: ") }.map(String.init)
        // The structure check's warnings (the reports pack, which ModernGov lists without a size, is not one).
        #expect(warnings == ["warning: \(setup.base)ieListMeetings.aspx?CommitteeId=101: 1 of 3 listed meetings have no date",
                             "warning: \(meetingURL): 1 of 7 items have no number", "warning: \(meetingURL): 1 of 10 documents have no size"],
                "\(result.stdout)")
        #expect(result.stdout.contains("meetings    Cabinet (101): 3 listed, 2 with documents, 1 undated: "), "\(result.stdout)")
        #expect(lastLine(result.stdout) == "usable: 3 committees, 3 meetings listed for Cabinet, 1 meeting page read, 3 warnings",
                "\(result.stdout)")
    }

    @Test func pagesReskinnedBeyondRecognitionAreUnusableAndTheWarningNamesTheMissingPart() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        // The meeting page with its item titles in spans, as a re-skin would (the drift corpus's
        // `Reskin.titlesInSpans`): the items are there, their titles are not recognisable.
        let page = try #require(await setup.site.page(for: .meeting(committee: 101, meeting: SampleCouncilData.Meetings.cabinetNext)))
        await setup.site.fault(.meeting(SampleCouncilData.Meetings.cabinetNext), .body(Reskin.titlesInSpans.apply(to: page)))

        let result = try await setup.run(["check-source", setup.base])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("FAILED: \(setup.base)ieListDocuments.aspx?CId=101&MId=\(SampleCouncilData.Meetings.cabinetNext) could not be read: "
                                       + "unrecognised page structure: "), "\(result.stdout)")
        #expect(lastLine(result.stdout).hasPrefix("not usable: "), "\(result.stdout)")
        #expect(lastLine(result.stdout).contains("item"), "\(result.stdout)")
    }

    @Test func aChallengePageIsUnusableAndSaysWhich() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        await setup.site.fault(.any, .body(ReplacementPages.botChallenge))
        let result = try await setup.run(["check-source", setup.base])
        #expect(result.status == 1)
        #expect(lastLine(result.stdout) == "not usable: the site answers a bot challenge (Cloudflare) instead of its pages "
                + "(\(setup.base)mgListCommittees.aspx): agenda-sync cannot pass one; ask the council's web team to let its User-Agent through",
                "\(result.stdout)")
        let committees = try await setup.run(["committees", setup.base])
        #expect(committees.status == 1)
        #expect(committees.stderr.contains("bot challenge (Cloudflare)"), "\(committees.stderr)")
    }

    @Test func aRobotsTxtThatDisallowsMeetingPagesIsUnusable() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        await setup.site.fault("/robots.txt", .body("User-agent: *\nDisallow: /ieListDocuments.aspx\n"))
        let result = try await setup.run(["check-source", setup.base])
        #expect(result.status == 1)
        #expect(result.stdout.contains("  disallowed  \(setup.base)ieListDocuments.aspx"), "\(result.stdout)")
        #expect(lastLine(result.stdout) == "not usable: robots.txt forbids it: not requested: \(setup.base)robots.txt disallows "
                + "/ieListDocuments.aspx for agenda-sync-test (\"Disallow: /ieListDocuments.aspx\")", "\(result.stdout)")
        #expect(await setup.site.requests.allSatisfy { !$0.target.contains("ieListDocuments") }, "a disallowed page is never requested")
    }

    @Test func aRedirectToAnotherHostNamesTheNewBaseURL() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        // The council's old address answers every page with a redirect to the same page on the new one.
        let newBase = setup.base
        let old = try RawServer.redirecting(to: newBase)
        defer { old.stop() }
        for command in ["check-source", "committees"] {
            let result = try await setup.run([command, old.baseURL + "/"])
            #expect(result.status == 1, "\(command)")
            let message = command == "check-source" ? lastLine(result.stdout) : result.stderr
            #expect(message.contains("the site has moved: \(old.baseURL)/mgListCommittees.aspx redirects to \(newBase)mgListCommittees.aspx"),
                    "\(command): \(message)")
            #expect(message.contains("use base_url = \"\(newBase)\""), "\(command): \(message)")
        }
        #expect(await setup.site.requests.isEmpty, "the new site is not asked")
    }

    @Test func aPageThatIsNotModernGovSaysSoAndSuggestsASearch() async throws {
        let setup = try await SampleSetup.start(source: false)
        defer { Task { await setup.site.stop() } }
        await setup.site.fault(.any, .body(ReplacementPages.councilMainSite))
        let result = try await setup.run(["check-source", setup.base])
        #expect(result.status == 1)
        #expect(lastLine(result.stdout) == "not usable: \(setup.base)mgListCommittees.aspx is not a ModernGov site (a page titled "
                + "\"Home | Sampleton Borough Council\"); find the council's ModernGov address with `agenda-sync councils sampleton`",
                "\(result.stdout)")
    }

    // MARK: the README's walk-through

    /// README "Watching a new council", as written: the sample council served by `demo --serve`,
    /// a config with [daemon] and a subscription only, then committees --toml → check-source →
    /// check-config → sync → show.
    @Test func theWalkThroughOfTheREADME() async throws {
        let folder = try makeTemporaryFolder("agenda-walk")
        let server = try ScriptProcess(executable: AgendaSyncBinary.path, arguments: ["demo", "--serve"],
                                       environment: AgendaSyncBinary.environment(), logPath: folder + "/serve.log")
        defer { server.stop() }
        let served = try await server.waitForLine("Sample Borough Council served at ")
        let base = try #require(served.split(separator: " ").first.map(String.init))
        let config = folder + "/agenda-sync.toml"
        try write("""
            [daemon]
            database   = "agenda-sync.sqlite"
            user_agent = "\(Self.userAgent)"
            request_spacing = "5ms"   # the README's config keeps the default, 1s

            [[subscription]]
            id      = "audit"
            channel = "file"
            path    = "notices.jsonl"

            """, to: config)
        func run(_ arguments: [String]) async throws -> CommandResult {
            try await AgendaSyncBinary.run(arguments + ["--config", config])
        }

        let block = try await run(["committees", base, "--toml"])
        #expect(block.status == 0, "\(block.stderr)")
        let check = try await run(["check-source", base])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(lastLine(check.stdout) == "usable: 3 committees, 2 meetings listed for Cabinet, 2 meeting pages read, 0 warnings")
        #expect(check.stdout.contains("\nweb service: answers (3 committees) — via = \"webservice\" is possible\n"), "\(check.stdout)")
        try write(try String(contentsOfFile: config, encoding: .utf8) + block.stdout, to: config)
        let valid = try await run(["check-config"])
        #expect(valid.status == 0, "\(valid.stdout)\n\(valid.stderr)")
        #expect(valid.stdout.contains("source council: 127.0.0.1 <\(base)> every 30m, committees: 101, 102, 103"), "\(valid.stdout)")
        let bySource = try await run(["check-source", "council", "--meetings", "1"])
        #expect(bySource.status == 0, "\(bySource.stdout)")
        let sync = try await run(["sync"])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")
        let shown = try await run(["show", "council/\(SampleCouncilData.Meetings.cabinetNext)"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasPrefix("council/\(SampleCouncilData.Meetings.cabinetNext)  version 1 (latest)\n"), "\(shown.stdout)")
        #expect(server.poll() == nil, "the sample council is still served")
    }

    // MARK: show

    @Test func showPrintsTheStoredMeeting() async throws {
        let content = SampleCouncilData.content(reference: Date())
        let setup = try await SampleSetup.start(content: content)
        defer { Task { await setup.site.stop() } }
        #expect(try await setup.run(["sync"]).status == 0)
        await setup.site.update { $0.demoAddDocument() }
        #expect(try await setup.run(["sync"]).status == 0)

        let id = "sample/\(SampleCouncilData.Meetings.cabinetNext)"
        let stored = await setup.site.content.meeting(SampleCouncilData.Meetings.cabinetNext)!
        let latest = try await setup.run(["show", id, "--json"])
        #expect(latest.status == 0, "\(latest.stderr)")
        let decoded = try JSONDecoder().decode(Meeting.self, from: Data(latest.stdout.utf8))
        #expect(decoded == stored, "the record as extracted is the meeting the site served")

        let first = try JSONDecoder().decode(Meeting.self, from: Data(try await setup.run(["show", id, "--json", "--version", "1"]).stdout.utf8))
        #expect(first.items.flatMap(\.documents).count == stored.items.flatMap(\.documents).count - 1)

        let text = try await setup.run(["show", id])
        #expect(text.stdout.hasPrefix("\(id)  version 2 (latest)\n\(stored.title)\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  committee  101 Cabinet\n"))
        #expect(text.stdout.contains("  venue      \(stored.venue!)\n"))
        #expect(text.stdout.contains("  published  agenda\n"))
        let item = stored.items[0]
        #expect(text.stdout.contains("  \(item.number)  \(item.title)  [text]\n"), "\(text.stdout)")
        let document = try #require(stored.items.flatMap(\.documents).first)
        #expect(text.stdout.contains("      \(document.title)  \(document.size!)  \(document.url)\n"), "\(text.stdout)")

        let old = try await setup.run(["show", id, "--version", "1"])
        #expect(old.stdout.hasPrefix("\(id)  version 1 of 2\n"), "\(old.stdout)")
        let missing = try await setup.run(["show", id, "--version", "7"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("\(id) has no version 7 (latest is 2)"), "\(missing.stderr)")
        let unknown = try await setup.run(["show", "sample/999999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no stored versions of sample/999999"), "\(unknown.stderr)")
    }
}

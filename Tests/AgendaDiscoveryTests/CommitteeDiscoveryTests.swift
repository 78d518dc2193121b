import AgendaDiscovery
import AgendaModel
import Foundation
import ModernGov
import SampleCouncil
import SampleCouncilTesting
import Testing
import TestSupport

@Suite struct CommitteeDiscoveryTests {
    @Test func aMultiCommitteeSiteWithGroupHeadings() async throws {
        let content = multiCommitteeContent()
        try await withCouncil(content) { site, target, probe in
            let list = try await CommitteeDiscovery.committees(of: target, probe: probe)
            #expect(list.url == target.baseURL + "mgListCommittees.aspx")
            #expect(list.entries.map(\.committee) == content.committees)
            #expect(list.entries.map(\.group) == content.committees.map { content.categories[$0.id] })
            #expect(list.entries.first { $0.committee.id == 106 }?.committee.name == "Audit & Governance Committee")
            // Politely: robots.txt first, then the one page, with our User-Agent.
            let requests = await site.requests
            #expect(requests.map(\.target) == ["/robots.txt", "/mgListCommittees.aspx"])
            #expect(requests.allSatisfy { $0.headers["user-agent"] == testUserAgent })
        }
    }

    @Test func withoutAListPageTheStructurePageIsRead() async throws {
        try await withCouncil { site, target, probe in
            await site.fault("/mgListCommittees.aspx", .status(404))
            let list = try await CommitteeDiscovery.committees(of: target, probe: probe)
            #expect(list.url == target.baseURL + "mgCommitteeStructure.aspx")
            #expect(list.entries.map(\.committee) == SampleCouncilData.committees)
            #expect(list.entries.map(\.group) == ["Executive", "Regulatory", "Overview and Scrutiny"])
        }
    }

    @Test func aSiteThatIsNotModernGovSaysSoAndSuggestsASearch() async throws {
        try await withCouncil { site, target, probe in
            await site.fault(.any, .body(ReplacementPages.councilMainSite))
            let problem = await discoveryProblem(target, probe)
            guard case .notModernGov(_, let title, let suggestion)? = problem else {
                Issue.record("expected notModernGov, got \(String(describing: problem))")
                return
            }
            #expect(title == "Home | Sampleton Borough Council")
            #expect(suggestion.term == "sampleton")
            #expect("\(problem!)".hasSuffix("find the council's ModernGov address with `agenda-sync councils sampleton`"))
        }
    }

    @Test func aMainSiteThatAnswers404IsDescribedByItsHomePage() async throws {
        try await withCouncil { site, target, probe in
            // Every page is the main site's home page, but the two committee pages are missing (the
            // latest fault added wins).
            await site.fault(.any, .body(ReplacementPages.councilMainSite))
            await site.fault("/mgListCommittees.aspx", .status(404))
            await site.fault("/mgCommitteeStructure.aspx", .status(404))
            let problem = await discoveryProblem(target, probe)
            guard case .notModernGov(let url, "Home | Sampleton Borough Council"?, _)? = problem else {
                Issue.record("expected notModernGov, got \(String(describing: problem))")
                return
            }
            #expect(url == target.baseURL)
        }
    }

    @Test func aCMISSiteIsNamed() async throws {
        try await withCouncil { site, target, probe in
            await site.fault(.any, .body(ReplacementPages.cmis))
            let problem = await discoveryProblem(target, probe)
            guard case .cmis? = problem else {
                Issue.record("expected cmis, got \(String(describing: problem))")
                return
            }
            #expect("\(problem!)".contains("is a CMIS site, not ModernGov"))
        }
    }

    @Test func aBotChallengeIsNamedWithItsVendorAndNothingMoreIsAsked() async throws {
        try await withCouncil { site, target, probe in
            await site.fault(.any, .body(ReplacementPages.botChallenge))
            #expect(await discoveryProblem(target, probe) == .botChallenge(url: target.baseURL + "mgListCommittees.aspx", vendor: "Cloudflare"))
            #expect(await site.requests.map(\.target) == ["/robots.txt", "/mgListCommittees.aspx"])
        }
    }

    @Test func anErrorPageWith200IsNamed() async throws {
        try await withCouncil { site, target, probe in
            await site.fault(.any, .body(ReplacementPages.runtimeError))
            #expect(await discoveryProblem(target, probe) == .errorPage(url: target.baseURL + "mgListCommittees.aspx", title: "Runtime Error"))
        }
    }

    @Test func robotsTxtThatDisallowsTheListsIsHonoured() async throws {
        try await withCouncil { site, target, probe in
            await site.fault("/robots.txt", .body("User-agent: *\nDisallow: /mg\n"))
            let problem = await discoveryProblem(target, probe)
            guard case .robotsDisallowed(let message)? = problem else {
                Issue.record("expected robotsDisallowed, got \(String(describing: problem))")
                return
            }
            #expect(message.contains("disallows /mgListCommittees.aspx"), "\(message)")
            #expect(await site.requests.map(\.target) == ["/robots.txt"], "no disallowed page is requested")
        }
    }

    @Test func aRedirectToAnotherHostNamesTheNewBaseURL() async throws {
        try await withCouncil { site, target, probe in
            // The council's old address answers every page with a redirect to the same page on the new one.
            let newBase = target.baseURL
            let old = try RawServer.redirecting(to: newBase)
            defer { old.stop() }
            let oldTarget = try ProbeTarget(url: old.baseURL + "/")
            let problem = await discoveryProblem(oldTarget, probe)
            #expect(problem == .moved(url: old.baseURL + "/mgListCommittees.aspx", target: newBase + "mgListCommittees.aspx",
                                      newBase: newBase))
            #expect("\(problem!)".contains("use base_url = \"\(newBase)\""))
            #expect(await site.requests.isEmpty, "the new site is not asked")
        }
    }

    @Test func anUnreachableSiteSaysSo() async throws {
        let port = try RefusingPort()
        let probe = makeProbe()
        defer { probe.shutdown() }
        let target = try ProbeTarget(url: "http://127.0.0.1:\(port.port)/")
        guard case .unreachable(let url, let error)? = await discoveryProblem(target, probe) else {
            Issue.record("expected unreachable")
            return
        }
        #expect(url.hasSuffix("/robots.txt") && error.contains("could not connect"), "\(url): \(error)")
    }

    func discoveryProblem(_ target: ProbeTarget, _ probe: CouncilProbe) async -> SiteProblem? {
        do {
            _ = try await CommitteeDiscovery.committees(of: target, probe: probe)
            return nil
        } catch {
            return error
        }
    }
}

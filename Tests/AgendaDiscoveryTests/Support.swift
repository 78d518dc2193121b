import AgendaDiscovery
import AgendaModel
import Foundation
import SampleCouncil
import SampleCouncilTesting
import TestSupport

let testUserAgent = "agenda-sync-test/1.0 (+mailto:test@example.org)"

/// A probe as `check-source` makes one without a config, but 5 ms between requests instead of 1 s.
func makeProbe() -> CouncilProbe {
    var settings = ProbeSettings(daemon: nil, userAgent: testUserAgent)
    settings.spacing = .milliseconds(5)
    return CouncilProbe(settings: settings)
}

/// The sample council, plus five committees without meetings: eight committees in five groups,
/// in the order the committee pages list them (by group).
func multiCommitteeContent() -> SiteContent {
    var content = SampleCouncilData.content(reference: Date())
    let (cabinet, planning, scrutiny) = (SampleCouncilData.cabinet, SampleCouncilData.planning, SampleCouncilData.scrutiny)
    content.committees = [cabinet, planning, Committee(id: 104, name: "Licensing Committee"),
                          Committee(id: 105, name: "Licensing Sub-Committee"), scrutiny,
                          Committee(id: 106, name: "Audit & Governance Committee"), Committee(id: 107, name: "Standards Committee"),
                          Committee(id: 108, name: "Health and Wellbeing Board")]
    content.categories.merge([104: "Regulatory", 105: "Regulatory", 106: "Governance", 107: "Governance",
                              108: "Partnerships"]) { _, new in new }
    return content
}

/// Runs `body` with a sample council served on 127.0.0.1 (SiteControls installed), and a probe; stops both after.
func withCouncil(_ content: SiteContent = SampleCouncilData.content(reference: Date()),
                 _ body: (SampleCouncilSite, ProbeTarget, CouncilProbe) async throws -> Void) async throws {
    let site = SampleCouncilSite(testing: content)
    let base = try await site.start()
    let probe = makeProbe()
    do {
        try await body(site, try ProbeTarget(url: base.absoluteString), probe)
    } catch {
        probe.shutdown()
        await site.stop()
        throw error
    }
    probe.shutdown()
    await site.stop()
}

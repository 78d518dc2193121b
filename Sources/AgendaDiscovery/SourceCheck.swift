import AgendaCore
import AgendaModel
import AgendaStore
import ModernGov

/// `check-source`: reads a council the way a sync would — committee list, one committee's
/// meetings list, a few meeting pages — and says whether the daemon can watch it, with what it
/// extracted from each page and every warning. Nothing is stored.
public struct SourceCheck: Sendable {
    public var target: ProbeTarget
    /// The committee whose meetings are read; nil: the first (configured, else listed) with meetings.
    public var committee: Int?
    /// Meeting pages read at most, newest with documents first.
    public var meetingPages: Int
    /// Meetings lists read at most while looking for a committee with meetings.
    public static let listsToTry = 10

    public init(target: ProbeTarget, committee: Int? = nil, meetingPages: Int = 3) {
        self.target = target
        self.committee = committee
        self.meetingPages = meetingPages
    }

    public func run(probe: CouncilProbe) async -> SourceCheckReport {
        var report = SourceCheckReport(name: target.name, baseURL: target.baseURL, userAgent: probe.settings.fetch.userAgent)
        let verdict = await check(probe: probe, into: &report)
        report.requests = await probe.requests
        switch verdict {
        case .failure(let problem):
            report.usable = false
            report.reason = "not usable: \(problem)"
        case .success(let summary):
            report.usable = true
            report.reason = "usable: \(summary)"
        }
        return report
    }

    private var site: ModernGovSite { target.site }

    private func check(probe: CouncilProbe, into report: inout SourceCheckReport) async -> Result<String, SiteProblem> {
        // 1. The committee list (a source that names its committees does not need it, but the
        // reasons it may fail for — a move, a challenge, no answer — hold for every page).
        var listed: [CommitteeListEntry] = []
        do {
            let list = try await CommitteeDiscovery.committees(of: target, probe: probe)
            listed = list.entries
            var groups: [String] = []
            for group in list.entries.compactMap(\.group) where !groups.contains(group) { groups.append(group) }
            report.committees = .init(url: list.url, count: list.entries.count, groups: groups)
        } catch {
            let needed = committee == nil && target.committees == nil
            if needed || error.saysWhatTheSiteIs || error.isUnreachable {
                report.robots = await robots(probe: probe, meetingsURL: nil)
                return .failure(error)
            }
            report.warnings.append("the committee list could not be read (\(error)); the configured committees are checked")
        }

        // 2. What robots.txt allows of the pages a sync reads.
        let candidates = committee.map { [$0] } ?? target.committees ?? listed.map(\.committee.id)
        // A council may hide a committee from its list, so this is only worth a look.
        let unlisted = listed.isEmpty ? [] : candidates.filter { id in !listed.contains { $0.committee.id == id } }
        if !unlisted.isEmpty, let url = report.committees?.url {
            report.warnings.append("\(url): committee\(unlisted.count == 1 ? "" : "s") "
                + unlisted.map(String.init).joined(separator: ", ") + " not on the committee list")
        }
        let robots = await robots(probe: probe, meetingsURL: candidates.first.map(site.meetingsURL(committeeID:)))
        report.robots = robots
        if let refused = robots.pages.first(where: { !$0.allowed && !Self.isCommitteeListPage($0.url, site) }) {
            return .failure(.robotsDisallowed(message: refused.reason ?? refused.url))
        }

        // 3. One committee's meetings list: the given one, else the first with meetings.
        guard !candidates.isEmpty else { return .failure(.noCommittees(url: site.committeeListURL)) }
        var chosen: (list: MeetingList, url: String, warnings: [String])?
        var listsRead = 0
        for id in candidates.prefix(Self.listsToTry) {
            let url = site.meetingsURL(committeeID: id)
            let page = await probe.fetch(url)
            listsRead += 1
            var parseError: ModernGovPageError?
            if let body = page.body {
                let verdict = PageCheck.meetingsList(body, url: url, contentType: page.contentType, sourceID: target.sourceID)
                if let list = verdict.reading {
                    if list.meetings.isEmpty { continue }
                    chosen = (list, url, verdict.warnings)
                    break
                }
                parseError = verdict.failure
            }
            return .failure(PageDiagnosis.problem(page, site: site, parseError: parseError, robots: await probe.robotsRequest))
        }
        guard let (list, listURL, listWarnings) = chosen else {
            let which = committee.map { "committee \($0)'s meetings list shows" }
                ?? "the meetings lists of the first \(listsRead) committees show"
            return .failure(.unrecognised(url: site.meetingsURL(committeeID: candidates[0]),
                                          reason: "\(which) no meeting; try another committee with --committee N"))
        }
        report.warnings += listWarnings.map { "\(listURL): \($0)" }
        report.meetingsList = .init(committee: list.committee, url: listURL, meetings: list.meetings.count,
                                    withDocuments: list.meetings.filter(Self.showsDocuments).count,
                                    undated: list.meetings.filter { $0.start == nil }.count, listsRead: listsRead)

        // 4. Up to `meetingPages` meeting pages, newest with documents first.
        var failure: SiteProblem?
        for entry in Self.newestWithDocumentsFirst(list.meetings).prefix(max(0, meetingPages)) {
            let (step, problem) = await meeting(entry, probe: probe)
            report.meetings.append(step)
            report.warnings += step.warnings.map { "\(entry.url): \($0)" }
            if failure == nil { failure = problem }
        }
        if let failure { return .failure(failure) }

        let pages = report.meetings.count
        let warnings = report.warnings.count
        let committees = report.committees.map { "\($0.count) committees, " } ?? ""
        return .success("\(committees)\(list.meetings.count) meetings listed for \(list.committee.name), "
                        + "\(pages) meeting page\(pages == 1 ? "" : "s") read, \(warnings) warning\(warnings == 1 ? "" : "s")")
    }

    private func meeting(_ entry: MeetingListEntry, probe: CouncilProbe) async -> (SourceCheckReport.MeetingStep, SiteProblem?) {
        var step = SourceCheckReport.MeetingStep(id: entry.id.description, url: entry.url, start: entry.start, status: nil, venue: nil,
                                                 items: 0, documents: 0, published: nil, warnings: [], error: nil)
        let page = await probe.fetch(entry.url)
        var problem: SiteProblem?
        if let body = page.body {
            let verdict = PageCheck.meetingPage(body, url: entry.url, contentType: page.contentType, sourceID: target.sourceID)
            step.warnings = verdict.warnings
            if let meeting = verdict.reading, meeting.id == entry.id {
                step.start = meeting.start
                step.status = meeting.status
                step.venue = meeting.venue
                step.items = meeting.items.count
                step.documents = meeting.actionDocuments.count + meeting.items.reduce(0) { $0 + $1.documents.count }
                step.published = meeting.published
                return (step, nil)
            } else if let meeting = verdict.reading {
                problem = .unrecognised(url: entry.url, reason: "the page is for meeting \(meeting.id.number), not \(entry.id.number)")
            } else {
                problem = PageDiagnosis.problem(page, site: site, parseError: verdict.failure, robots: await probe.robotsRequest)
            }
        } else {
            problem = PageDiagnosis.problem(page, site: site, robots: await probe.robotsRequest)
        }
        step.error = problem.map { "\($0)" }
        return (step, problem)
    }

    /// robots.txt's answer and its verdict on the pages a sync reads. Pages not yet known (no
    /// committee chosen) are judged by their page name alone.
    private func robots(probe: CouncilProbe, meetingsURL: String?) async -> SourceCheckReport.RobotsVerdict {
        let robotsURL = WebURL.Origin(url: site.baseURL)?.robotsURL ?? site.baseURL + "robots.txt"
        let answer: String
        if let request = await probe.robotsRequest {
            switch (request.outcome, request.status) {
            case (.ok, let status?) where (200 ..< 300).contains(status): answer = "HTTP \(status): read"
            case (.ok, let status?): answer = "HTTP \(status): no robots.txt, every page allowed"
            default: answer = request.error ?? "not read"
            }
        } else {
            answer = "not read"
        }
        var pages: [SourceCheckReport.RobotsVerdict.Page] = []
        for url in [site.committeeListURL, site.committeeStructureURL, meetingsURL ?? site.baseURL + "ieListMeetings.aspx",
                    site.baseURL + "ieListDocuments.aspx"] {
            let refusal = await probe.robotsRefusal(for: url)
            pages.append(.init(url: url, allowed: refusal == nil, reason: refusal))
        }
        return .init(url: robotsURL, answer: answer, pages: pages)
    }

    private static func isCommitteeListPage(_ url: String, _ site: ModernGovSite) -> Bool {
        url == site.committeeListURL || url == site.committeeStructureURL
    }

    /// The list shows documents for the meeting ("Agenda", "Minutes"…), and it is not cancelled.
    static func showsDocuments(_ entry: MeetingListEntry) -> Bool {
        entry.status != nil && !entry.cancelled
    }

    /// Meetings whose list entry shows documents first, each part newest first (undated last).
    static func newestWithDocumentsFirst(_ meetings: [MeetingListEntry]) -> [MeetingListEntry] {
        meetings.enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element, rhs.element)
            if showsDocuments(l) != showsDocuments(r) { return showsDocuments(l) }
            let (ls, rs) = (l.start?.instant ?? .distantPast, r.start?.instant ?? .distantPast)
            return ls != rs ? ls > rs : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

extension SiteProblem {
    var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }
}

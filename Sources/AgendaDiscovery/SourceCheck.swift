import AgendaConfig
import AgendaCore
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import ModernGov

/// `check-source`: reads a council the way a sync would — committee list, one committee's
/// meetings list, a few meeting pages, by the HTML pages or by the web service (`via`) — and
/// says whether the daemon can watch it that way, with what it extracted from each page and
/// every warning. Whichever path is checked, it also says whether the web service answers
/// (which never makes a usable HTML source unusable). Nothing is stored.
public struct SourceCheck: Sendable {
    public var target: ProbeTarget
    /// The path checked.
    public var via: SourceReading
    /// The dates a sync reads: the web service lists a committee's meetings for these only.
    public var window: RecheckWindow
    /// The committee whose meetings are read; nil: the first (configured, else listed) with meetings.
    public var committee: Int?
    /// Meeting pages read at most, newest with documents first.
    public var meetingPages: Int
    /// Meetings lists read at most while looking for a committee with meetings.
    public static let listsToTry = 10

    public init(target: ProbeTarget, via: SourceReading? = nil, window: RecheckWindow = .default, committee: Int? = nil,
                meetingPages: Int = 3) {
        self.target = target
        self.via = via ?? target.via
        self.window = window
        self.committee = committee
        self.meetingPages = meetingPages
    }

    public func run(probe: CouncilProbe) async -> SourceCheckReport {
        var report = SourceCheckReport(name: target.name, baseURL: target.baseURL, userAgent: probe.settings.fetch.userAgent,
                                       via: via)
        let verdict: Result<String, SiteProblem>
        switch via {
        case .html:
            verdict = await check(probe: probe, into: &report)
            report.webService = await webService(probe: probe).step
        case .webservice:
            verdict = await checkWebService(probe: probe, into: &report)
        }
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
                report.robots = await robots(probe: probe, pages: htmlPages(meetingsURL: nil))
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
        let robots = await robots(probe: probe, pages: htmlPages(meetingsURL: candidates.first.map(site.meetingsURL(committeeID:))))
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
            let (step, problem) = await meeting(entry, url: entry.url, probe: probe) { body, contentType in
                PageCheck.meetingPage(body, url: entry.url, contentType: contentType, sourceID: target.sourceID)
            }
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

    /// Reads `entry`'s meeting at `url` with `read` (the HTML page's check, or the web service's parser).
    private func meeting(_ entry: MeetingListEntry, url: String, probe: CouncilProbe,
                         read: ([UInt8], ContentType?) -> PageCheck.Verdict<Meeting>) async -> (SourceCheckReport.MeetingStep, SiteProblem?) {
        var step = SourceCheckReport.MeetingStep(id: entry.id.description, url: url, start: entry.start, status: nil, venue: nil,
                                                 items: 0, documents: 0, published: nil, warnings: [], error: nil)
        let page = await probe.fetch(url)
        var problem: SiteProblem?
        if let body = page.body {
            let verdict = read(body, page.contentType)
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
                problem = .unrecognised(url: url, reason: "the page is for meeting \(meeting.id.number), not \(entry.id.number)")
            } else {
                problem = PageDiagnosis.problem(page, site: site, parseError: verdict.failure, robots: await probe.robotsRequest)
            }
        } else {
            problem = PageDiagnosis.problem(page, site: site, robots: await probe.robotsRequest)
        }
        step.error = problem.map { "\($0)" }
        return (step, problem)
    }

    // MARK: the web service

    /// `GetCommittees`: the web service's step for the report, and its committees when it answers.
    private func webService(probe: CouncilProbe) async -> (step: SourceCheckReport.WebServiceStep, committees: [WebServiceCommittee]?) {
        let url = site.webServiceCommitteesURL
        let page = await probe.fetch(url)
        var parseError: ModernGovPageError?
        if let body = page.body {
            do throws(ModernGovPageError) {
                let committees = try WebServiceCommitteesParser().parse(body)
                return (.init(url: url, answers: true, committees: committees.count, status: page.entry.status,
                              state: "answers (\(committees.count) committees)"), committees)
            } catch {
                parseError = error
            }
        }
        let problem = PageDiagnosis.problem(page, site: site, parseError: parseError, robots: await probe.robotsRequest)
        let state = if case .httpStatus(_, let status) = problem { "switched off (HTTP \(status))" } else { "does not answer (\(problem))" }
        return (.init(url: url, answers: false, committees: nil, status: page.entry.status, state: state), nil)
    }

    /// The web-service path, checked as a sync with `via = "webservice"` reads it: `GetCommittees`,
    /// one committee's `GetMeetings` over the window, up to `meetingPages` `GetMeeting`s.
    private func checkWebService(probe: CouncilProbe, into report: inout SourceCheckReport) async -> Result<String, SiteProblem> {
        let (step, listed) = await webService(probe: probe)
        report.webService = step
        let window = DateWindow(around: Date(), window)
        let (from, to) = (LondonDateTime(window.from).date, LondonDateTime(window.to).date)
        let candidates = committee.map { [$0] } ?? target.committees ?? (listed ?? []).filter(\.isCurrent).map(\.id)
        let meetingsURL = candidates.first.map { site.webServiceMeetingsURL(committeeID: $0, from: from, to: to) }
        let robots = await robots(probe: probe, pages: [site.webServiceCommitteesURL, meetingsURL ?? site.baseURL + "mgWebService.asmx/GetMeetings",
                                                        site.baseURL + "mgWebService.asmx/GetMeeting"])
        report.robots = robots
        if let refused = robots.pages.first(where: { !$0.allowed }) {
            return .failure(.robotsDisallowed(message: refused.reason ?? refused.url))
        }
        guard let listed else { return .failure(.webServiceOff(url: step.url, state: step.state)) }
        let unlisted = candidates.filter { id in !listed.contains { $0.id == id } }
        if !unlisted.isEmpty {
            report.warnings.append("\(step.url): committee\(unlisted.count == 1 ? "" : "s") "
                + unlisted.map(String.init).joined(separator: ", ") + " not listed")
        }
        report.committees = .init(url: step.url, count: listed.count, groups: [])

        // One committee's meetings over the window: the given one, else the first with meetings.
        guard !candidates.isEmpty else { return .failure(.noCommittees(url: step.url)) }
        var chosen: (list: MeetingList, url: String)?
        var listsRead = 0
        for id in candidates.prefix(Self.listsToTry) {
            let url = site.webServiceMeetingsURL(committeeID: id, from: from, to: to)
            let page = await probe.fetch(url)
            listsRead += 1
            var parseError: ModernGovPageError?
            if let body = page.body {
                do throws(ModernGovPageError) {
                    let list = try WebServiceMeetingsParser(sourceID: target.sourceID, site: site).parse(body, committeeID: id)
                    if list.meetings.isEmpty { continue }
                    chosen = (list, url)
                    break
                } catch {
                    parseError = error
                }
            }
            return .failure(PageDiagnosis.problem(page, site: site, parseError: parseError, robots: await probe.robotsRequest))
        }
        guard let (list, listURL) = chosen else {
            let which = committee.map { "committee \($0) has" } ?? "the first \(listsRead) committees have"
            return .failure(.unrecognised(url: site.webServiceMeetingsURL(committeeID: candidates[0], from: from, to: to),
                                          reason: "\(which) no meeting from \(from) to \(to); try another committee with --committee N"))
        }
        report.meetingsList = .init(committee: list.committee, url: listURL, meetings: list.meetings.count,
                                    withDocuments: list.meetings.filter(Self.showsDocuments).count,
                                    undated: list.meetings.filter { $0.start == nil }.count, listsRead: listsRead)

        var failure: SiteProblem?
        for entry in Self.newestWithDocumentsFirst(list.meetings).prefix(max(0, meetingPages)) {
            let url = site.webServiceMeetingURL(meetingID: entry.id.number)
            let (step, problem) = await meeting(entry, url: url, probe: probe) { body, _ in
                do throws(ModernGovPageError) {
                    let meeting = try WebServiceMeetingParser(sourceID: target.sourceID, site: site)
                        .parse(body, meetingID: entry.id.number, committee: list.committee)
                    return .init(reading: meeting, failure: nil, warnings: [])
                } catch {
                    return .init(reading: nil, failure: error, warnings: [])
                }
            }
            report.meetings.append(step)
            if failure == nil { failure = problem }
        }
        if let failure { return .failure(failure) }
        let reads = report.meetings.count
        return .success("web service: \(listed.count) committees, \(list.meetings.count) meetings from \(from) to \(to) for "
                        + "\(list.committee.name), \(reads) meeting\(reads == 1 ? "" : "s") read")
    }

    /// The HTML pages a sync reads. Pages not yet known (no committee chosen) are judged by their page name alone.
    private func htmlPages(meetingsURL: String?) -> [String] {
        [site.committeeListURL, site.committeeStructureURL, meetingsURL ?? site.baseURL + "ieListMeetings.aspx",
         site.baseURL + "ieListDocuments.aspx"]
    }

    /// robots.txt's answer and its verdict on `pages`.
    private func robots(probe: CouncilProbe, pages urls: [String]) async -> SourceCheckReport.RobotsVerdict {
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
        for url in urls {
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

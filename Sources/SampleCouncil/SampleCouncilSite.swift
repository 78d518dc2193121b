import AgendaCore
import AgendaModel
import FlyingFox
import Foundation

/// A ModernGov-template site served from memory on 127.0.0.1 (an ephemeral port): the
/// council of `agenda-sync demo`, the fake council of the integration tests, and one council
/// of the benchmark corpus.
///
/// It answers the real ModernGov paths (see `SiteRoute`), renders pages from a mutable
/// `SiteContent`, and can be scripted between syncs: content edits (`update`), new noise
/// (`setNoise`). Rendered pages are cached until their content or noise changes, so serving
/// costs little CPU in the process that hosts the site. A `SiteMiddleware` given at creation
/// stands between the server and the pages (SampleCouncilTesting's faults, validators and
/// request log); the demo gives none.
public actor SampleCouncilSite {
    public private(set) var content: SiteContent
    /// The site's base URL once started, e.g. http://127.0.0.1:40123/ (with the content's base path).
    public private(set) var baseURL: URL?
    /// What stands between the server and the pages, if anything.
    public nonisolated let middleware: (any SiteMiddleware)?

    private var server: HTTPServer?
    private var serverTask: Task<Void, any Error>?
    private var cache: [SiteRoute: CachedPage] = [:]

    private struct CachedPage {
        var input: PageInput
        var body: Data
    }

    /// What a page is rendered from; a cached page is reused while this is unchanged.
    private enum PageInput: Equatable {
        case structure([Committee], [Int: String], PageNoise, SiteStyle)
        case list(Committee, [Meeting], PageNoise, SiteStyle)
        case meeting(Meeting, PageNoise, SiteStyle)
        case webServiceCommittees([Committee], PageNoise)
        case webServiceMeetings(Committee, [Meeting], CivilDate?, CivilDate?, PageNoise)
        case webServiceMeeting(Meeting, PageNoise, SiteStyle)
    }

    public init(content: SiteContent, middleware: (any SiteMiddleware)? = nil) {
        self.content = content
        self.middleware = middleware
    }

    /// The loopback address a site listens on.
    public enum Loopback: Sendable {
        /// 127.0.0.1
        case ipv4
        /// ::1 (the base URL's host is `[::1]`)
        case ipv6
    }

    /// Starts serving and returns the base URL (`http://127.0.0.1:PORT/`, or `http://[::1]:PORT/`,
    /// plus the content's base path). The content's URLs are rebased onto it.
    ///
    /// `pool`: the event loop to serve on, shared with other sites (hundreds of sites in one process);
    /// nil gives this site an event loop of its own. Throws `SharedSocketPoolError.shutDown` for a
    /// pool that has been shut down.
    @discardableResult
    public func start(on loopback: Loopback = .ipv4, pool: SharedSocketPool? = nil) async throws -> URL {
        if let baseURL { return baseURL }
        // The server would prepare it too, but a failure there surfaces only as waitUntilListening's timeout.
        try await pool?.prepare()
        let handler = SiteHandler(site: self)
        // Each site its own event loop unless given a shared one; either way without Nagle (NoDelaySocketPool).
        let eventLoop = NoDelaySocketPool(pool: pool ?? HTTPServer.defaultPool())
        let server = switch loopback {
        case .ipv4:
            HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, pool: eventLoop, logger: .disabled, handler: handler)
        case .ipv6:
            HTTPServer(address: try .inet6(ip6: "::1", port: 0), timeout: 30, pool: eventLoop, logger: .disabled, handler: handler)
        }
        self.server = server
        serverTask = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 40)   // only separates "listening" from "hung", even on a loaded machine
        let host: String
        let port: UInt16
        switch await server.listeningAddress {
        case .ip4(_, let listening)?: (host, port) = ("127.0.0.1", listening)
        case .ip6(_, let listening)?: (host, port) = ("[::1]", listening)
        default:
            await stop()
            throw SampleCouncilSiteError.noListeningAddress
        }
        let base = "http://\(host):\(port)\(content.basePath)"
        content = content.rebased(to: base)
        cache.removeAll()
        baseURL = URL(string: base)
        return baseURL!
    }

    /// Stops serving: the listening socket and open connections are closed.
    public func stop() async {
        if let server { await server.stop(timeout: 0) }
        serverTask?.cancel()
        server = nil
        serverTask = nil
        baseURL = nil
    }

    // MARK: scripting

    /// Applies an edit to the served content (e.g. one of `DemoScript`'s steps). URLs the edit
    /// builds with `content.base` / `content.documentURL` are already under the real base.
    public func update(_ edit: (inout SiteContent) throws -> Void) rethrows {
        var copy = content
        try edit(&copy)
        content = copy
    }

    /// Replaces the content wholesale; its URLs are rebased onto this site's base.
    public func replaceContent(_ newContent: SiteContent) {
        content = baseURL.map { newContent.rebased(to: $0.absoluteString) } ?? newContent
    }

    /// New noise on every page: `PageNoise(seed:)`, or `.none` for nil.
    public func setNoise(_ seed: UInt64?) {
        content.noise = seed.map(PageNoise.init(seed:)) ?? .none
    }

    /// The absolute URL of a page of this site (nil before `start`).
    public func url(for route: SiteRoute) -> URL? {
        guard let base = baseURL?.absoluteString else { return nil }
        switch route {
        case .committeeStructure: return URL(string: base + "mgCommitteeStructure.aspx")
        case .meetingList(let committee): return URL(string: base + "ieListMeetings.aspx?CommitteeId=\(committee)")
        case .meeting(let committee, let meeting):
            let cid = committee ?? content.meeting(meeting)?.committee.id ?? 0
            return URL(string: base + "ieListDocuments.aspx?CId=\(cid)&MId=\(meeting)")
        case .webServiceCommittees: return URL(string: base + "mgWebService.asmx/GetCommittees")
        case .webServiceMeetings(let committee, let from, let to):
            let dates = [("sFromDate", from), ("sToDate", to)].compactMap { name, day in
                day.map { "&\(name)=\(WebServiceRenderer.dayText(LondonDateTime(date: $0, time: nil)))" }
            }.joined()
            return URL(string: base + "mgWebService.asmx/GetMeetings?lCommitteeId=\(committee)" + dates)
        case .webServiceMeeting(let meeting): return URL(string: base + "mgWebService.asmx/GetMeeting?lMeetingId=\(meeting)")
        }
    }

    /// The page the site would serve for `route` now (without faults), or nil for a 404.
    public func page(for route: SiteRoute) -> String? {
        render(route).map { String(decoding: $0.body, as: UTF8.self) }
    }

    // MARK: serving

    fileprivate func respond(to request: HTTPRequest, receivedAt: Date) -> SiteResponse {
        let path = request.target.path(percentEncoded: false)
        let basePath = content.basePath
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        let siteRequest = SiteRequest(
            method: request.method.rawValue, target: request.target.rawValue,
            route: SiteRoute.parse(path: path, query: request.query.map { ($0.name, $0.value) }, basePath: basePath),
            pageName: SiteRoute.pageName(path: path, basePath: basePath), headers: headers, receivedAt: receivedAt)
        guard let middleware else { return pageResponse(siteRequest) }
        return middleware.respond(to: siteRequest, site: self) { self.pageResponse($0) }
    }

    /// The site's own answer: the page, a 404, or a 405 for a method other than GET and HEAD.
    private func pageResponse(_ request: SiteRequest) -> SiteResponse {
        guard request.method == "GET" || request.isHead else { return .error(405) }
        guard let page = render(request.route) else { return .error(404) }
        return request.route?.isWebService == true ? .xml(page.body, head: request.isHead) : .html(page.body, head: request.isHead)
    }

    /// The page for a route, from the cache while its input is unchanged.
    private func render(_ route: SiteRoute?) -> CachedPage? {
        guard let route else { return nil }
        let style = content.style
        let input: PageInput
        switch route {
        case .committeeStructure:
            input = .structure(content.committees, content.categories, content.noise, style)
        case .meetingList(let id):
            guard let committee = content.committee(id) else { return nil }
            input = .list(committee, content.meetings(ofCommittee: id), content.noise, style)
        case .meeting(_, let number):
            guard let meeting = content.meeting(number) else { return nil }
            input = .meeting(meeting, content.noise, style)
        case .webServiceCommittees:
            input = .webServiceCommittees(content.committees, content.noise)
        case .webServiceMeetings(let id, let from, let to):
            guard let committee = content.committee(id) else { return nil }
            input = .webServiceMeetings(committee, content.meetings(ofCommittee: id), from, to, content.noise)
        case .webServiceMeeting(let number):
            guard let meeting = content.meeting(number) else { return nil }
            input = .webServiceMeeting(meeting, content.noise, style)
        }
        if let cached = cache[route], cached.input == input { return cached }

        let body: String
        switch input {
        case .structure(let committees, let categories, let noise, let style):
            body = ModernGovRenderer.committeeStructurePage(committees: committees, noise: noise, categories: categories, site: style)
        case .list(let committee, let meetings, let noise, let style):
            body = ModernGovRenderer.meetingListPage(committee: committee, meetings: meetings, noise: noise, site: style)
        case .meeting(let meeting, let noise, let style):
            body = ModernGovRenderer.meetingPage(meeting, noise: noise, site: style)
        case .webServiceCommittees(let committees, let noise):
            body = WebServiceRenderer.committees(committees, noise: noise)
        case .webServiceMeetings(let committee, let meetings, let from, let to, let noise):
            body = WebServiceRenderer.meetings(committee: committee, meetings: meetings, from: from, to: to, noise: noise)
        case .webServiceMeeting(let meeting, let noise, let style):
            body = WebServiceRenderer.meeting(meeting, noise: noise, site: style)
        }
        let page = CachedPage(input: input, body: Data(body.utf8))
        cache[route] = page
        return page
    }
}

public enum SampleCouncilSiteError: Error {
    case noListeningAddress
}

private struct SiteHandler: HTTPHandler {
    let site: SampleCouncilSite

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = await site.respond(to: request, receivedAt: Date())
        if let delay = response.delay { try await Task.sleep(for: delay) }
        if let hold = response.hold { await hold() }
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers[HTTPHeader(name)] = value }
        return HTTPResponse(statusCode: HTTPStatusCode(response.status, phrase: SiteResponse.phrase(response.status)),
                            headers: headers, body: response.body)
    }
}

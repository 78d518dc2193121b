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
/// (`setNoise`), injected faults (`fault`), validators (`setValidators`). Every request is
/// logged (`requests`). Rendered pages are cached until their content or noise changes, so
/// serving costs little CPU in the process that hosts the site.
public actor SampleCouncilSite {
    public private(set) var content: SiteContent
    /// The site's base URL once started, e.g. http://127.0.0.1:40123/ (with the content's base path).
    public private(set) var baseURL: URL?

    private var server: HTTPServer?
    private var serverTask: Task<Void, any Error>?
    private var validators: ValidatorMode = .none
    private var faults: [(target: FaultTarget, fault: SiteFault, remaining: Int?)] = []
    private var log: [LoggedRequest] = []
    private var cache: [SiteRoute: CachedPage] = [:]

    private struct CachedPage {
        var input: PageInput
        var body: Data
        var etag: String
        var lastModified: Date
    }

    /// What a page is rendered from; a cached page is reused while this is unchanged.
    private enum PageInput: Equatable {
        case structure([Committee], [Int: String], PageNoise, SiteStyle)
        case list(Committee, [Meeting], PageNoise, SiteStyle)
        case meeting(Meeting, PageNoise, SiteStyle)
    }

    public init(content: SiteContent) {
        self.content = content
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
    @discardableResult
    public func start(on loopback: Loopback = .ipv4) async throws -> URL {
        if let baseURL { return baseURL }
        let server = switch loopback {
        case .ipv4:
            HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled,
                       handler: SiteHandler(site: self))
        case .ipv6:
            HTTPServer(address: try .inet6(ip6: "::1", port: 0), timeout: 30, logger: .disabled,
                       handler: SiteHandler(site: self))
        }
        self.server = server
        serverTask = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
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

    public func setValidators(_ mode: ValidatorMode) {
        validators = mode
    }

    /// Serves `fault` for requests matching `target`, for the next `times` of them (nil: until
    /// cleared). The most recently added matching fault wins.
    public func fault(_ target: FaultTarget, _ fault: SiteFault, times: Int? = nil) {
        faults.append((target, fault, times))
    }

    public func clearFaults() {
        faults.removeAll()
    }

    /// Every request received so far, oldest first.
    public var requests: [LoggedRequest] { log }

    public func clearRequestLog() {
        log.removeAll()
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
        }
    }

    /// The page the site would serve for `route` now (without faults), or nil for a 404.
    public func page(for route: SiteRoute) -> String? {
        render(route).map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// Renders every page ahead of time, so that the first requests after a change cost no rendering.
    public func prerender() {
        _ = render(.committeeStructure)
        for committee in content.committees { _ = render(.meetingList(committee: committee.id)) }
        for meeting in content.meetings { _ = render(.meeting(committee: meeting.committee.id, meeting: meeting.id.number)) }
    }

    // MARK: serving

    fileprivate func respond(to request: HTTPRequest) -> (HTTPResponse, Duration?) {
        let target = request.target.rawValue
        let path = request.target.path(percentEncoded: false)
        let basePath = content.basePath
        let route = SiteRoute.parse(path: path, query: request.query.map { ($0.name, $0.value) }, basePath: basePath)
        let pageName = SiteRoute.pageName(path: path, basePath: basePath)
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        let method = request.method.rawValue
        let isHead = request.method == .HEAD

        var delay: Duration?
        let response: HTTPResponse
        if method != "GET" && !isHead {
            response = errorPage(405, "Method Not Allowed")
        } else if let index = faults.lastIndex(where: { $0.target.matches(route: route, pageName: pageName, rawTarget: target, basePath: basePath)
                                                      && SampleCouncilSite.applies($0.fault, to: route) }) {
            let fault = faults[index].fault
            if let remaining = faults[index].remaining {
                if remaining <= 1 { faults.remove(at: index) } else { faults[index].remaining = remaining - 1 }
            }
            switch fault {
            case .status(let code, let retryAfter):
                var failed = errorPage(code, SampleCouncilSite.phrase(code))
                if let retryAfter { failed.headers[HTTPHeader("Retry-After")] = String(retryAfter) }
                response = failed
            case .body(let body):
                response = htmlResponse(Data(body.utf8), head: isHead)
            case .truncate(let fraction):
                if let page = render(route) {
                    let keep = max(0, min(page.body.count, Int(Double(page.body.count) * fraction)))
                    response = htmlResponse(page.body.prefix(keep), head: isHead)
                } else {
                    response = notFound()
                }
            case .emptyMeetingList:
                if case .meetingList(let id)? = route, let committee = content.committee(id) {
                    let body = ModernGovRenderer.meetingListPage(committee: committee, meetings: [], noise: content.noise, site: content.style)
                    response = htmlResponse(Data(body.utf8), head: isHead)
                } else {
                    response = notFound()
                }
            case .delay(let pause):
                delay = pause
                response = normalResponse(route: route, headers: headers, head: isHead)
            }
        } else {
            response = normalResponse(route: route, headers: headers, head: isHead)
        }
        log.append(LoggedRequest(method: method, target: target, headers: headers, time: Date(), status: response.statusCode.code))
        return (response, delay)
    }

    private static func applies(_ fault: SiteFault, to route: SiteRoute?) -> Bool {
        if case .emptyMeetingList = fault, case .meetingList? = route { return true }
        if case .emptyMeetingList = fault { return false }
        return true
    }

    private func normalResponse(route: SiteRoute?, headers: [String: String], head: Bool) -> HTTPResponse {
        guard let page = render(route) else { return notFound() }
        var validatorHeaders = HTTPHeaders()
        let offersETag = validators == .etag || validators == .both
        let offersDate = validators == .lastModified || validators == .both
        if offersETag { validatorHeaders[.eTag] = page.etag }
        if offersDate { validatorHeaders[.lastModified] = HTTPDate.format(page.lastModified) }

        var notModified = false
        if offersETag, let tags = headers["if-none-match"] {
            notModified = tags == "*" || tags.split(separator: ",").contains {
                var tag = $0.trimmingCharacters(in: .whitespaces)
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                return tag == page.etag
            }
        } else if offersDate, let since = headers["if-modified-since"].flatMap(HTTPDate.parse) {
            notModified = page.lastModified <= since
        }
        if notModified {
            var response = HTTPResponse(statusCode: HTTPStatusCode(304, phrase: "Not Modified"), headers: validatorHeaders)
            response.headers[.contentLength] = "0"
            return response
        }
        var response = htmlResponse(page.body, head: head)
        for (name, value) in validatorHeaders { response.headers[name] = value }
        return response
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
        }
        let data = Data(body.utf8)
        let etag = "\"" + Hex.encode(StableHash.fnv1a(data)) + "\""
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var lastModified = now
        if let previous = cache[route] {
            // HTTP dates have one-second resolution: a page that changes twice within a second
            // must still get a later Last-Modified, or If-Modified-Since would hide the change.
            lastModified = previous.etag == etag ? previous.lastModified : max(now, previous.lastModified.addingTimeInterval(1))
        }
        let page = CachedPage(input: input, body: data, etag: etag, lastModified: lastModified)
        cache[route] = page
        return page
    }

    private func htmlResponse(_ body: Data, head: Bool) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "private"
        headers[HTTPHeader("Server")] = "Microsoft-IIS/10.0"
        headers[HTTPHeader("X-Powered-By")] = "ASP.NET"
        if head {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: .ok, headers: headers)
        }
        return HTTPResponse(statusCode: .ok, headers: headers, body: body)
    }

    private func notFound() -> HTTPResponse {
        errorPage(404, "Not Found")
    }

    private func errorPage(_ code: Int, _ phrase: String) -> HTTPResponse {
        let body = "<!DOCTYPE html>\n<html><head><title>\(code) - \(phrase)</title></head><body><h1>Server Error</h1><h2>\(code) - \(phrase).</h2></body></html>"
        var headers = HTTPHeaders()
        headers[.contentType] = "text/html"
        return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: phrase), headers: headers, body: Data(body.utf8))
    }

    private static func phrase(_ code: Int) -> String {
        switch code {
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }
}

public enum SampleCouncilSiteError: Error {
    case noListeningAddress
}

private struct SiteHandler: HTTPHandler {
    let site: SampleCouncilSite

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (response, delay) = await site.respond(to: request)
        if let delay { try await Task.sleep(for: delay) }
        return response
    }
}

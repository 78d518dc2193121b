import AgendaCore
import Foundation
import SampleCouncil
import Synchronization

/// What a test scripts on a sample site that the demo never does: faults (`SiteFault`), HTTP
/// validators (`ValidatorMode`) and a log of every request. Installed as the site's middleware by
/// `SampleCouncilSite(testing:)`, and scripted through the site (`fault`, `setValidators`, `requests`).
public final class SiteControls: SiteMiddleware {
    private struct State {
        var validators: ValidatorMode = .none
        var form = PageForm.rendered
        var faults: [(target: FaultTarget, fault: SiteFault, remaining: Int?)] = []
        var log: [LoggedRequest] = []
        /// Per page, its ETag and when its bytes last changed (kept while validators are offered).
        var versions: [SiteRoute: PageVersion] = [:]
    }

    private struct PageVersion {
        var etag: String
        var lastModified: Date
    }

    private let state = Mutex(State())

    public init() {}

    /// Serves `fault` for requests matching `target`, for the next `times` of them (nil: until
    /// cleared). The most recently added matching fault wins.
    public func fault(_ target: FaultTarget, _ fault: SiteFault, times: Int? = nil) {
        state.withLock { $0.faults.append((target, fault, times)) }
    }

    public func clearFaults() {
        state.withLock { $0.faults.removeAll() }
    }

    public func setValidators(_ mode: ValidatorMode) {
        state.withLock { $0.validators = mode }
    }

    /// Serves every page in `form` from now on: meeting pages re-skinned, all pages in its byte form.
    public func setPageForm(_ form: PageForm) {
        state.withLock { $0.form = form }
    }

    /// Every request received so far, oldest first.
    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    public func clearRequestLog() {
        state.withLock { $0.log.removeAll() }
    }

    public func respond(to request: SiteRequest, site: isolated SampleCouncilSite,
                        next: (SiteRequest) -> SiteResponse) -> SiteResponse {
        let response = answer(request, site: site, next: next)
        let logged = LoggedRequest(method: request.method, target: request.target, headers: request.headers,
                                   time: request.receivedAt, status: response.status)
        state.withLock { $0.log.append(logged) }
        return response
    }

    private func answer(_ request: SiteRequest, site: isolated SampleCouncilSite,
                        next: (SiteRequest) -> SiteResponse) -> SiteResponse {
        guard request.method == "GET" || request.isHead else { return next(request) }
        guard let fault = takeFault(for: request, basePath: site.content.basePath) else {
            let form = state.withLock { $0.form }
            return validated(request) { Self.formed(next($0), route: $0.route, form: form) }
        }
        switch fault {
        case .status(let code, let retryAfter):
            var failed = SiteResponse.error(code)
            if let retryAfter { failed.headers["Retry-After"] = String(retryAfter) }
            return failed
        case .body(let body):
            return .html(Data(body.utf8), head: request.isHead)
        case .truncate(let fraction):
            let page = next(Self.get(request))
            guard page.status == 200 else { return page }
            let keep = max(0, min(page.body.count, Int(Double(page.body.count) * fraction)))
            return .html(page.body.prefix(keep), head: request.isHead)
        case .emptyMeetingList:
            let content = site.content
            guard case .meetingList(let id)? = request.route, let committee = content.committee(id) else { return .error(404) }
            let body = ModernGovRenderer.meetingListPage(committee: committee, meetings: [], noise: content.noise, site: content.style)
            return .html(Data(body.utf8), head: request.isHead)
        case .delay(let pause):
            var response = validated(request, next: next)
            response.delay = pause
            return response
        case .hold(let gate):
            var response = validated(request, next: next)
            response.hold = { await gate.wait() }
            return response
        }
    }

    /// A page of the site in `form`.
    private static func formed(_ response: SiteResponse, route: SiteRoute?, form: PageForm) -> SiteResponse {
        guard form != .rendered, response.status == 200 else { return response }
        var page = response
        if let reskin = form.reskin, case .meeting? = route, !page.body.isEmpty {
            page.body = Data(reskin.apply(to: String(decoding: page.body, as: UTF8.self)).utf8)
        }
        return form.bytes.apply(to: page)
    }

    /// The matching fault, counting down its remaining uses.
    private func takeFault(for request: SiteRequest, basePath: String) -> SiteFault? {
        state.withLock { state in
            guard let index = state.faults.lastIndex(where: {
                $0.target.matches(route: request.route, pageName: request.pageName, rawTarget: request.target, basePath: basePath)
                    && Self.applies($0.fault, to: request.route)
            }) else { return nil }
            let fault = state.faults[index].fault
            if let remaining = state.faults[index].remaining {
                if remaining <= 1 { state.faults.remove(at: index) } else { state.faults[index].remaining = remaining - 1 }
            }
            return fault
        }
    }

    private static func applies(_ fault: SiteFault, to route: SiteRoute?) -> Bool {
        if case .emptyMeetingList = fault, case .meetingList? = route { return true }
        if case .emptyMeetingList = fault { return false }
        return true
    }

    /// The site's answer with the validators the mode offers; 304 when the request's
    /// If-None-Match or If-Modified-Since says the client has the page already.
    private func validated(_ request: SiteRequest, next: (SiteRequest) -> SiteResponse) -> SiteResponse {
        let response = next(request)
        let mode = state.withLock { $0.validators }
        guard mode != .none, response.status == 200, let route = request.route else { return response }
        let version = recordVersion(of: route, body: request.isHead ? next(Self.get(request)).body : response.body)
        let offersETag = mode == .etag || mode == .both
        let offersDate = mode == .lastModified || mode == .both
        var validators: [String: String] = [:]
        if offersETag { validators["ETag"] = version.etag }
        if offersDate { validators["Last-Modified"] = HTTPDate.format(version.lastModified) }

        var notModified = false
        if offersETag, let tags = request.headers["if-none-match"] {
            notModified = tags == "*" || tags.split(separator: ",").contains {
                var tag = $0.trimmingCharacters(in: .whitespaces)
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                return tag == version.etag
            }
        } else if offersDate, let since = request.headers["if-modified-since"].flatMap(HTTPDate.parse) {
            notModified = version.lastModified <= since
        }
        if notModified {
            validators["Content-Length"] = "0"
            return SiteResponse(status: 304, headers: validators)
        }
        var validated = response
        validated.headers.merge(validators) { _, validator in validator }
        return validated
    }

    private func recordVersion(of route: SiteRoute, body: Data) -> PageVersion {
        let etag = "\"" + Hex.encode(StableHash.fnv1a(body)) + "\""
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return state.withLock { state in
            var version = PageVersion(etag: etag, lastModified: now)
            if let previous = state.versions[route] {
                // HTTP dates have one-second resolution: a page that changes twice within a second
                // must still get a later Last-Modified, or If-Modified-Since would hide the change.
                version.lastModified = previous.etag == etag
                    ? previous.lastModified : max(now, previous.lastModified.addingTimeInterval(1))
            }
            state.versions[route] = version
            return version
        }
    }

    private static func get(_ request: SiteRequest) -> SiteRequest {
        var get = request
        get.method = "GET"
        return get
    }
}

extension SampleCouncilSite {
    /// A site with `SiteControls` installed: it can serve faults and validators, and logs every request.
    public init(testing content: SiteContent) {
        self.init(content: content, middleware: SiteControls())
    }

    /// The controls of a site made with `init(testing:)`.
    public nonisolated var controls: SiteControls {
        guard let controls = middleware as? SiteControls else {
            preconditionFailure("this site has no SiteControls: make it with SampleCouncilSite(testing:)")
        }
        return controls
    }

    /// See `SiteControls.fault`.
    public func fault(_ target: FaultTarget, _ fault: SiteFault, times: Int? = nil) {
        controls.fault(target, fault, times: times)
    }

    public func clearFaults() { controls.clearFaults() }

    public func setValidators(_ mode: ValidatorMode) { controls.setValidators(mode) }

    /// See `SiteControls.setPageForm`.
    public func setPageForm(_ form: PageForm) { controls.setPageForm(form) }

    /// Every request received so far, oldest first.
    public var requests: [LoggedRequest] { controls.requests }

    public func clearRequestLog() { controls.clearRequestLog() }

    /// Renders every page ahead of time, so that the first requests after a change cost no rendering.
    public func prerender() {
        _ = page(for: .committeeStructure)
        for committee in content.committees { _ = page(for: .meetingList(committee: committee.id)) }
        for meeting in content.meetings { _ = page(for: .meeting(committee: meeting.committee.id, meeting: meeting.id.number)) }
    }
}

import Foundation

/// One request to a sample site, as the site read it.
public struct SiteRequest: Sendable {
    public var method: String
    /// The path and query exactly as requested, e.g. "/ieListDocuments.aspx?CId=101&MId=2041".
    public var target: String
    /// The ModernGov page asked for; nil for any other path (answered 404).
    public var route: SiteRoute?
    /// The lower-cased page name after the base path and any session segment (`SiteRoute.pageName`).
    public var pageName: String?
    /// Request headers, names lower-cased ("user-agent", "if-none-match", …).
    public var headers: [String: String]
    /// When the server handed the request over, before it waited for the site's actor.
    public var receivedAt: Date

    public var isHead: Bool { method == "HEAD" }

    public init(method: String, target: String, route: SiteRoute?, pageName: String?, headers: [String: String],
                receivedAt: Date = Date()) {
        self.method = method
        self.target = target
        self.route = route
        self.pageName = pageName
        self.headers = headers
        self.receivedAt = receivedAt
    }
}

/// What a sample site answers.
public struct SiteResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// A pause before the response is sent.
    public var delay: Duration?
    /// Awaited before the response is sent (after `delay`): a test holding a request in flight.
    public var hold: (@Sendable () async -> Void)?

    public init(status: Int, headers: [String: String] = [:], body: Data = Data(), delay: Duration? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    /// A page as an IIS-hosted ModernGov install sends it: 200, text/html, no validators. For HEAD
    /// the headers only, with the length the body would have had.
    public static func html(_ body: Data, head: Bool) -> SiteResponse {
        var headers = ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "private",
                       "Server": "Microsoft-IIS/10.0", "X-Powered-By": "ASP.NET"]
        guard !head else {
            headers["Content-Length"] = String(body.count)
            return SiteResponse(status: 200, headers: headers)
        }
        return SiteResponse(status: 200, headers: headers, body: body)
    }

    /// A web service answer as ModernGov's `mgWebService.asmx` sends it: 200, text/xml.
    public static func xml(_ body: Data, head: Bool) -> SiteResponse {
        var response = html(body, head: head)
        response.headers["Content-Type"] = "text/xml; charset=utf-8"
        return response
    }

    /// IIS's short error page for `status`; none for a 304, which has no content (RFC 9110 §15.4.5).
    public static func error(_ status: Int) -> SiteResponse {
        guard status != 304 else { return SiteResponse(status: 304) }
        let phrase = phrase(status)
        let body = "<!DOCTYPE html>\n<html><head><title>\(status) - \(phrase)</title></head><body><h1>Server Error</h1><h2>\(status) - \(phrase).</h2></body></html>"
        return SiteResponse(status: status, headers: ["Content-Type": "text/html"], body: Data(body.utf8))
    }

    /// The reason phrase of a status line.
    public static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 304: "Not Modified"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }
}

/// Stands between a sample site's server and its pages: SampleCouncilTesting's `SiteControls`
/// serves faults and validators and logs every request through it. The demo installs none.
public protocol SiteMiddleware: Sendable {
    /// The response to `request`. `next` is the site's own answer: its page, a 404, or a 405 for a
    /// method other than GET and HEAD. Runs on the site's actor, so `site`'s state holds still.
    func respond(to request: SiteRequest, site: isolated SampleCouncilSite,
                 next: (SiteRequest) -> SiteResponse) -> SiteResponse
}

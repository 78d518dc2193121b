import AgendaConfig
import AgendaStore
import FlyingFox
import Foundation
import Logging

/// What the daemon's HTTP listener answers: `GET /metrics`, `GET /healthz`, `GET /feeds/ID`.
/// A request that is not origin-form HTTP/1.x gets 400 (505 for another HTTP version), another
/// method 405, another path 404. Handlers only read (the database in WAL mode, the feed files),
/// so a scrape never waits for a cycle, nor a cycle for a scrape.
struct DaemonRoutes: HTTPHandler {
    let configuration: LiveConfiguration
    let store: AgendaStore
    let metrics: DaemonMetrics
    let logger: Logger
    let now: @Sendable () -> Date

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = route(request)
        logger.debug("http.request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.target.path(percentEncoded: true))",
            "status": "\(response.statusCode.code)",
        ])
        return response
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        guard request.version == .http11 || request.version == HTTPVersion("HTTP/1.0") else {
            return request.version.rawValue.hasPrefix("HTTP/")
                ? Self.text(.httpVersionNotSupported, "HTTP/1.0 or HTTP/1.1 only\n")
                : Self.text(.badRequest, "malformed request line\n")
        }
        let target = request.target.path(percentEncoded: true)
        guard target.hasPrefix("/"), !request.path.isEmpty else {
            return Self.text(.badRequest, "malformed request target: use a path such as /metrics\n")
        }
        let path = request.path
        let known = path == "/metrics" || path == "/healthz" || path.hasPrefix("/feeds/")
        guard known else { return Self.text(.notFound, "not found: /metrics, /healthz and /feeds/ID are served\n") }
        guard request.method == .GET else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [.allow: "GET", .contentType: Self.plainText],
                                body: Data("only GET\n".utf8))
        }
        do {
            switch path {
            case "/metrics":
                let text = try metrics.scrape(configuration: configuration.value, store: store, now: now())
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                    body: Data(text.utf8))
            case "/healthz":
                let (status, body) = try HealthEndpoint.answer(configuration: configuration.value, store: store, now: now())
                return HTTPResponse(statusCode: status == 200 ? .ok : .serviceUnavailable,
                                    headers: [.contentType: "application/json", .cacheControl: "no-store"], body: body)
            default:
                return feed(String(path.dropFirst("/feeds/".count)), request)
            }
        } catch {
            logger.error("http.failed", metadata: ["path": "\(path)", "error": "\(error)"])
            return Self.text(.internalServerError, "\(error)\n")
        }
    }

    private func feed(_ id: String, _ request: HTTPRequest) -> HTTPResponse {
        switch FeedEndpoint.answer(id: id, subscriptions: configuration.value.subscriptions,
                                   ifNoneMatch: request.headers[.ifNoneMatch],
                                   ifModifiedSince: request.headers[.ifModifiedSince]) {
        case .file(let body, let contentType, let etag, let lastModified):
            return HTTPResponse(statusCode: .ok, headers: [.contentType: contentType, .eTag: etag, .lastModified: lastModified],
                                body: body)
        case .notModified(let etag, let lastModified):
            return HTTPResponse(statusCode: .notModified, headers: [.eTag: etag, .lastModified: lastModified])
        case .notFound(let reason):
            return Self.text(.notFound, reason + "\n")
        }
    }

    private static let plainText = "text/plain; charset=utf-8"

    private static func text(_ status: HTTPStatusCode, _ body: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: plainText], body: Data(body.utf8))
    }
}

private extension HTTPHeader {
    static let allow = HTTPHeader("Allow")
}

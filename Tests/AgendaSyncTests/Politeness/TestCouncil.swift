import AgendaModel
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import SampleCouncil

/// What the test council answers for one request target.
enum Answer: Sendable {
    /// 200 with this body (HTML for pages, plain text for robots.txt).
    case ok(String)
    /// 200 with this body and an ETag; 304 when the request's If-None-Match is that ETag.
    case tagged(String, etag: String)
    /// An error status with extra headers, e.g. `.status(503, ["Retry-After": "120"])`.
    case status(Int, [String: String] = [:])
    /// Headers promising 100 kB, then one byte every `interval`.
    case drip(interval: TimeInterval)
    /// Headers promising 100 kB, then nothing until the client gives up.
    case stall
    /// 200 with a body of `bytes` bytes (Content-Length declared).
    case oversized(bytes: Int)
    /// 200, `Content-Encoding: gzip`, a small body that inflates past any sane cap.
    case gzip([UInt8])
    /// 302 to `location`.
    case redirect(String)
    /// 200 with this HTML body and these extra headers (e.g. `ETag`); 304 when the request's
    /// If-None-Match is the ETag given here.
    case page(String, headers: [String: String])
    /// Headers promising 50 kB, 1 kB of it, then a TCP reset.
    case resetMidBody
}

/// One request the council saw: its target and when it reached the server's socket.
struct SeenRequest: Sendable {
    var target: String
    /// The kernel's receive time of the request's first bytes (`RawConnection.headArrivedAt`): the
    /// moment the client sent it, however late a busy machine runs the thread that reads it.
    var start: Duration
}

/// A ModernGov council on a raw socket server on 127.0.0.1, for the misbehaviours FlyingFox and
/// `SampleCouncilSite` cannot produce. It serves the sample council's Planning Committee list (with
/// as many extra meetings as asked), every meeting page, and robots.txt (404 unless told), and it
/// records every request — when it arrived, and how many were in flight at once.
final class TestCouncil: Sendable {
    static let committee = SampleCouncilData.planning

    let base: String
    let content: SiteContent
    private let server: RawServer
    private let answers: Locked<[String: Answer]>
    /// The well-behaved answer of every page, by target.
    private let pages: [String: Answer]
    private let log: Locked<(requests: [SeenRequest], inFlight: Int, peak: Int)>

    /// `extraMeetings` meetings are added to the Planning Committee (numbers from 3001, all in the
    /// future, within the default window); `hold` delays every answer, so overlapping requests show.
    init(extraMeetings: Int = 0, hold: TimeInterval = 0) throws {
        let answers = Locked<[String: Answer]>([:])
        let log = Locked<(requests: [SeenRequest], inFlight: Int, peak: Int)>(([], 0, 0))
        server = try RawServer(ioTimeout: 15) { connection in
            TestCouncil.serve(connection, answers: answers, log: log, hold: hold)
        }
        base = "http://127.0.0.1:\(server.port)/"
        var content = SampleCouncilData.content(reference: TestClock.reference)
        for index in 0..<extraMeetings {
            content.meetings.append(Edits.newMeeting(3001 + index, committee: Self.committee, days: 1 + index % 28, in: content))
        }
        content = content.rebased(to: base)
        self.content = content
        self.answers = answers
        self.log = log

        let meetings = content.meetings(ofCommittee: Self.committee.id)
        var pages: [String: Answer] = [:]
        pages[Self.target(base + "ieListMeetings.aspx?CommitteeId=\(Self.committee.id)")] = .ok(ModernGovRenderer.meetingListPage(
            committee: Self.committee, meetings: meetings, noise: content.noise, site: content.style))
        for meeting in meetings {
            pages[Self.target(meeting.url)] = .ok(ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style))
        }
        self.pages = pages
        answers.withLock { $0 = pages }
    }

    deinit { server.stop() }

    func stop() { server.stop() }

    var listURL: String { base + "ieListMeetings.aspx?CommitteeId=\(Self.committee.id)" }
    var robotsURL: String { base + "robots.txt" }

    /// The Planning Committee's meeting numbers, in the order its list shows them.
    var meetingNumbers: [Int] { content.meetings(ofCommittee: Self.committee.id).map(\.id.number) }

    func meetingURL(_ number: Int) -> String { content.meetingURL(committee: Self.committee.id, meeting: number) }

    func answer(_ url: String, _ answer: Answer) {
        answers.withLock { $0[Self.target(url)] = answer }
    }

    /// The well-behaved answer for `url` (nil for robots.txt and unknown pages).
    func page(_ url: String) -> Answer? { pages[Self.target(url)] }

    /// Serves the page at `url` as it was before it was broken (or a 404 again for robots.txt).
    func restore(_ url: String) {
        answers.withLock { $0[Self.target(url)] = pages[Self.target(url)] }
    }

    /// In order of arrival.
    var requests: [SeenRequest] { log.withLock { $0.requests }.sorted { $0.start < $1.start } }
    var targets: [String] { requests.map(\.target) }
    /// The most requests that were ever being answered at the same time.
    var peakInFlight: Int { log.withLock { $0.peak } }
    var connectionCount: Int { server.connectionCount }

    func requests(for url: String) -> [SeenRequest] {
        let target = Self.target(url)
        return requests.filter { $0.target == target }
    }

    func clearLog() { log.withLock { $0.requests.removeAll() } }

    static func target(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return url }
        return String(url[slash...])
    }

    // MARK: Serving (on the connection's own thread)

    private static func serve(_ connection: RawConnection, answers: Locked<[String: Answer]>,
                              log: Locked<(requests: [SeenRequest], inFlight: Int, peak: Int)>, hold: TimeInterval) {
        while let head = connection.readRequestHead() {
            let target = head.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? "/"
            let arrived = connection.headArrivedAt ?? .zero
            log.withLock { state in
                state.requests.append(SeenRequest(target: target, start: arrived))
                state.inFlight += 1
                state.peak = max(state.peak, state.inFlight)
            }
            if hold > 0 { Thread.sleep(forTimeInterval: hold) }
            let keepAlive = respond(answers.withLock { $0[target] }, to: head, on: connection)
            log.withLock { $0.inFlight -= 1 }
            if !keepAlive { return }
        }
    }

    /// Writes the answer; false when the connection must not be used again.
    private static func respond(_ answer: Answer?, to request: String, on connection: RawConnection) -> Bool {
        func head(_ status: String, _ headers: [String: String]) -> String {
            "HTTP/1.1 \(status)\r\n" + headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined() + "\r\n"
        }
        switch answer {
        case nil:
            let body = "<html><body><h1>404 - Not Found</h1></body></html>"
            return connection.write(head("404 Not Found", ["Content-Type": "text/html", "Content-Length": "\(body.utf8.count)"]) + body)
        case .ok(let body):
            let type = body.hasPrefix("<") ? "text/html; charset=utf-8" : "text/plain"
            return connection.write(head("200 OK", ["Content-Type": type, "Content-Length": "\(body.utf8.count)"]) + body)
        case .tagged(let body, let etag):
            if request.lowercased().contains("\r\nif-none-match: \(etag.lowercased())\r\n") {
                return connection.write(head("304 Not Modified", ["ETag": etag]))
            }
            return connection.write(head("200 OK", ["Content-Type": "text/plain", "ETag": etag,
                                                    "Content-Length": "\(body.utf8.count)"]) + body)
        case .status(let code, let extra):
            let body = "<html><body><h1>\(code)</h1></body></html>"
            var headers = extra
            headers["Content-Type"] = "text/html"
            headers["Content-Length"] = "\(body.utf8.count)"
            return connection.write(head("\(code) Error", headers) + body)
        case .drip(let interval):
            guard connection.write(head("200 OK", ["Content-Type": "text/html", "Content-Length": "100000"])) else { return false }
            for _ in 0..<100 {
                guard connection.write("<") else { break }
                Thread.sleep(forTimeInterval: interval)
            }
            return false
        case .stall:
            guard connection.write(head("200 OK", ["Content-Type": "text/html", "Content-Length": "100000"])) else { return false }
            connection.waitForPeerClose()
            return false
        case .oversized(let bytes):
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
            guard connection.write(head("200 OK", ["Content-Type": "text/html", "Content-Length": "\(bytes)"])) else { return false }
            var sent = 0
            while sent < bytes, connection.write(Array(chunk.prefix(bytes - sent))) { sent += chunk.count }
            return false
        case .gzip(let body):
            let headers = ["Content-Type": "text/html", "Content-Encoding": "gzip", "Content-Length": "\(body.count)"]
            _ = connection.write(Array(head("200 OK", headers).utf8) + body)
            return false
        case .page(let body, let extra):
            if let etag = extra["ETag"], request.lowercased().contains("\r\nif-none-match: \(etag.lowercased())\r\n") {
                return connection.write(head("304 Not Modified", extra))
            }
            var headers = extra
            headers["Content-Type"] = "text/html; charset=utf-8"
            headers["Content-Length"] = "\(body.utf8.count)"
            return connection.write(head("200 OK", headers) + body)
        case .redirect(let location):
            return connection.write(head("302 Found", ["Location": location, "Content-Length": "0"]))
        case .resetMidBody:
            guard connection.write(head("200 OK", ["Content-Type": "text/html", "Content-Length": "50000"])) else { return false }
            connection.write(String(repeating: "<p>half a page</p>\n", count: 50))
            connection.reset()
            return false
        }
    }
}

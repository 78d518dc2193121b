import Foundation
import SampleCouncil
import Synchronization

/// A failure a sample site can be told to serve, for tests of "a failed fetch is not a change".
public enum SiteFault: Hashable, Sendable {
    /// An error status with a short error page, e.g. `.status(503, retryAfter: 120)`.
    case status(Int, retryAfter: Int? = nil)
    /// HTTP 200 with this body instead of the page (a bot challenge, a maintenance page).
    case body(String)
    /// HTTP 200 with only the first `fraction` of the page's bytes (Content-Length matches).
    case truncate(Double)
    /// A committee's meeting list served with no meetings in it (200). Other pages are served normally.
    case emptyMeetingList
    /// The normal response, after a pause (for timeout tests; the server gives up after 30 s).
    case delay(Duration)
    /// The normal response (rendered when the request came), sent once `gate` opens: a request
    /// held in flight while the test does something else (the server gives up after 30 s).
    case hold(SiteGate)
}

/// Where `SiteFault.hold` requests wait, in flight, until the test opens it. Once open it stays
/// open. Compared by identity.
public final class SiteGate: Hashable, Sendable {
    private let state = Mutex<(isOpen: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    public init() {}

    /// Lets every held request go, and every later one through at once.
    public func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    public static func == (lhs: SiteGate, rhs: SiteGate) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Which requests a fault applies to.
public enum FaultTarget: Hashable, Sendable, ExpressibleByStringLiteral {
    /// Every request.
    case any
    /// A request path such as "/ieListMeetings.aspx" (compared case-insensitively, after the base
    /// path and any session segment); with a "?query" part, the exact path and query as requested.
    case path(String)
    case committeeStructure
    /// `ieListMeetings.aspx` of this committee.
    case meetingList(committee: Int)
    /// `ieListDocuments.aspx` of this meeting (its MId), and the web service's `GetMeeting` of it.
    case meeting(Int)

    public init(stringLiteral value: String) {
        self = .path(value)
    }

    func matches(route: SiteRoute?, pageName: String?, rawTarget: String, basePath: String) -> Bool {
        switch self {
        case .any:
            return true
        case .path(let path):
            if path.contains("?") {
                return rawTarget.lowercased() == path.lowercased()
                    || rawTarget.lowercased() == (basePath + path.drop { $0 == "/" }).lowercased()
            }
            let name = path.split(separator: "/").last.map { $0.lowercased() }
            return name != nil && name == pageName || path.drop { $0 == "/" }.lowercased() == pageName
        case .committeeStructure:
            return route == .committeeStructure
        case .meetingList(let committee):
            return route == .meetingList(committee: committee)
        case .meeting(let number):
            if case .meeting(_, number)? = route { return true }
            if case .webServiceMeeting(number)? = route { return true }
            return false
        }
    }
}

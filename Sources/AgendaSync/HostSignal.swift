import AgendaFetch

/// What one answer from a host says about the host (not about the page).
enum HostSignal: Sendable, Equatable {
    /// 2xx or 304: the host is well; its failure count resets.
    case success
    /// Any other answer that is not the host's trouble (404, 403, a final 3xx…).
    case neutral
    /// 5xx (other than 503) or a transfer failure; `reason` is for the log.
    case failure(reason: String)
    /// 429 or 503: the host asks us to come back later, maybe saying when.
    case retryLater(status: Int, retryAfter: String?)

    init(status: Int, retryAfter: String?) {
        switch status {
        case 200..<300, 304: self = .success
        case 429, 503: self = .retryLater(status: status, retryAfter: retryAfter)
        case 500..<600: self = .failure(reason: "HTTP \(status)")
        default: self = .neutral
        }
    }

    /// A fetch that threw. A request we could not even make is our problem, not the host's.
    init(error: any Error) {
        switch error as? FetchError {
        case .invalidRequest?, .shutDown?: self = .neutral
        case let fetchError?: self = .failure(reason: fetchError.message)
        case nil: self = error is CancellationError ? .neutral : .failure(reason: "\(error)")
        }
    }

    var isError: Bool {
        switch self {
        case .success, .neutral: false
        case .failure, .retryLater: true
        }
    }

    var reason: String {
        switch self {
        case .success: "success"
        case .neutral: "no verdict"
        case .failure(let reason): reason
        case .retryLater(let status, let retryAfter): "HTTP \(status)" + (retryAfter.map { ", Retry-After: \($0)" } ?? "")
        }
    }
}

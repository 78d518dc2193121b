import AgendaCore
import AgendaFetch
import AgendaStore
import Foundation

/// What a host's robots.txt said, as RFC 9309 §2.3.1 reads each kind of answer.
public enum RobotsRules: Sendable, Hashable {
    /// 2xx: the file's rules apply.
    case file(RobotsTxt)
    /// 4xx ("unavailable"), or more redirects than allowed (status nil): everything may be fetched.
    case unavailable(status: Int?)
    /// 5xx, 429 or no answer ("unreachable"): nothing may be fetched until it is read again.
    case unreachable(reason: String)

    /// Why `url` may not be fetched by `productToken`, or nil when it may.
    public func refusal(for url: WebURL, productToken: String, retryAt: Date) -> String? {
        let host = url.origin
        switch self {
        case .file(let robots):
            let path = url.pathAndQuery
            guard !robots.allows(path, productToken: productToken),
                  let rule = robots.decidingRule(for: path, productToken: productToken) else { return nil }
            return "not requested: \(host.robotsURL) disallows \(path) for \(productToken) (\"\(rule)\")"
        case .unavailable:
            return nil
        case .unreachable(let reason):
            return "not requested: \(host.robotsURL) could not be read (\(reason)), so the whole host counts as "
                + "disallowed (RFC 9309 §2.3.1.4) until it is read again, not before \(Timestamp.string(retryAt))"
        }
    }
}

/// A host's robots.txt as last fetched, with the validators for a conditional re-fetch.
struct RobotsEntry: Sendable {
    var rules: RobotsRules
    var fetchedAt: Date
    var expiresAt: Date
    var etag: String?
    var lastModified: String?
}

extension WebURL.Origin {
    /// Where the host's robots.txt lives (RFC 9309 §2.3: at the top level of the authority).
    public var robotsURL: String { description + "/robots.txt" }
}

import Foundation
import SampleCouncil

/// One request a sample site received, for tests to inspect (politeness, conditional GETs).
public struct LoggedRequest: Hashable, Sendable {
    public var method: String
    /// The path and query exactly as requested, e.g. "/ieListDocuments.aspx?CId=101&MId=2041".
    public var target: String
    /// Request headers, names lower-cased ("user-agent", "if-none-match", "if-modified-since", …).
    public var headers: [String: String]
    /// When the request arrived (before it waited for the site).
    public var time: Date
    /// The status the site answered with.
    public var status: Int

    public init(method: String, target: String, headers: [String: String], time: Date, status: Int) {
        self.method = method
        self.target = target
        self.headers = headers
        self.time = time
        self.status = status
    }

    public var userAgent: String? { headers["user-agent"] }
}

/// Which validators a sample site offers (real ModernGov installs offer none).
public enum ValidatorMode: Hashable, Sendable {
    case none
    /// A strong ETag (a hash of the body); If-None-Match answered with 304.
    case etag
    /// Last-Modified (when the page's bytes last changed); If-Modified-Since answered with 304.
    case lastModified
    case both
}

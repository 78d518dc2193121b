import AgendaConfig
import AgendaCore
import AgendaDiff
import Foundation

/// `GET /feeds/ID`: the calendar or Atom file of subscription ID, when it opts in with
/// `publish = true`, with a strong `ETag` (a digest of the bytes) and `Last-Modified` (the file's
/// modification time), answering `If-None-Match` / `If-Modified-Since` with 304 (RFC 9110 §13).
enum FeedEndpoint {
    enum Answer: Equatable {
        case file(body: Data, contentType: String, etag: String, lastModified: String)
        case notModified(etag: String, lastModified: String)
        /// No such published subscription, or its file is not written yet; the text says which.
        case notFound(String)
    }

    static func answer(id: String, subscriptions: [SubscriptionConfiguration], ifNoneMatch: String?,
                       ifModifiedSince: String?) -> Answer {
        guard let subscription = subscriptions.first(where: { $0.id == id }), let published = subscription.publishedFile else {
            return .notFound("no published feed \"\(id)\" (a calendar or atom subscription with publish = true)")
        }
        // Read once: the bytes, their digest and the time all describe the same version of the file
        // (delivery replaces it atomically, by rename).
        guard let handle = FileHandle(forReadingAtPath: published.path) else {
            return .notFound("feed \"\(id)\" is not written yet")
        }
        defer { try? handle.close() }
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0, let body = try? handle.readToEnd() ?? Data() else {
            return .notFound("feed \"\(id)\" could not be read")
        }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        let etag = "\"" + String(SHA256Digest.hex(of: Array(body)).prefix(32)) + "\""
        let lastModified = HTTPDate.format(modified)
        if let ifNoneMatch {
            // If-None-Match wins over If-Modified-Since; weak comparison (RFC 9110 §13.1.2).
            let tags = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if tags.contains("*") || tags.contains(where: { $0 == etag || $0 == "W/" + etag }) {
                return .notModified(etag: etag, lastModified: lastModified)
            }
        } else if let ifModifiedSince, let since = HTTPDate.parse(ifModifiedSince), modified <= since {
            return .notModified(etag: etag, lastModified: lastModified)
        }
        return .file(body: body, contentType: published.contentType, etag: etag, lastModified: lastModified)
    }
}

import AgendaConfig
import AgendaCore
@testable import AgendaDaemon
import Foundation
import Testing
import TestSupport

/// `/feeds/ID`'s conditional answers (RFC 9110 §13), on a real file.
struct FeedEndpointTests {
    @Test func validatorsAndConditions() throws {
        let folder = try makeTemporaryFolder("feed-endpoint")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/all.ics"
        try Data("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8).write(to: URL(fileURLWithPath: path))
        let published = SubscriptionConfiguration(id: "all", channel: .calendar(CalendarChannelSettings(path: path, publish: true)))
        let quiet = SubscriptionConfiguration(id: "quiet", channel: .calendar(CalendarChannelSettings(path: path)))
        func answer(_ id: String = "all", ifNoneMatch: String? = nil, ifModifiedSince: String? = nil) -> FeedEndpoint.Answer {
            FeedEndpoint.answer(id: id, subscriptions: [published, quiet], ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince)
        }

        guard case .file(let body, let contentType, let etag, let lastModified) = answer() else {
            Issue.record("no file: \(answer())")
            return
        }
        #expect(body == Data("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8))
        #expect(contentType == "text/calendar; charset=utf-8")
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count == 34)
        let modified = try #require(HTTPDate.parse(lastModified))
        #expect(answer(ifNoneMatch: etag) == .notModified(etag: etag, lastModified: lastModified))
        #expect(answer(ifNoneMatch: "\"other\", W/\(etag)") == .notModified(etag: etag, lastModified: lastModified))
        #expect(answer(ifNoneMatch: "*") == .notModified(etag: etag, lastModified: lastModified))
        #expect(answer(ifModifiedSince: lastModified) == .notModified(etag: etag, lastModified: lastModified))
        // If-None-Match wins: a stale tag gets the file even when the date would match.
        #expect(answer(ifNoneMatch: "\"stale\"", ifModifiedSince: lastModified) == answer())
        #expect(answer(ifModifiedSince: HTTPDate.format(modified.addingTimeInterval(-1))) == answer())
        #expect(answer(ifModifiedSince: "not a date") == answer())

        // Rewritten (as delivery does, by rename): a new tag.
        try Data("BEGIN:VCALENDAR\r\nX-WR-CALNAME:x\r\nEND:VCALENDAR\r\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        guard case .file(_, _, let newTag, _) = answer() else { Issue.record("no file"); return }
        #expect(newTag != etag)

        guard case .notFound = answer("quiet"), case .notFound = answer("nothing") else {
            Issue.record("an unpublished or unknown id was served")
            return
        }
        try FileManager.default.removeItem(atPath: path)
        guard case .notFound(let reason) = answer() else { Issue.record("a missing file was served"); return }
        #expect(reason.contains("not written yet"))
    }
}

import AgendaModel
import AgendaStore
import Foundation
import SampleCouncil
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The outbox's promise under the worst stop there is: `kill -9` of the daemon at random points
/// while it detects changes and delivers them, 50 times, then a drain. Every scripted change must
/// have exactly one version, and every subscription — a JSON Lines file, a signed webhook checked
/// by an independent receiver, a Maildir spool, a calendar file, an Atom feed — must hold every
/// notice (0 lost) and, after de-duplicating by notice id, no notice twice (a redelivery carries the
/// same id, never a new one). After every kill the calendar and the feed are whole documents
/// (they are only ever replaced by a rename), and at the end both parse without an error.
@Suite(.serialized) struct CrashTests {
    static let cycles = 50

    @Test func killNineDuringDetectionAndDeliveryLosesNothing() async throws {
        let world = try await DaemonWorld()
        defer { Task { await world.close() } }
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededRandom(seed: seed)
        print("crash test seed \(seed)")

        // The webhook receiver verifies signatures with its own code (Standard Webhooks spec).
        let receiver = try await WebhookReceiver(extraArguments: ["--delay", "0.05"])
        defer { receiver.stop() }
        let port = receiver.port
        let secretFile = receiver.secretFile

        let spool = world.folder + "/spool"
        let feeds = world.folder + "/feeds"
        try FileManager.default.createDirectory(atPath: feeds, withIntermediateDirectories: false)
        let (calendarPath, feedPath) = (feeds + "/meetings.ics", feeds + "/changes.atom")
        try world.writeConfigText("""
            [daemon]
            database = "\(world.databasePath)"
            user_agent = "\(DaemonWorld.userAgent)"
            mail_from = "Agenda alerts <alerts@example.org>"
            interval = "1s"
            request_spacing = "1ms"

            [[source]]
            id = "sample"
            name = "Sample Borough Council"
            base_url = "\(world.councils[0].base.absoluteString)"

            [[subscription]]
            id = "file"
            channel = "file"
            path = "\(world.noticePath("file"))"

            [[subscription]]
            id = "hook"
            channel = "webhook"
            url = "http://127.0.0.1:\(port)/hook"
            secret_file = "\(secretFile)"
            allow_private = true

            [[subscription]]
            id = "mail"
            channel = "email"
            to = "Jane Doe <jane@example.org>"
            spool = "\(spool)"

            [[subscription]]
            id = "calendar"
            channel = "calendar"
            path = "\(calendarPath)"

            [[subscription]]
            id = "feed"
            channel = "atom"
            title = "Crash test"
            path = "\(feedPath)"
            """)

        let meeting = MeetingID(source: "sample", number: SampleCouncilData.Meetings.cabinetNext)
        let store = try AgendaStore(path: world.databasePath)
        var daemon = try world.startDaemon(watchdogMicroseconds: nil, logName: "daemon-0.log")
        #expect(await eventually { (try? store.meeting(meeting))?.version ?? 0 >= 1 }, "no baseline: \(daemon.log)")
        let baseline = try #require(try store.meeting(meeting)).version

        var kills = 0
        for cycle in 1...Self.cycles {
            await world.site.update { content in
                let url = content.documentURL("s9\(cycle)", "Crash test paper \(cycle).pdf")
                _ = content.updateMeeting(SampleCouncilData.Meetings.cabinetNext) { meeting in
                    meeting.items[0].documents.append(Document(title: "Crash test paper \(cycle)", url: url, size: "PDF 12 KB"))
                }
            }
            // Half the kills land anywhere in the next second (idle, fetching, committing, delivering);
            // the other half just after the version commits, when delivery is under way.
            if random.next() % 2 == 0 {
                try await Task.sleep(for: .milliseconds(Int64(random.int(0...1_200))))
            } else {
                _ = await eventually(timeout: .seconds(10)) { (try? store.meeting(meeting))?.version ?? 0 >= baseline + cycle }
                try await Task.sleep(for: .milliseconds(Int64(random.int(0...150))))
            }
            daemon.signal(SIGKILL)
            #expect(await daemon.waitForExit(timeout: .seconds(60)) == 128 + SIGKILL)
            kills += 1
            #expect(try Self.isWhole(calendarPath, starts: "BEGIN:VCALENDAR\r\n", ends: "END:VCALENDAR\r\n"),
                    "kill \(kills) left a partial calendar")
            #expect(try Self.isWhole(feedPath, starts: "<?xml", ends: "</feed>\n"), "kill \(kills) left a partial feed")
            daemon = try world.startDaemon(watchdogMicroseconds: nil, logName: "daemon-\(cycle).log")
            #expect(await eventually(timeout: .seconds(120)) {
                (try? store.meeting(meeting))?.version ?? 0 >= baseline + cycle
            }, "change \(cycle) never stored: \(daemon.log)")
        }

        // Drain: the last daemon delivers everything, then stops cleanly.
        #expect(await eventually(timeout: .seconds(60)) {
            let counts = (try? store.outboxCounts()) ?? []
            return counts.allSatisfy { $0.state == "delivered" } && counts.reduce(0) { $0 + $1.count } == 5 * Self.cycles
        }, "outbox not drained: \((try? store.outboxCounts()) ?? []) \(daemon.log)")
        // The last daemon may have been started a moment ago (its predecessor had delivered everything):
        // stop it once it is up, as systemd would stop a started service.
        #expect(await eventually { daemon.events("daemon.ready").count == 1 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        let status = await daemon.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "exit \(status.map(String.init) ?? "none"): \(daemon.log)")

        #expect(try store.integrityCheck() == "ok")
        #expect(try store.history(of: meeting).count == baseline + Self.cycles, "one version per scripted change")

        var figures: [String] = []
        let feed = try await DocumentCheck.feed(feedPath)
        let calendar = try await DocumentCheck.calendar(calendarPath)
        #expect(feed.errors == [] && calendar.errors == [], "\(feed.errors) \(calendar.errors)")
        #expect(calendar.event("meeting.sample.\(meeting.number)@example.org")?.sequence == baseline + Self.cycles)
        #expect(calendar.events.count == (try store.meetings().count), "every meeting, once")
        #expect(try FileManager.default.contentsOfDirectory(atPath: feeds).sorted() == ["changes.atom", "meetings.ics"],
                "temporary files left beside the calendar or the feed")
        for subscription in ["file", "hook", "mail", "calendar", "feed"] {
            let expected = Set(try store.notices().filter { $0.subscriptionID == subscription }.map(\.id))
            #expect(expected.count == Self.cycles, "\(subscription): \(expected.count) notices stored")
            let received: [String]
            switch subscription {
            case "file": received = try Self.fileNoticeIDs(world.noticePath("file"))
            case "hook": received = try Self.webhookNoticeIDs(receiver)
            case "mail": received = try Self.maildirNoticeIDs(spool)
            // The calendar lists meetings, not notices: each of its notices was delivered by a rewrite
            // that carried its version (checked above), so it has them all.
            case "calendar": received = Array(expected)
            default: received = feed.entries.compactMap { $0.id?.replacingOccurrences(of: "urn:agenda-sync:", with: "") }
            }
            let distinct = Set(received)
            #expect(expected.subtracting(distinct).isEmpty, "\(subscription) lost \(expected.subtracting(distinct).sorted())")
            #expect(distinct.subtracting(expected).isEmpty, "\(subscription) got unknown ids \(distinct.subtracting(expected))")
            figures.append("\(subscription): \(distinct.count) distinct, \(received.count - distinct.count) redelivered")
        }
        // A redelivered email replaces its file: new/ never holds a notice twice, and tmp/ holds no leftovers.
        let mailFiles = try FileManager.default.contentsOfDirectory(atPath: spool + "/new")
        #expect(mailFiles.count == Self.cycles)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool + "/tmp").isEmpty, "partial files left in tmp/")
        print("crash test: \(Self.cycles) changes, \(kills) kill -9s; " + figures.joined(separator: "; "))
    }

    /// True when the file is absent (not yet written) or holds a whole document, from `starts` to `ends`.
    static func isWhole(_ path: String, starts: String, ends: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return true }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.hasPrefix(starts) && text.hasSuffix(ends)
    }

    /// Ids of the notice lines; every line must be a whole JSON object.
    static func fileNoticeIDs(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"), "the notice file ends in a partial line")
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object?["id"] as? String)
        }
    }

    /// Ids of the webhook requests the receiver logged (every request must verify).
    static func webhookNoticeIDs(_ receiver: WebhookReceiver) throws -> [String] {
        try receiver.requests().compactMap { request in
            #expect(request.verified == true, "unverified delivery: \(request)")
            return request.id
        }
    }

    /// Notice ids named by the messages in the spool's new/ (header X-Agenda-Sync-Notices).
    static func maildirNoticeIDs(_ spool: String) throws -> [String] {
        var ids: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: spool + "/new") {
            let text = try String(contentsOfFile: spool + "/new/" + name, encoding: .utf8)
            let headers = text.components(separatedBy: "\r\n\r\n").first ?? ""
            #expect(text.count > headers.count + 4, "\(name) has no body")
            let unfolded = headers.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
            let field = unfolded.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("x-agenda-sync-notices:") }
            let value = try #require(field, "\(name) has no X-Agenda-Sync-Notices").dropFirst("x-agenda-sync-notices:".count)
            ids += value.split(separator: " ").map(String.init)
        }
        return ids
    }
}

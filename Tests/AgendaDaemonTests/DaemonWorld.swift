import AgendaDiff
import Foundation
import SampleCouncil
import SampleCouncilTesting
import TestSupport

/// One daemon test's world: sample councils on 127.0.0.1, a temporary folder with the config, the
/// database and the notice files, and a fake systemd to start the real binary under.
final class DaemonWorld: @unchecked Sendable {
    struct Council {
        var id: String
        var site: SampleCouncilSite
        var base: URL
    }

    static let userAgent = "agenda-sync-tests/1.0 (+mailto:tests@example.invalid)"

    let folder: String
    let councils: [Council]
    let systemd: FakeSystemd

    var configPath: String { folder + "/agenda-sync.toml" }
    var databasePath: String { folder + "/agenda.sqlite" }
    func noticePath(_ subscription: String) -> String { folder + "/\(subscription).jsonl" }

    /// Councils named `sources` (each its own site, so each its own host), meetings laid out around now.
    init(sources: [String] = ["sample"]) async throws {
        folder = try makeTemporaryFolder("agenda-daemon")
        var councils: [Council] = []
        for id in sources {
            let site = SampleCouncilSite(testing: SampleCouncilData.content(reference: Date()))
            councils.append(Council(id: id, site: site, base: try await site.start()))
        }
        self.councils = councils
        systemd = try FakeSystemd(socketPath: folder + "/notify.sock", watching: folder + "/agenda.sqlite")
    }

    var site: SampleCouncilSite { councils[0].site }

    /// Writes the config: every council polled every `interval`, one file subscription per name;
    /// `extraDaemon` and `extraSource` are lines for `[daemon]` and for every `[[source]]`.
    /// `only`: the councils to watch, by id (all by default).
    func writeConfig(interval: String = "2s", subscriptions: [String] = ["all"], userAgent: String = DaemonWorld.userAgent,
                     extraDaemon: String = "", extraSource: String = "", only: Set<String>? = nil) throws {
        var text = """
            [daemon]
            database = "\(databasePath)"
            user_agent = "\(userAgent)"
            interval = "\(interval)"
            request_spacing = "1ms"
            \(extraDaemon)

            """
        for council in councils where only?.contains(council.id) ?? true {
            text += """

                [[source]]
                id = "\(council.id)"
                name = "Council \(council.id)"
                base_url = "\(council.base.absoluteString)"
                \(extraSource)

                """
        }
        for subscription in subscriptions {
            text += """

                [[subscription]]
                id = "\(subscription)"
                channel = "file"
                path = "\(noticePath(subscription))"

                """
        }
        try writeConfigText(text)
    }

    func writeConfigText(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// Starts `agenda-sync run` under the fake systemd.
    func startDaemon(watchdogMicroseconds: Int? = 1_000_000, logName: String = "daemon.log",
                     logLevel: String? = nil) throws -> DaemonProcess {
        var environment = ["NOTIFY_SOCKET": systemd.socketPath]
        if let watchdogMicroseconds { environment["WATCHDOG_USEC"] = "\(watchdogMicroseconds)" }
        let level = logLevel.map { ["--log-level", $0] } ?? []
        return try DaemonProcess(arguments: ["run", "--config", configPath] + level, environment: environment,
                                 logPath: folder + "/" + logName)
    }

    /// STATUS= lines sent after a cycle ("cycle N: …").
    var cycleStatuses: [String] {
        systemd.values(of: "STATUS").filter { $0.hasPrefix("cycle ") }
    }

    /// The notice file's text and its lines (every line must be whole).
    func notices(_ subscription: String) -> (text: String, lines: [String]) {
        let text = (try? String(contentsOfFile: noticePath(subscription), encoding: .utf8)) ?? ""
        return (text, text.split(separator: "\n").map(String.init))
    }

    /// Requests a council received, oldest first.
    func requests(_ index: Int = 0) async -> [LoggedRequest] {
        await councils[index].site.requests
    }

    func close() async {
        systemd.stop()
        for council in councils { await council.site.stop() }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A daemon runs for months: what one cycle allocates must be freed when the cycle ends. Many
/// sources on a few sample councils, polled every second, give hundreds of cycles in about a
/// minute; the real daemon's resident set after them is compared with the one after a warm-up.
/// (Each finished cycle used to stay in the main loop's task group until shutdown: about 25 KB a
/// cycle.) `make soak` runs the same check for 2,000 cycles in release.
@Suite(.serialized) struct DaemonMemoryTests {
    static let sources = 24
    static let warmUp = 100
    static let measured = 300
    /// Far below what keeping every cycle costs over `measured` cycles (7 MB), far above what the
    /// allocator's own ups and downs amount to (a few hundred KiB).
    static let allowedGrowth = 3 * 1024 * 1024

    @Test func memoryDoesNotGrowWithCycles() async throws {
        // Four councils (four hosts, polled side by side), six sources on each.
        let world = try await DaemonWorld(sources: ["a", "b", "c", "d"])
        var text = """
            [daemon]
            database = "\(world.databasePath)"
            user_agent = "\(DaemonWorld.userAgent)"
            interval = "1s"
            request_spacing = "1ms"
            # One request a cycle (a meetings list, no meeting page in so narrow a window): the cycles
            # are what is measured, and the councils share this test process with every other test.
            window = { past = "1s", future = "1s" }

            """
        for index in 0..<Self.sources {
            text += """

                [[source]]
                id = "s\(index)"
                name = "Council \(index)"
                base_url = "\(world.councils[index % world.councils.count].base.absoluteString)"
                committees = [101]

                """
        }
        text += """

            [[subscription]]
            id = "all"
            channel = "file"
            path = "\(world.noticePath("all"))"

            """
        try world.writeConfigText(text)
        let daemon = try world.startDaemon(watchdogMicroseconds: nil)
        defer { daemon.kill() }

        func cycles() -> Int { daemon.events("cycle.finished").count }
        #expect(await eventually(timeout: .seconds(120)) { cycles() >= Self.warmUp }, "\(cycles()) cycles: \(daemon.log.suffix(2000))")
        let before = try #require(Self.residentBytes(daemon.pid), "\(daemon.log.suffix(2000))")
        let start = cycles()
        #expect(await eventually(timeout: .seconds(300)) { cycles() >= start + Self.measured },
                "\(cycles()) cycles: \(daemon.log.suffix(2000))")
        let after = try #require(Self.residentBytes(daemon.pid), "\(daemon.log.suffix(2000))")
        let done = cycles() - start
        print("daemon RSS after \(start) cycles: \(before / 1024) KiB; after \(done) more: \(after / 1024) KiB "
              + "(\((after - before) / 1024) KiB, \((after - before) / max(1, done)) B per cycle)")
        #expect(after - before < Self.allowedGrowth,
                "RSS grew by \((after - before) / 1024) KiB over \(done) cycles (\((after - before) / max(1, done)) B per cycle)")
        #expect(daemon.events("cycle.finished").allSatisfy { $0.contains("outcome=ok") }, "\(daemon.log.suffix(2000))")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log.suffix(2000))")
        await world.close()
    }

    /// `VmRSS` of a running process, in bytes.
    static func residentBytes(_ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else { return nil }
        return kib * 1024
    }
}

import Foundation
import Testing
import TestSupport

/// The commands that run cycles map only the code pages they touch (CodePages; README "Benchmarks",
/// memory), read back from a running `agenda-sync`'s /proc/PID/smaps: its text split into one-page
/// mappings, every other one advised MADV_RANDOM (`rr` in VmFlags), so that fault-around cannot map
/// 64 KB around each page touched. No figure of memory is asserted.
@Suite struct CodePagesTests {
    /// One mapping of /proc/PID/smaps.
    struct Mapping {
        var start: UInt
        var end: UInt
        var permissions: String
        var path: String
        var flags: [String] = []
        var pages: Int { Int(end - start) / Int(sysconf(Int32(_SC_PAGESIZE))) }
    }

    /// The executable mappings of the process's own binary, in address order.
    static func codeMappings(of pid: pid_t) throws -> [Mapping] {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
        // Read to the end (String(contentsOfFile:) stops after the first read of a /proc file).
        let data = try #require(try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(pid)/smaps")).readToEnd())
        let smaps = String(decoding: data, as: UTF8.self)
        var mappings: [Mapping] = []
        for line in smaps.split(separator: "\n") {
            if line.hasPrefix("VmFlags:") {
                mappings[mappings.count - 1].flags = line.dropFirst("VmFlags:".count).split(separator: " ").map(String.init)
                continue
            }
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let bounds = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            guard fields.count >= 5, bounds.count == 2 else { continue }
            let path = fields.count == 6 ? String(fields[5].drop { $0 == " " }) : ""
            mappings.append(Mapping(start: bounds[0], end: bounds[1], permissions: String(fields[1]), path: path))
        }
        return mappings.filter { $0.path == executable && $0.permissions.contains("x") }
    }

    @Test func runMapsItsCodeAPageAtATime() async throws {
        let setup = try await SampleSetup.start()
        defer { Task { await setup.site.stop() } }
        let daemon = try ScriptProcess(executable: AgendaSyncBinary.path, arguments: ["run", "--config", setup.config],
                                       environment: AgendaSyncBinary.environment(), logPath: setup.folder + "/run.log")
        defer { daemon.stop() }
        // Past start-up once it has scheduled its source.
        let started = await eventually { daemon.log.contains("source.scheduled") || daemon.poll() != nil }
        try #require(started && daemon.poll() == nil, "the daemon did not start: \(daemon.log)")

        let code = try Self.codeMappings(of: daemon.pid)
        // The debug binary's text is several MB: thousands of one-page mappings once split.
        #expect(code.count > 1_000, "\(code.count) executable mappings of the binary")
        let advised = code.filter { $0.flags.contains("rr") }
        #expect(advised.count >= code.count / 2 - 1, "\(advised.count) of \(code.count) mappings advised MADV_RANDOM")
        #expect(advised.allSatisfy { $0.pages == 1 }, "advised mappings of more than a page: \(advised.filter { $0.pages != 1 }.count)")
        // Neighbours alternate, so no two merged: every mapping but the last is one page.
        let adjacent = zip(code, code.dropFirst()).filter { $0.end == $1.start }
        #expect(adjacent.allSatisfy { $0.flags.contains("rr") != $1.flags.contains("rr") },
                "two adjacent mappings with the same advice")
        #expect(code.dropLast().allSatisfy { $0.pages == 1 }, "mappings of more than a page: \(code.filter { $0.pages > 1 }.count)")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
    }

    /// Only the commands that run cycles pay for the split (a few thousand madvise calls).
    @Test func aCommandThatRunsNoCycleKeepsItsCodeWhole() async throws {
        let folder = try makeTemporaryFolder("agenda-code-pages")
        let server = try ScriptProcess(executable: AgendaSyncBinary.path, arguments: ["demo", "--serve"],
                                       environment: AgendaSyncBinary.environment(), logPath: folder + "/serve.log")
        defer { server.stop() }
        _ = try await server.waitForLine("Sample Borough Council served at ")
        let code = try Self.codeMappings(of: server.pid)
        #expect(code.count == 1, "\(code.count) executable mappings of the binary")
        #expect(!code.contains { $0.flags.contains("rr") })
    }
}

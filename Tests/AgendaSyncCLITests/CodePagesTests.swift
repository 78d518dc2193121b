import Foundation
import Testing
import TestSupport

/// The commands that run cycles map only the code pages they touch (CodePages; README "Benchmarks",
/// memory), read back from a running `agenda-sync`'s /proc/PID/smaps: its code and its shared
/// libraries' registered with a userfaultfd for write-protect faults (`uw` in VmFlags), which is what
/// keeps fault-around from mapping 64 KB around each page touched. Needs Linux ≥ 6.7 (UFFD_FEATURE_WP_ASYNC): on an older
/// kernel the flag is missing and the test fails. No figure of memory is asserted.
@Suite struct CodePagesTests {
    /// One mapping of /proc/PID/smaps.
    struct Mapping {
        var permissions: String
        var path: String
        var flags: [String] = []
    }

    /// The executable mappings of files (the binary, the shared libraries) of a process, in address order.
    static func codeMappings(of pid: pid_t) throws -> [Mapping] {
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
            mappings.append(Mapping(permissions: String(fields[1]), path: path))
        }
        return mappings.filter { $0.path.hasPrefix("/") && $0.permissions.contains("x") }
    }

    @Test func runMapsItsCodeWithoutFaultAround() async throws {
        let setup = try await SampleSetup.start()
        defer { Task { await setup.site.stop() } }
        let daemon = try ScriptProcess(executable: AgendaSyncBinary.path, arguments: ["run", "--config", setup.config],
                                       environment: AgendaSyncBinary.environment(), logPath: setup.folder + "/run.log")
        defer { daemon.stop() }
        // Past start-up once it has scheduled its source.
        let started = await eventually { daemon.log.contains("source.scheduled") || daemon.poll() != nil }
        try #require(started && daemon.poll() == nil, "the daemon did not start: \(daemon.log)")

        let code = try Self.codeMappings(of: daemon.pid)
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon.pid)/exe")
        #expect(code.contains { $0.path == executable }, "no executable mapping of the binary")
        #expect(code.contains { $0.path.contains("/libc.so") }, "no executable mapping of libc")
        let unregistered = code.filter { !$0.flags.contains("uw") }.map(\.path)
        #expect(unregistered.isEmpty, "not registered: \(unregistered)")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(60)) == 0, "\(daemon.log)")
    }

    /// Only the commands that run cycles change how their code is mapped.
    @Test func aCommandThatRunsNoCycleIsLeftAlone() async throws {
        let folder = try makeTemporaryFolder("agenda-code-pages")
        let server = try ScriptProcess(executable: AgendaSyncBinary.path, arguments: ["demo", "--serve"],
                                       environment: AgendaSyncBinary.environment(), logPath: folder + "/serve.log")
        defer { server.stop() }
        _ = try await server.waitForLine("Sample Borough Council served at ")
        let code = try Self.codeMappings(of: server.pid)
        #expect(code.count > 1, "\(code.count) executable mappings")
        #expect(!code.contains { $0.flags.contains("uw") })
    }
}

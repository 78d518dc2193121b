import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The way every test starts a program (`ChildSpawn`, `ScriptProcess.run`).
@Suite struct ChildProcessTests {
    @Test func runKeepsStdoutStderrAndTheExitStatusApart() async throws {
        let result = try await ScriptProcess.run(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"])
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(!result.timedOut)
    }

    @Test func aSignalIsReportedAs128PlusItsNumber() async throws {
        let result = try await ScriptProcess.run(executable: "/bin/sh", arguments: ["-c", "kill -TERM $$"])
        #expect(result.status == 128 + SIGTERM)
    }

    @Test func aHungProgramIsKilledAtTheBound() async throws {
        let result = try await ScriptProcess.run(executable: "/bin/sleep", arguments: ["60"], timeout: .milliseconds(300))
        #expect(result.timedOut)
        #expect(result.status == 128 + SIGKILL)
    }

    @Test func aMissingProgramIsAnError() async throws {
        await #expect(throws: ChildSpawn.SpawnError.self) {
            try await ScriptProcess.run(executable: "/nonexistent/program", arguments: [])
        }
    }

    /// A socket the test process holds (without close-on-exec) must not reach the child, and the
    /// child starts with the signals it may be sent (SIGTERM, SIGINT, SIGHUP, SIGPIPE, …) neither
    /// blocked nor ignored, whatever the spawning thread had. (Each program inspects itself:
    /// `ls` its own descriptors, `grep` its own signal masks.)
    @Test func theChildGetsNoDescriptorsAndACleanSignalState() async throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        let folder = try makeTemporaryFolder("spawn")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&blocked, signal) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let spawned = Result {
            (try ScriptProcess(executable: "/bin/ls", arguments: ["-l", "/proc/self/fd/"], logPath: folder + "/fds"),
             try ScriptProcess(executable: "/bin/grep", arguments: ["-E", "^Sig(Blk|Ign)", "/proc/self/status"],
                               logPath: folder + "/signals"))
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        let (descriptors, signals) = try spawned.get()
        #expect(await descriptors.waitForExit(timeout: .seconds(30)) == 0)
        #expect(await signals.waitForExit(timeout: .seconds(30)) == 0)
        #expect(!descriptors.log.contains("socket:"), "\(descriptors.log)")
        let lines = signals.log.split(separator: "\n")
        func mask(_ name: String) -> UInt64? {
            lines.first { $0.hasPrefix(name + ":\t") }.flatMap { UInt64($0.dropFirst(name.count + 2), radix: 16) }
        }
        let blockedMask = try #require(mask("SigBlk"), "\(signals.log)")
        let ignoredMask = try #require(mask("SigIgn"), "\(signals.log)")
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] {
            #expect(blockedMask & (1 << (signal - 1)) == 0, "signal \(signal) blocked: \(signals.log)")
            #expect(ignoredMask & (1 << (signal - 1)) == 0, "signal \(signal) ignored: \(signals.log)")
        }
    }

    /// What crashed the suite (SIGSEGV in libdispatch's `_dispatch_event_loop_drain`): many short
    /// programs run at once, their output read through `Pipe` + `readabilityHandler`, while other
    /// tests open and close sockets. `ScriptProcess.run` registers nothing with libdispatch, so
    /// this load passes. (The load is kept light, to leave the CPU to the tests running beside it.)
    @Test func manyConcurrentRunsBesideSocketChurn() async throws {
        let churning = Locked(true)
        for _ in 0..<2 {
            Thread.detachNewThread {
                for _ in 0..<100_000 where churning.withLock({ $0 }) {   // bounded even if the test hangs
                    let sockets = (0..<8).map { _ in Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) }
                    for socket in sockets where socket >= 0 { close(socket) }
                    usleep(500)
                }
            }
        }
        defer { churning.withLock { $0 = false } }
        let workers = 4, runsPerWorker = 25
        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var failures: [String] = []
                    for run in 0..<runsPerWorker {
                        let result = try await ScriptProcess.run(
                            executable: "/bin/sh", arguments: ["-c", "echo out \(worker) \(run); echo err >&2"])
                        if result.status != 0 || result.stdout != "out \(worker) \(run)\n" || result.stderr != "err\n" {
                            failures.append("\(worker)/\(run): \(result)")
                        }
                    }
                    return failures
                }
            }
            return try await group.reduce([], +)
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }
}

import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended and what it cost: CPU from `wait4` (its own, never this process's,
/// which serves the corpus meanwhile), peak RSS from its `/proc/PID/status` VmHWM.
struct ChildResult: Sendable {
    /// Exit status, or nil when it was killed by a signal (`signal` then says which).
    var exitCode: Int32?
    var signal: Int32?
    var wall: Double
    var usage: Usage
    /// The child's peak RSS in bytes: the last VmHWM read before it exited (sampled every few ms;
    /// VmHWM only grows, so only growth in the final milliseconds could be missed).
    ///
    /// Not `usage.maxRSS`: with `posix_spawn` (vfork semantics, CLONE_VM) the kernel folds the
    /// high-water mark of the address space the child had *before* exec — this process's, with the
    /// whole corpus in memory — into the child's ru_maxrss, so wait4 reports at least this process's
    /// peak. A fork()+exec inherits it the same way. VmHWM belongs to the post-exec address space.
    var peakRSS: Int
    /// How many VmHWM samples were read.
    var samples: Int
    var timedOut: Bool
}

/// Runs a program to completion, started by the tests' `ChildSpawn` (`posix_spawnp`, empty signal
/// mask, default dispositions, no inherited descriptors), stdout and stderr into files. The wait
/// happens on a thread of its own, not on the cooperative pool that serves the corpus.
enum ChildProcess {
    static func run(_ arguments: [String], stdout: String, stderr: String, timeout: Double) async throws -> ChildResult {
        let child = try spawn(arguments, stdout: stdout, stderr: stderr)
        let state = ChildState()

        // Watchdog: kill the child (only this pid, which is not reaped before `exited` is set) after `timeout`.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            state.killIfRunning(child.pid)
        }
        return await wait(child, state: state)
    }

    /// Starts `arguments` (stdin from /dev/null, stdout and stderr into files) and returns at once.
    static func spawn(_ arguments: [String], stdout: String, stderr: String) throws -> SpawnedChild {
        precondition(!arguments.isEmpty)
        let start = Clock.now()
        let pid: pid_t
        do {
            pid = try ChildSpawn.spawn(executable: arguments[0], arguments: Array(arguments.dropFirst()),
                                       stdout: .init(path: stdout, append: false), stderr: .init(path: stderr, append: false),
                                       searchPath: true)
        } catch {
            throw BenchError("cannot start \(arguments[0]): \(error)")
        }
        return SpawnedChild(pid: pid, start: start)
    }

    /// Waits for `child` to exit (on a thread of its own), sampling its VmHWM meanwhile, then reaps it.
    static func wait(_ child: SpawnedChild, state: ChildState = ChildState()) async -> ChildResult {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                // Sample VmHWM until the child exits; detect the exit without reaping it, so the
                // watchdog can never signal a recycled pid…
                var peakKB = 0
                var samples = 0
                let statusPath = "/proc/\(child.pid)/status"
                while true {
                    var info = siginfo_t()
                    let rc = waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT | WNOHANG)
                    if rc == -1 && errno == EINTR { continue }
                    if rc == -1 || info.si_signo != 0 { break }
                    if let kb = ChildProcess.statusFieldKB(statusPath, "VmHWM:") {
                        peakKB = max(peakKB, kb)
                        samples += 1
                    }
                    usleep(4_000)
                }
                let end = Clock.now()
                state.markExited()
                // …then reap it and take its rusage.
                var status: Int32 = 0
                var usage = rusage()
                while wait4(child.pid, &status, 0, &usage) == -1 && errno == EINTR {}
                let signalled = status & 0x7f
                continuation.resume(returning: ChildResult(
                    exitCode: signalled == 0 ? (status >> 8) & 0xff : nil, signal: signalled == 0 ? nil : signalled,
                    wall: end - child.start, usage: Usage(usage), peakRSS: peakKB * 1024, samples: samples,
                    timedOut: state.timedOut))
            }
            thread.start()
        }
    }
}

/// A child started by `ChildProcess.spawn`, not reaped until `ChildProcess.wait` returns.
struct SpawnedChild: Sendable {
    var pid: pid_t
    /// `Clock.now()` when it was started.
    var start: Double

    /// Its resident set size now (`VmRSS`), bytes; nil once it has exited.
    var residentBytes: Int? {
        ChildProcess.statusFieldKB("/proc/\(pid)/status", "VmRSS:").map { $0 * 1024 }
    }
}

extension ChildProcess {
    /// A field of a /proc/PID/status file such as `VmHWM:` or `VmRSS:`, in KiB; nil once the
    /// process has no address space.
    static func statusFieldKB(_ path: String, _ field: String) -> Int? {
        guard let text = procFile(path), let range = text.range(of: field) else { return nil }
        let digits = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }.prefix { $0.isNumber }
        return Int(digits)
    }

    /// The whole of a /proc file; nil when it cannot be opened (the process has gone).
    ///
    /// Read to the end by hand: /proc files report a size of 0, and Foundation's
    /// `String(contentsOfFile:)` then stops after the first read (4 KiB of /proc/net/tcp's many lines).
    static func procFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

final class ChildState: @unchecked Sendable {
    private let lock = NSLock()
    private var exited = false
    private var killed = false

    func markExited() {
        lock.lock()
        exited = true
        lock.unlock()
    }

    func killIfRunning(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        guard !exited else { return }
        killed = true
        kill(pid, SIGKILL)
    }

    var timedOut: Bool {
        lock.lock()
        defer { lock.unlock() }
        return killed
    }
}

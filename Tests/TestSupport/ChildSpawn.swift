import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program the way every test and the benchmark start one: `posix_spawn` with an empty
/// signal mask and default dispositions (a thread of the Swift concurrency pool may have signals
/// blocked, and a child would otherwise inherit that), stdin from /dev/null, stdout and stderr into
/// files, and no other descriptor (close-from 3).
///
/// Output goes to files, never to a `Pipe` watched by `FileHandle.readabilityHandler`: tearing such
/// a handler down races libdispatch's epoll bookkeeping, and the test process then dies with
/// SIGSEGV in `_dispatch_event_loop_drain` (swift-corelibs-libdispatch issue 949). Nothing here
/// registers a descriptor with libdispatch.
public enum ChildSpawn {
    /// Where a child's stdout or stderr goes.
    public struct Output: Sendable {
        public var path: String
        /// Appends to an existing file (true) or truncates it (false).
        public var append: Bool

        public init(path: String, append: Bool = true) {
            self.path = path
            self.append = append
        }
    }

    /// Signals the child gets with their default action, whatever this process does with them.
    static let defaultSignals = [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2]

    /// Starts `executable` (a path; with `searchPath`, a name looked up in `PATH` too) and returns its
    /// pid. `stderr` nil sends stderr to the stdout file; `environment` nil passes this process's on.
    /// The caller reaps the child.
    public static func spawn(executable: String, arguments: [String], environment: [String: String]? = nil,
                             stdout: Output, stderr: Output? = nil, searchPath: Bool = false) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in defaultSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        func open(_ output: Output, as descriptor: Int32) {
            let mode = output.append ? O_APPEND : O_TRUNC
            posix_spawn_file_actions_addopen(&actions, descriptor, output.path, O_WRONLY | O_CREAT | mode, 0o644)
        }
        open(stdout, as: 1)
        if let stderr { open(stderr, as: 2) } else { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
        try closeFrom(3, &actions)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = (environment ?? ProcessInfo.processInfo.environment)
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = searchPath
            ? posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
            : posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(code: result, path: executable) }
        return child
    }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np` (not visible to Swift from spawn.h).
    /// Debian 12 has it; without it a child would inherit this process's sockets and pipes, so its
    /// absence is an error, not something to carry on without.
    private static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) throws {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            throw SpawnError(code: ENOSYS, path: "posix_spawn_file_actions_addclosefrom_np (glibc ≥ 2.34)")
        }
        let result = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
        guard result == 0 else { throw SpawnError(code: result, path: "posix_spawn_file_actions_addclosefrom_np") }
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var code: Int32
        public var path: String
        public var description: String { "posix_spawn \(path): \(String(cString: strerror(code)))" }
    }

    /// The shell's view of a `waitpid` status: the exit code, or 128+N for signal N.
    public static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

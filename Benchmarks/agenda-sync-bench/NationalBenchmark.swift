import Foundation
import SampleCouncil
import SampleCouncilTesting
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// National scale (`--national`): the release `agenda-sync run` as a child process over a generated
/// corpus of many councils, each its own site (its own port on 127.0.0.1, so its own host to the
/// politeness rules), every meeting page re-read every cycle, the production politeness (one
/// connection and `request_spacing` per host), for `rounds` cycles of every source. Sampled from
/// outside the child while it runs: VmHWM, CPU (utime + stime), open descriptors, and its
/// established TCP connections per server port (/proc/PID/fd against /proc/net/tcp). The sites log
/// every request, from which the spacing per host is measured.
enum NationalBenchmark {
    /// The moment every source had finished k cycles: the daemon's CPU so far, seconds since it
    /// started, and the source cycles and fetches finished so far.
    struct Round {
        var cpu: Double
        var wall: Double
        var sourceCycles: Int
        var fetches: Int
    }

    static func run(_ options: Options) async throws {
        let binary = try SyncBenchmark.locateBinary(options.agendaSync)
        let (folder, temporary) = try SyncBenchmark.prepareFolder(options.keep)
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }
        let rounds = options.rounds
        Out.heading("National scale: `agenda-sync run` (release) for \(rounds) cycles of every source, "
            + "\(options.councils) councils × \(options.committees) committees × \(options.meetings) meetings, "
            + "each council its own host on 127.0.0.1")

        let generateStart = Clock.now()
        let corpus = CorpusGenerator(councils: options.councils, committeesPerCouncil: options.committees,
                                     meetingsPerCommittee: options.meetings, seed: options.seed, reference: Date()).generate()
        // One event loop for every site: a FlyingFox server's own pool holds a thread blocked in
        // epoll_wait, and a few hundred of them starve the process (see SharedSocketPool).
        let pool = SharedSocketPool()
        var sites: [SampleCouncilSite] = []
        do {
            for council in corpus.councils {
                let site = SampleCouncilSite(testing: council.content)
                sites.append(site)
                _ = try await site.start(pool: pool)
                await site.prerender()
            }
            try await measure(options, binary: binary, folder: folder, temporary: temporary, corpus: corpus, sites: sites,
                              generateStart: generateStart)
        } catch {
            await stopServing(sites, pool: pool)
            throw error
        }
        await stopServing(sites, pool: pool)
    }

    /// Stops every site, then their shared event loop (the order `SharedSocketPool` asks for).
    private static func stopServing(_ sites: [SampleCouncilSite], pool: SharedSocketPool) async {
        await withTaskGroup(of: Void.self) { group in
            for site in sites { group.addTask { await site.stop() } }
        }
        await pool.shutdown()
    }

    private static func measure(_ options: Options, binary: String, folder: String, temporary: Bool, corpus: Corpus,
                                sites: [SampleCouncilSite], generateStart: Double) async throws {
        let rounds = options.rounds
        var ports: [Int: Int] = [:]   // port → site index
        for (index, site) in sites.enumerated() { if let port = await site.baseURL?.port { ports[port] = index } }
        Out.line("corpus:  \(Format.grouped(corpus.urlCount)) URLs per cycle (\(Format.grouped(corpus.meetingCount)) meeting pages) on "
            + "\(sites.count) hosts (ports \(ports.keys.min() ?? 0)…\(ports.keys.max() ?? 0)); generated and served in "
            + "\(Format.fixed(Clock.now() - generateStart, 1)) s")

        let database = folder + "/agenda-sync.sqlite"
        let noticesPath = folder + "/notices.jsonl"
        let configPath = folder + "/agenda-sync.toml"
        try await DaemonConfigFile.write(to: configPath, writer: "--national", database: database, noticesPath: noticesPath,
                                         interval: "\(Int(options.nationalInterval))s",
                                         requestSpacing: "\(options.nationalSpacingMS)ms",
                                         maxConcurrentCycles: options.nationalConcurrentCycles, corpus: corpus, sites: sites)
        Out.line("config:  \(configPath): interval \(Int(options.nationalInterval)) s, request_spacing \(options.nationalSpacingMS) ms, "
            + "max_concurrent_cycles \(options.nationalConcurrentCycles), one connection per host (the default), meetings within a year re-read every cycle (upcoming_horizon = \"365d\", the most allowed)")

        let stderrPath = folder + "/run.stderr.txt"
        let child = try ChildProcess.spawn([binary, "run", "--config", configPath, "--log-level", "info"],
                                           stdout: folder + "/run.stdout.txt", stderr: stderrPath)
        let log = LogCounter(path: stderrPath)
        let probe = ProcessProbe(pid: child.pid)
        let sampler = ProbeSampler(probe)
        var marks: [Round] = []
        var failure: String?
        // Bounded: a daemon that stops cycling (or dies) ends the run with a message, not a hang.
        let deadline = Clock.now() + options.nationalInterval * Double(rounds) + 1800
        while failure == nil, marks.count < rounds {
            guard sampler.alive else { failure = "the daemon exited"; break }
            // Sources cycle on their own schedules, so a mark is when every source has finished k cycles.
            let cycles = SourceCycles.read(stderrPath)
            if cycles.completed(bySources: sites.count) > marks.count {
                let round = Round(cpu: probe.cpuSeconds() ?? 0, wall: Clock.now() - child.start, sourceCycles: cycles.total,
                                  fetches: cycles.fetches)
                marks.append(round)
                let peaks = sampler.peaks
                Out.line("  every source's cycle \(marks.count) done: \(Format.fixed(round.wall, 0)) s, CPU so far "
                    + "\(Format.fixed(round.cpu, 1)) s, VmHWM \(Format.mb(peaks.peakRSS)), "
                    + "\(peaks.maxDescriptors) descriptors at most")
            }
            if Clock.now() > deadline { failure = "only \(cycles.total) source cycles in \(Int(deadline - child.start)) s" }
            try await Task.sleep(for: .milliseconds(500))
        }
        sampler.stop()
        let sampled = sampler.peaks
        let (result, errors) = try await ChildProcess.stopDaemon(child, log: log, stderrPath: stderrPath, failure: failure,
                                                                  part: "national")
        let cycles = SourceCycles.read(stderrPath)
        var spacing = ArrivalSpacing()
        for site in sites { spacing.add(await site.requests.map(\.time.timeIntervalSinceReferenceDate)) }
        let storage = try CycleRunner(binary: binary, prefix: [], configPath: configPath, database: database,
                                      noticesPath: noticesPath, folder: folder, timeout: options.timeout).snapshot()

        Out.line()
        let rows = marks.enumerated().map { index, round in
            ["\(index + 1)\(index == 0 ? " (baseline)" : "")", Format.fixed(round.wall, 0), Format.fixed(round.cpu, 1),
             Format.grouped(round.sourceCycles), Format.grouped(round.fetches)]
        }
        Out.line(Table.render(["every source's cycle k done", "at s", "CPU so far s", "source cycles so far", "fetches so far"], rows))
        // Every source cycle between the first mark and the last is an unchanged one (every baseline was done).
        let cost = CycleCost(marks: marks, sources: sites.count)
        Out.line("CPU: baseline cycle of every source ≈ \(Format.fixed(cost.baselineCPU, 1)) s; an unchanged cycle of every source "
            + "\(Format.fixed(cost.unchangedCPU, 1)) s for \(Format.grouped(Int(cost.unchangedFetches))) fetches "
            + "(\(Format.grouped(cost.unchangedSourceCycles)) unchanged source cycles measured, \(Format.fixed(cost.cpuPerFetch * 1000, 2)) ms a fetch)")
        Out.line("peak RSS (VmHWM) \(Format.mb(result.peakRSS)); open descriptors at most \(sampled.maxDescriptors); "
            + "most TCP connections to one host at once \(sampled.maxPerHost) \(Format.mark(sampled.maxPerHost == 1)) (must be 1; "
            + "\(sampled.maxConnections) to all hosts at once at most, \(Format.grouped(sampled.samples)) samples)")
        let configured = Double(options.nationalSpacingMS) / 1000
        Out.line("request spacing per host, configured \(options.nationalSpacingMS) ms: least mean gap over \(ArrivalSpacing.window) "
            + "consecutive requests to one host \(Format.fixed(spacing.leastWindowMean * 1000, 0)) ms "
            + "\(Format.mark(spacing.leastWindowMean >= configured * 0.99)); least single gap \(Format.fixed(spacing.leastGap * 1000, 0)) ms "
            + "(arrival times as this process read them: one read late shortens the gap after it); "
            + "\(Format.grouped(spacing.requests)) requests served")
        Out.line("database \(Format.mb(storage.databaseBytes)) after \(cycles.total) source cycles (after a WAL checkpoint); "
            + "\(errors.count) error lines; SIGTERM → exit \(result.exitCode.map(String.init) ?? "signal \(result.signal ?? 0)") "
            + "\(Format.mark(result.exitCode == 0)); CPU in all \(Format.fixed(result.usage.cpu, 1)) s")
        for line in errors.prefix(3) { Out.line("    " + line) }
        let capacity = Capacity(hosts: sites.count, cost: cost, peakRSS: result.peakRSS, cycles: cycles, spacing: configured)
        for line in capacity.lines() { Out.line(line) }
        if !temporary { Out.line("kept:    \(folder) (config, database, notices, the daemon's log)") }
    }
}

/// Every source's finished cycles as the daemon logged them (`cycle.finished … fetches=N ms=N … source=ID`).
struct SourceCycles {
    struct Cycle {
        var seconds: Double
        var fetches: Int
    }

    private(set) var bySource: [String: [Cycle]] = [:]

    static func read(_ path: String) -> SourceCycles {
        var cycles = SourceCycles()
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return cycles }
        for line in text.split(separator: "\n") where line.contains("cycle.finished") {
            guard let source = field(line, "source"), let ms = field(line, "ms").flatMap(Double.init),
                  let fetches = field(line, "fetches").flatMap(Int.init) else { continue }
            cycles.bySource[source, default: []].append(Cycle(seconds: ms / 1000, fetches: fetches))
        }
        return cycles
    }

    private static func field(_ line: Substring, _ name: String) -> String? {
        guard let range = line.range(of: " \(name)=") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != " " })
    }

    /// Cycles every one of `sources` sources has finished.
    func completed(bySources sources: Int) -> Int {
        bySource.count < sources ? 0 : bySource.values.map(\.count).min() ?? 0
    }

    var total: Int { bySource.values.reduce(0) { $0 + $1.count } }
    var fetches: Int { bySource.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.fetches } } }
    /// Every source's cycles after its first (its baseline).
    var unchanged: [Cycle] { bySource.values.flatMap { $0.dropFirst() } }
}

/// The CPU of the daemon's cycles, from the marks: every source cycle finished between the first mark
/// (every baseline done) and the last is an unchanged one, so their CPU over their number is what an
/// unchanged source cycle costs (idle time between cycles included); the baseline is what remains of
/// the first mark once the unchanged cycles finished before it are taken off.
struct CycleCost {
    var sources: Int
    var unchangedSourceCycles = 0
    var cpuPerSourceCycle = 0.0
    var fetchesPerSourceCycle = 0.0
    var baselineCPU = 0.0

    init(marks: [NationalBenchmark.Round], sources: Int) {
        self.sources = sources
        guard let first = marks.first, let last = marks.last, last.sourceCycles > first.sourceCycles else { return }
        unchangedSourceCycles = last.sourceCycles - first.sourceCycles
        cpuPerSourceCycle = (last.cpu - first.cpu) / Double(unchangedSourceCycles)
        fetchesPerSourceCycle = Double(last.fetches - first.fetches) / Double(unchangedSourceCycles)
        baselineCPU = first.cpu - Double(first.sourceCycles - sources) * cpuPerSourceCycle
    }

    var unchangedCPU: Double { cpuPerSourceCycle * Double(sources) }
    var unchangedFetches: Double { fetchesPerSourceCycle * Double(sources) }
    var cpuPerFetch: Double { fetchesPerSourceCycle > 0 ? cpuPerSourceCycle / fetchesPerSourceCycle : 0 }
}

/// The spacing of requests to each host as its site saw them arrive. A single gap can be short only
/// because the arrival before it was read late (this process serves every site); the mean over
/// `window` consecutive requests is not moved by one late read.
struct ArrivalSpacing {
    static let window = 10
    private(set) var requests = 0
    private(set) var leastGap = Double.infinity
    private(set) var leastWindowMean = Double.infinity

    mutating func add(_ arrivals: [Double]) {
        let times = arrivals.sorted()
        requests += times.count
        for (earlier, later) in zip(times, times.dropFirst()) { leastGap = min(leastGap, later - earlier) }
        guard times.count > Self.window else { return }
        for start in 0..<(times.count - Self.window) {
            leastWindowMean = min(leastWindowMean, (times[start + Self.window] - times[start]) / Double(Self.window))
        }
    }
}

/// What one machine can watch at a 30-minute interval, from the run's figures alone: each host's
/// unchanged cycle (its pages one at a time, `request_spacing` apart, as the daemon timed it) against
/// the interval; the CPU of an unchanged source cycle for the UK's ModernGov hosts as a share of one
/// core; the peak RSS, measured with at least as many hosts.
struct Capacity {
    static let ukHosts = 300
    static let interval = 1800.0

    var hosts: Int
    var cost: CycleCost
    var peakRSS: Int
    var cycles: SourceCycles
    /// The configured request spacing, seconds.
    var spacing: Double

    func lines() -> [String] {
        let unchanged = cycles.unchanged.sorted { $0.seconds < $1.seconds }
        let slowest = unchanged.last ?? SourceCycles.Cycle(seconds: 0, fetches: 0)
        let median = unchanged.isEmpty ? slowest : unchanged[unchanged.count / 2]
        let floor = Double(max(slowest.fetches - 1, 0)) * spacing
        let ukCPU = cost.cpuPerSourceCycle * Double(Self.ukHosts)
        let secondsPerFetch = median.fetches > 0 ? median.seconds / Double(median.fetches) : 0
        let pagesByPoliteness = secondsPerFetch > 0 ? Self.interval / secondsPerFetch : 0
        let pagesByCPU = cost.cpuPerFetch > 0 ? Self.interval / (cost.cpuPerFetch * Double(Self.ukHosts)) : 0
        let memory = hosts >= Self.ukHosts ? "measured with \(hosts) hosts, so it covers \(Self.ukHosts)"
            : "measured with only \(hosts) hosts: run --councils \(Self.ukHosts) to cover \(Self.ukHosts)"
        return [
            "per host (the daemon's cycle.finished ms): unchanged source cycles take \(Format.fixed(median.seconds, 0)) s (median, "
                + "\(median.fetches) fetches), the slowest \(Format.fixed(slowest.seconds, 0)) s for \(slowest.fetches) fetches "
                + "(the spacing alone: \(Format.fixed(floor, 0)) s); \(Format.fixed(slowest.seconds / Self.interval * 100, 1))% of "
                + "a 30-minute interval \(Format.mark(slowest.seconds < Self.interval))",
            "capacity: \(Self.ukHosts) UK ModernGov hosts of this size every 30 minutes: \(Format.fixed(ukCPU, 1)) CPU s a cycle = "
                + "\(Format.fixed(ukCPU / Self.interval * 100, 2))% of one core; peak RSS \(Format.mb(peakRSS)) (\(memory)); "
                + "each host's cycle at most \(Format.fixed(slowest.seconds, 0)) s of its 1,800 s",
            "capacity: per host ≈ \(Format.grouped(Int(pagesByPoliteness))) pages re-read every 30 minutes at this spacing "
                + "(\(Format.fixed(secondsPerFetch, 2)) s a fetch in a host's cycle); one core's CPU allows ≈ "
                + "\(Format.grouped(Int(pagesByCPU))) a host over \(Self.ukHosts) hosts; real councils' response times (loopback "
                + "here) lengthen each host's cycle, not the CPU",
        ]
    }
}

/// Samples a `ProcessProbe` every 200 ms on a thread of its own, off the cooperative pool that
/// serves the corpus (reading /proc for hundreds of sockets is not free).
final class ProbeSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var current = ProcessProbe.Peaks()
    private var running = true
    private var exited = false

    init(_ probe: ProcessProbe) {
        Thread { [self] in
            while lock.withLock({ running }) {
                var peaks = lock.withLock { current }
                let ok = probe.sample(into: &peaks)
                lock.withLock {
                    current = peaks
                    if !ok { exited = true }
                }
                if !ok { return }
                usleep(200_000)
            }
        }.start()
    }

    var peaks: ProcessProbe.Peaks { lock.withLock { current } }
    /// False once a sample found the process gone.
    var alive: Bool { lock.withLock { !exited } }
    func stop() { lock.withLock { running = false } }
}

/// Reads a running process from /proc without disturbing it: CPU, VmHWM, open descriptors and its
/// established TCP connections per remote port.
struct ProcessProbe {
    var pid: pid_t

    struct Peaks {
        var peakRSS = 0
        var maxDescriptors = 0
        var maxPerHost = 0
        var maxConnections = 0
        var samples = 0
    }

    /// One sample into `peaks`; false once the process has gone.
    func sample(into peaks: inout Peaks) -> Bool {
        guard let hwm = ChildProcess.statusFieldKB("/proc/\(pid)/status", "VmHWM:") else { return false }
        peaks.peakRSS = max(peaks.peakRSS, hwm * 1024)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return false }
        peaks.maxDescriptors = max(peaks.maxDescriptors, entries.count)
        var sockets: Set<Substring> = []
        for entry in entries {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(entry)"),
                  target.hasPrefix("socket:[") else { continue }
            sockets.insert(target.dropFirst(8).dropLast())
        }
        // A socket counts once, by its inode: /proc/net/tcp is read in pieces while the kernel's table
        // changes, and then lists one socket more than once (seen: the same inode three times in one read).
        var perPort: [Int: Set<Substring>] = [:]
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = ChildProcess.procFile(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                let fields = line.split(separator: " ")
                guard fields.count > 9, fields[3] == "01", sockets.contains(fields[9]),
                      let colon = fields[2].lastIndex(of: ":"), let port = Int(fields[2][fields[2].index(after: colon)...], radix: 16)
                else { continue }
                perPort[port, default: []].insert(fields[9])
            }
        }
        peaks.maxPerHost = max(peaks.maxPerHost, perPort.values.map(\.count).max() ?? 0)
        peaks.maxConnections = max(peaks.maxConnections, perPort.values.map(\.count).reduce(0, +))
        peaks.samples += 1
        return true
    }

    /// utime + stime so far (/proc/PID/stat fields 14 and 15, in clock ticks).
    func cpuSeconds() -> Double? {
        guard let text = ChildProcess.procFile("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

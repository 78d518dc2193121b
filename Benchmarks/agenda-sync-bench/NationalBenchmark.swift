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
    struct Round {
        var cpu: Double
        var wall: Double
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
        var sites: [SampleCouncilSite] = []
        for council in corpus.councils {
            let site = SampleCouncilSite(testing: council.content)
            _ = try await site.start()
            await site.prerender()
            sites.append(site)
        }
        defer { Task { [sites] in for site in sites { await site.stop() } } }
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
                                         requestSpacing: "\(options.nationalSpacingMS)ms", corpus: corpus, sites: sites)
        Out.line("config:  \(configPath): interval \(Int(options.nationalInterval)) s, request_spacing \(options.nationalSpacingMS) ms, "
            + "one connection per host (the default), meetings within a year re-read every cycle (upcoming_horizon = \"365d\", the most allowed)")

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
            let finished = log.cyclesFinished()
            if finished >= (marks.count + 1) * sites.count {
                let round = Round(cpu: probe.cpuSeconds() ?? 0, wall: Clock.now() - child.start, fetches: log.fetches())
                marks.append(round)
                let peaks = sampler.peaks
                Out.line("  cycle \(marks.count) of every source done: \(Format.fixed(round.wall, 0)) s, CPU so far "
                    + "\(Format.fixed(round.cpu, 1)) s, VmHWM \(Format.mb(peaks.peakRSS)), "
                    + "\(peaks.maxDescriptors) descriptors at most")
            }
            if Clock.now() > deadline { failure = "only \(finished) source cycles in \(Int(deadline - child.start)) s" }
            try await Task.sleep(for: .milliseconds(250))
        }
        sampler.stop()
        let sampled = sampler.peaks
        let (result, errors) = try await ChildProcess.stopDaemon(child, log: log, stderrPath: stderrPath, failure: failure,
                                                                  part: "national")

        // Request spacing per host: the least time between two requests' arrivals at one site.
        var minGap = Double.infinity
        var requests = 0
        for site in sites {
            let times = await site.requests.map(\.time.timeIntervalSinceReferenceDate).sorted()
            requests += times.count
            for (earlier, later) in zip(times, times.dropFirst()) { minGap = min(minGap, later - earlier) }
        }
        let storage = try CycleRunner(binary: binary, prefix: [], configPath: configPath, database: database,
                                      noticesPath: noticesPath, folder: folder, timeout: options.timeout).snapshot()

        Out.line()
        var rows: [[String]] = []
        var previous = Round(cpu: 0, wall: 0, fetches: 0)
        for (index, round) in marks.enumerated() {
            rows.append(["\(index + 1)\(index == 0 ? " (baseline)" : "")", Format.grouped(round.fetches - previous.fetches),
                         Format.fixed(round.cpu - previous.cpu, 2), Format.fixed(round.wall - previous.wall, 0)])
            previous = round
        }
        Out.line(Table.render(["cycle of every source", "fetches", "CPU s", "wall s (to its end)"], rows))
        let unchangedCPU = marks.count > 1 ? (marks.last!.cpu - marks[0].cpu) / Double(marks.count - 1) : 0
        Out.line("peak RSS (VmHWM) \(Format.mb(result.peakRSS)); open descriptors at most \(sampled.maxDescriptors); "
            + "most TCP connections to one host at once \(sampled.maxPerHost) \(Format.mark(sampled.maxPerHost <= 1)) (≤ 1; "
            + "\(sampled.maxConnections) to all hosts at once at most, \(Format.grouped(sampled.samples)) samples)")
        Out.line("request spacing per host: least \(Format.fixed(minGap * 1000, 0)) ms between two requests to one host, "
            + "configured \(options.nationalSpacingMS) ms \(Format.mark(minGap * 1000 >= Double(options.nationalSpacingMS) - 1)); "
            + "\(Format.grouped(requests)) requests served")
        Out.line("database \(Format.mb(storage.databaseBytes)) after \(marks.count) cycles (after a WAL checkpoint); "
            + "\(errors.count) error lines; SIGTERM → exit \(result.exitCode.map(String.init) ?? "signal \(result.signal ?? 0)") "
            + "\(Format.mark(result.exitCode == 0)); CPU in all \(Format.fixed(result.usage.cpu, 1)) s")
        for line in errors.prefix(3) { Out.line("    " + line) }
        // Capacity: CPU seconds per unchanged cycle against the interval, and the politeness-bound wall time
        // of the largest council (its pages one at a time, request_spacing apart).
        let perHost = corpus.councils.map { 1 + $0.content.committees.count + $0.content.meetings.count }.max() ?? 0
        Out.line("capacity: an unchanged cycle of \(sites.count) hosts costs \(Format.fixed(unchangedCPU, 1)) CPU s; at a 30-minute "
            + "interval that is \(Format.fixed(unchangedCPU / 1800 * 100, 2))% of one core; the slowest host needs "
            + "\(perHost) requests × \(options.nationalSpacingMS) ms = \(Format.fixed(Double(perHost * options.nationalSpacingMS) / 1000, 0)) s "
            + "of its 1,800 s")
        if !temporary { Out.line("kept:    \(folder) (config, database, notices, the daemon's log)") }
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
        var perPort: [Int: Int] = [:]
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                let fields = line.split(separator: " ")
                guard fields.count > 9, fields[3] == "01", sockets.contains(fields[9]),
                      let colon = fields[2].lastIndex(of: ":"), let port = Int(fields[2][fields[2].index(after: colon)...], radix: 16)
                else { continue }
                perPort[port, default: 0] += 1
            }
        }
        peaks.maxPerHost = max(peaks.maxPerHost, perPort.values.max() ?? 0)
        peaks.maxConnections = max(peaks.maxConnections, perPort.values.reduce(0, +))
        peaks.samples += 1
        return true
    }

    /// utime + stime so far (/proc/PID/stat fields 14 and 15, in clock ticks).
    func cpuSeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

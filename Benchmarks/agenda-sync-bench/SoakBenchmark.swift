import Foundation
import SampleCouncil
import SampleCouncilTesting
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The daemon over many cycles: the release `agenda-sync run` as a child process, polling a small
/// corpus of several councils every second (every meeting page re-read each cycle), a few meetings
/// changed every `changeEvery` cycles so versions, notices and delivery rounds keep happening. The
/// child's resident set (VmRSS) is read after `warmUp` cycles and again after `cycles`: a daemon
/// whose memory grows with every cycle cannot run for months, so the growth between the two is the
/// figure (target ≤ 2 MB).
enum SoakBenchmark {
    static let warmUp = 100
    static let changeEvery = 100
    /// MB = 10^6 B, as everywhere in the report.
    static let targetGrowth = 2_000_000
    static let councils = 8

    struct Sample {
        var cycles: Int
        var rss: Int
        var seconds: Double
    }

    static func run(_ options: Options) async throws {
        let cycles = options.soakCycles
        Out.heading("Soak: `agenda-sync run` (release) for \(Format.grouped(cycles)) cycles, \(councils) councils every 1 s; "
            + "RSS after \(warmUp) cycles vs after \(Format.grouped(cycles))")
        let binary = try SyncBenchmark.locateBinary(options.agendaSync)
        let folder = try makeTemporaryFolder("agenda-sync-soak")
        defer { try? FileManager.default.removeItem(atPath: folder) }

        var corpus = CorpusGenerator(councils: councils, committeesPerCouncil: 1, meetingsPerCommittee: 4,
                                     seed: options.seed, reference: Date()).generate()
        let sites = try await corpus.serve()
        defer { Task { for site in sites { await site.stop() } } }
        for site in sites { await site.prerender() }

        let configPath = folder + "/agenda-sync.toml"
        try await DaemonConfigFile.write(to: configPath, writer: "--soak", database: folder + "/agenda-sync.sqlite",
                                         noticesPath: folder + "/notices.jsonl", interval: "1s", requestSpacing: "1ms",
                                         corpus: corpus, sites: sites)

        let stderrPath = folder + "/run.stderr.txt"
        let child = try ChildProcess.spawn([binary, "run", "--config", configPath, "--log-level", "info"],
                                           stdout: folder + "/run.stdout.txt", stderr: stderrPath)
        let log = LogCounter(path: stderrPath)
        var samples: [Sample] = []
        var changes = 0
        var failure: String?
        // Bounded: a daemon that stops cycling (or dies) ends the soak with a message, not a hang.
        let deadline = Clock.now() + max(600, Double(cycles) * 1.5)
        var nextMark = warmUp
        var nextChange = changeEvery
        while failure == nil, nextMark <= cycles {
            let count = log.cyclesFinished()
            if count >= nextChange {
                changes += corpus.mutate(fraction: 0.05, seed: options.seed &+ UInt64(nextChange)).count
                for (index, site) in sites.enumerated() {
                    await site.replaceContent(corpus.councils[index].content)
                    await site.prerender()
                }
                nextChange += changeEvery
            }
            if count >= nextMark {
                guard let rss = child.residentBytes else { failure = "the daemon exited"; break }
                samples.append(Sample(cycles: count, rss: rss, seconds: Clock.now() - child.start))
                Out.line("  \(Format.grouped(count)) cycles, \(Format.fixed(Clock.now() - child.start, 0)) s: RSS \(Format.mb(rss))")
                nextMark = nextMark == warmUp ? 250 : nextMark + 250
                if nextMark > cycles, samples.last.map({ $0.cycles < cycles }) ?? true { nextMark = cycles }
            }
            if child.residentBytes == nil { failure = "the daemon exited after \(count) cycles" }
            if Clock.now() > deadline { failure = "only \(count) cycles in \(Int(deadline - child.start)) s" }
            try await Task.sleep(for: .milliseconds(100))
        }
        let (result, errors) = try await ChildProcess.stopDaemon(child, log: log, stderrPath: stderrPath, failure: failure,
                                                                  part: "soak")
        guard let first = samples.first, let last = samples.last else { throw BenchError("soak: no samples") }
        let growth = last.rss - first.rss
        let perCycle = Double(growth) / Double(max(1, last.cycles - first.cycles))
        Out.line("RSS after \(Format.grouped(first.cycles)) cycles \(Format.mb(first.rss)), after \(Format.grouped(last.cycles)) "
            + "\(Format.mb(last.rss)): growth \(Format.delta(growth)) (\(Format.fixed(perCycle / 1000, 2)) KB per cycle), "
            + "target ≤ \(Format.mb(targetGrowth)) \(Format.mark(growth <= targetGrowth))")
        Out.line("  \(changes) meetings changed along the way, \(noticeLines(folder + "/notices.jsonl")) notices delivered; "
            + "\(errors.count) error lines; SIGTERM → exit \(result.exitCode.map(String.init) ?? "signal \(result.signal ?? 0)") "
            + "\(Format.mark(result.exitCode == 0)); peak RSS \(Format.mb(result.peakRSS))")
        for line in errors.prefix(3) { Out.line("    " + line) }
    }

    private static func noticeLines(_ path: String) -> Int {
        (FileManager.default.contents(atPath: path) ?? Data()).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}

/// Reads the daemon's log file as it grows: counts its `cycle.finished` lines, keeps its error
/// lines (priority err or worse) and the last few lines.
final class LogCounter {
    let path: String
    private var offset = 0
    private var partial = ""
    private var errors: [String] = []
    private var recent: [String] = []
    private var finished = 0
    private var fetched = 0

    init(path: String) {
        self.path = path
    }

    func cyclesFinished() -> Int {
        readNew()
        return finished
    }

    /// The sum of the `fetches=` of every `cycle.finished` line so far.
    func fetches() -> Int {
        readNew()
        return fetched
    }

    func errorLines() -> [String] {
        readNew()
        return errors
    }

    func tail(_ count: Int) -> [String] {
        readNew()
        return Array(recent.suffix(count))
    }

    private func readNew() {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return }
        offset += data.count
        var lines = (partial + String(decoding: data, as: UTF8.self)).split(separator: "\n", omittingEmptySubsequences: false)
        partial = String(lines.removeLast())
        for line in lines where !line.isEmpty {
            if line.contains("cycle.finished") {
                finished += 1
                if let range = line.range(of: " fetches="), let count = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                    fetched += count
                }
            }
            if ["<0>", "<1>", "<2>", "<3>"].contains(where: line.hasPrefix) { errors.append(String(line)) }
            recent.append(String(line))
            if recent.count > 20 { recent.removeFirst(recent.count - 20) }
        }
    }
}

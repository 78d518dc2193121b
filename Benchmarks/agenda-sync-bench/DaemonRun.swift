import Foundation
import SampleCouncil
import SampleCouncilTesting
#if canImport(Glibc)
import Glibc
#endif

/// The config the daemon runs of the benchmark (`--soak`, `--national`) are given: every council of
/// the corpus a source at its site, the pages of meetings within a year re-read every poll, one
/// JSON Lines subscription.
enum DaemonConfigFile {
    static func write(to path: String, writer: String, database: String, noticesPath: String, interval: String,
                      requestSpacing: String, maxConcurrentCycles: Int? = nil, corpus: Corpus,
                      sites: [SampleCouncilSite]) async throws {
        var toml = """
            # Written by agenda-sync-bench \(writer).
            [daemon]
            database   = \(SyncBenchmark.quoted(database))
            user_agent = "agenda-sync-bench/1.0 (+mailto:bench@example.invalid)"
            interval   = "\(interval)"
            window     = { past = "3650d", future = "3650d" }
            request_spacing = "\(requestSpacing)"

            """
        if let maxConcurrentCycles { toml += "max_concurrent_cycles = \(maxConcurrentCycles)\n" }
        for (index, council) in corpus.councils.enumerated() {
            let base = await sites[index].baseURL?.absoluteString ?? ""
            toml += """

                [[source]]
                id       = \(SyncBenchmark.quoted(council.sourceID))
                name     = \(SyncBenchmark.quoted(council.name))
                base_url = \(SyncBenchmark.quoted(base))
                upcoming_horizon = "365d"

                """
        }
        toml += """

            [[subscription]]
            id      = "all"
            channel = "file"
            path    = \(SyncBenchmark.quoted(noticesPath))

            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
    }
}

extension ChildProcess {
    /// Ends a daemon run of the benchmark: SIGTERM, reaped; on `failure`, the failure and the log's
    /// last lines are printed and thrown (as "`part`: failure"). Returns how it ended and its error lines.
    static func stopDaemon(_ child: SpawnedChild, log: LogCounter, stderrPath: String, failure: String?,
                           part: String) async throws -> (ChildResult, errors: [String]) {
        kill(child.pid, SIGTERM)
        let result = await ChildProcess.wait(child)
        let errors = log.errorLines()
        if let failure {
            Out.line("  ✗ \(failure); stderr: \(stderrPath)")
            for line in log.tail(6) { Out.line("    " + line) }
            throw BenchError("\(part): \(failure)")
        }
        return (result, errors)
    }
}

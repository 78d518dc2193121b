import Foundation

/// After the cycles: the same corpus, unchanged, for `cycles` more `sync`s with a 1 s
/// `log_retention` and `outbox_retention` (each `sync` runs a retention pass): how many bytes the
/// database file grows by once retention has caught up (quiet cycles' summaries collapsed, their
/// fetches removed), over all of them and over the second half.
enum RetentionBenchmark {
    static func run(runner: CycleRunner, toml: String, cycles: Int) async throws {
        let short = toml.replacingOccurrences(of: "[daemon]\n", with: "[daemon]\nlog_retention = \"1s\"\noutbox_retention = \"1s\"\n")
        try Data(short.utf8).write(to: URL(fileURLWithPath: runner.configPath))
        Out.line()
        Out.line("running: \(cycles) unchanged cycles with log_retention = outbox_retention = \"1s\" …")
        // The first pass removes what the earlier cycles left; growth is measured from there.
        let first = try await runner.cycle("retention 1")
        var last = first
        var failed = first.succeeded ? 0 : 1
        // The steady state: the second half of the cycles, once the earlier cycles' summaries have
        // been collapsed too (the issue's figure: it should read +0 B).
        let steadyFrom = max(2, cycles) / 2
        var steady = first
        for index in 2...max(2, cycles) {
            last = try await runner.cycle("retention \(index)")
            if !last.succeeded { failed += 1 }
            if index == steadyFrom { steady = last }
        }
        let growth = last.after.databaseBytes - first.after.databaseBytes
        let log = ["sync_runs", "fetch_packs", "fetch_log", "fetch_urls"]
        let tables = log.map { name in
            "\(name) \(Format.delta((last.after.tableBytes[name] ?? 0) - (first.after.tableBytes[name] ?? 0)))"
        }
        Out.line("retention: database \(Format.mb(first.after.databaseBytes, 2)) after the first pass → "
            + "\(Format.mb(last.after.databaseBytes, 2)) after \(max(2, cycles) - 1) more unchanged cycles: "
            + "\(Format.delta(growth)) (\(Format.grouped(growth / max(1, max(2, cycles) - 1))) B per cycle); "
            + tables.joined(separator: ", ") + "; fetch rows kept \(last.after.counts["fetch_packs"] ?? 0) packed cycles + "
            + "\(last.after.counts["fetch_log"] ?? 0) full rows, \(last.after.counts["sync_runs"] ?? 0) cycle summaries; cycles failed \(failed)")
        Out.line("retention: database over the last \(max(2, cycles) - steadyFrom) unchanged cycles: "
            + "\(Format.delta(last.after.databaseBytes - steady.after.databaseBytes))")
    }
}

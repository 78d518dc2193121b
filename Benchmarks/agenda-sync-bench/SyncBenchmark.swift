import AgendaDiff
import AgendaModel
import AgendaStore
import AgendaSync
import Foundation
import GRDB
import SampleCouncil
import SampleCouncilTesting

/// The database and notices file between cycles.
struct StorageSnapshot {
    /// The database file after `PRAGMA wal_checkpoint(TRUNCATE)`: what the data occupies.
    var databaseBytes = 0
    /// As the child left them, before the checkpoint.
    var leftMain = 0
    var leftWAL = 0
    var noticesBytes = 0
    var counts: [String: Int] = [:]
    var tableBytes: [String: Int] = [:]

    var storedBytes: Int { databaseBytes + noticesBytes }
}

/// One `agenda-sync sync` run and what it changed.
struct CycleResult {
    var name: String
    var child: ChildResult
    /// CPU this process spent meanwhile (serving the corpus): context only, not part of the figures.
    var serverCPU: Double
    var report: SyncReport?
    var before: StorageSnapshot
    var after: StorageSnapshot
    var noticeLines: Int
    var notices: [Notice]
    var stderrTail: String

    var fetches: Int { report?.sources.reduce(0) { $0 + $1.fetches } ?? 0 }
    var failures: Int { report?.sources.reduce(0) { $0 + $1.failures } ?? 0 }
    var fetchedBytes: Int { report?.sources.reduce(0) { $0 + $1.bytes } ?? 0 }
    var versions: Int { report?.sources.reduce(0) { $0 + $1.versionsWritten } ?? 0 }
    var reportedNotices: Int { report?.sources.reduce(0) { $0 + $1.noticesWritten } ?? 0 }
    var succeeded: Bool { child.exitCode == 0 && (report?.succeeded ?? false) }

    var rowDeltas: [(table: String, delta: Int)] {
        Set(before.counts.keys).union(after.counts.keys).sorted().compactMap { table in
            let delta = (after.counts[table] ?? 0) - (before.counts[table] ?? 0)
            return delta == 0 ? nil : (table, delta)
        }
    }

    var rowsWritten: Int { rowDeltas.reduce(0) { $0 + $1.delta } }

    var byteDeltas: [(name: String, delta: Int)] {
        Set(before.tableBytes.keys).union(after.tableBytes.keys).sorted().compactMap { name in
            let delta = (after.tableBytes[name] ?? 0) - (before.tableBytes[name] ?? 0)
            return delta == 0 ? nil : (name, delta)
        }
    }

    var storageDelta: Int { after.storedBytes - before.storedBytes }
}

/// What the changed cycle was checked against.
struct ChangeCheck {
    var changed: Int
    var notices: Int
    /// Changed meetings with exactly one notice.
    var oneEach: Int
    /// Notices for meetings that did not change.
    var spurious: Int
    /// Notices whose changes include the kind the mutation should produce.
    var kindsMatch: Int
    /// Notices with at least one typed change.
    var typed: Int
    var problems: [String]

    var exact: Bool { notices == changed && oneEach == changed && spurious == 0 }
    var ok: Bool { exact && kindsMatch == changed }
}

struct SyncSummary {
    var councils: Int
    var urls: Int
    var meetings: Int
    var corpusBytes: Int
    var baseline: CycleResult
    var unchanged: [CycleResult]
    var changed: CycleResult
    var check: ChangeCheck
    /// urlwatch's figures on the same corpus, measured in this run (nil when not asked for).
    var urlwatch: UrlwatchBenchmark.Figures?

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    var unchangedCPU: Double { median(unchanged.map(\.child.usage.cpu)) }
    var unchangedRSS: Int { Int(median(unchanged.map { Double($0.child.peakRSS) })) }
    var unchangedWall: Double { median(unchanged.map(\.child.wall)) }
    /// The largest storage growth of any unchanged cycle.
    var unchangedGrowth: Int { unchanged.map(\.storageDelta).max() ?? 0 }
}

enum SyncBenchmark {
    static func run(_ options: Options) async throws -> SyncSummary {
        let binary = try locateBinary(options.agendaSync)
        let (folder, temporary) = try prepareFolder(options.keep)
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }

        Out.heading("Sync cycles: the release agenda-sync binary as a child process, corpus served from this process on 127.0.0.1")
        Out.line("binary:  \(binary)")
        Out.line("folder:  \(folder)\(temporary ? " (removed at exit; --keep DIR to keep it)" : "")")

        // The corpus, one site per council.
        let generateStart = Clock.now()
        var corpus = CorpusGenerator(councils: options.councils, committeesPerCouncil: options.committees,
                                     meetingsPerCommittee: options.meetings, seed: options.seed, reference: Date()).generate()
        let generated = Clock.now() - generateStart
        let sites = try await corpus.serve()
        defer { Task { for site in sites { await site.stop() } } }
        var pageSizes: [Int] = []
        var meetingPageSizes: [Int] = []
        for site in sites {
            await site.prerender()
            pageSizes.append(await site.page(for: .committeeStructure)?.utf8.count ?? 0)
            let content = await site.content
            for committee in content.committees {
                pageSizes.append(await site.page(for: .meetingList(committee: committee.id))?.utf8.count ?? 0)
            }
            for meeting in content.meetings {
                let size = await site.page(for: .meeting(committee: meeting.committee.id, meeting: meeting.id.number))?.utf8.count ?? 0
                pageSizes.append(size)
                meetingPageSizes.append(size)
            }
        }
        let corpusBytes = pageSizes.reduce(0, +)
        Out.line("corpus:  \(corpus.councils.count) councils × \(options.committees) committees × \(options.meetings) meetings = "
            + "\(Format.grouped(corpus.urlCount)) URLs (\(Format.grouped(corpus.meetingCount)) meeting pages), "
            + "\(Format.mb(corpusBytes)); meeting pages \(Format.fixed(Double(meetingPageSizes.min() ?? 0) / 1e3, 1))–"
            + "\(Format.fixed(Double(meetingPageSizes.max() ?? 0) / 1e3, 1)) KB; no validators; seed \(options.seed); "
            + "generated in \(Format.fixed(generated, 1)) s")
        var ports: [String] = []
        for site in sites { if let port = await site.baseURL?.port { ports.append(String(port)) } }
        Out.line("served:  \(sites.count) sites on 127.0.0.1, ports \(ports.joined(separator: ","))")

        // The config: every council a source, one file subscription, a window that holds every meeting.
        let database = folder + "/agenda-sync.sqlite"
        let noticesPath = folder + "/notices.jsonl"
        let configPath = folder + "/agenda-sync.toml"
        var toml = """
            # Written by agenda-sync-bench.
            [daemon]
            database   = \(quoted(database))
            user_agent = "agenda-sync-bench/1.0 (+mailto:bench@example.invalid)"
            interval   = "30m"
            window     = { past = "3650d", future = "3650d" }
            # The corpus is local: a polite 1 s spacing would only stretch the wall time (CPU is what compares).
            request_spacing = "1ms"

            """
        for (index, council) in corpus.councils.enumerated() {
            let base = await sites[index].baseURL?.absoluteString ?? ""
            toml += """

                [[source]]
                id       = \(quoted(council.sourceID))
                name     = \(quoted(council.name))
                base_url = \(quoted(base))

                """
        }
        toml += """

            [[subscription]]
            id      = "all"
            channel = "file"
            path    = \(quoted(noticesPath))

            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: configPath))
        Out.line("config:  \(configPath)")

        let runner = CycleRunner(binary: binary, prefix: options.childPrefix, configPath: configPath, database: database,
                                 noticesPath: noticesPath, folder: folder, timeout: options.timeout)

        Out.line()
        Out.line("running: baseline …")
        let baseline = try await runner.cycle("baseline")
        var unchanged: [CycleResult] = []
        for index in 1...options.unchanged {
            let name = options.unchanged == 1 ? "unchanged" : "unchanged \(index)"
            Out.line("running: \(name) …")
            unchanged.append(try await runner.cycle(name))
        }

        var urlwatch: UrlwatchBenchmark.Figures?
        if let path = try UrlwatchBenchmark.binary(options) {
            urlwatch = try await UrlwatchBenchmark.run(binary: path, sites: sites, folder: folder, timeout: options.timeout)
        }

        let changes = corpus.mutate(fraction: 0.05, seed: options.seed)
        for (index, site) in sites.enumerated() {
            await site.replaceContent(corpus.councils[index].content)
            await site.prerender()
        }
        Out.line("running: 5% changed (\(changes.count) meetings: "
            + CorpusChange.Kind.allCases.map { kind in "\(changes.filter { $0.kind == kind }.count) \(kind.rawValue)" }
                .joined(separator: ", ") + ") …")
        let changed = try await runner.cycle("5% changed")

        let all = [baseline] + unchanged + [changed]
        for cycle in all where !cycle.succeeded {
            Out.line("  ✗ \(cycle.name): exit \(cycle.child.exitCode.map(String.init) ?? "signal \(cycle.child.signal ?? 0)")"
                + (cycle.child.timedOut ? " (killed after \(Int(options.timeout)) s)" : "")
                + (cycle.report == nil ? ", no JSON report" : ", report outcome not ok"))
            if !cycle.stderrTail.isEmpty { Out.line("    stderr: " + cycle.stderrTail.replacingOccurrences(of: "\n", with: "\n    ")) }
            for source in cycle.report?.sources ?? [] where source.outcome != .ok {
                Out.line("    \(source.source): \(source.outcome.rawValue), \(source.failures) failed fetch(es) \(source.error ?? "")")
            }
        }

        let check = checkChanges(changes, changed.notices)
        let summary = SyncSummary(councils: corpus.councils.count, urls: corpus.urlCount, meetings: corpus.meetingCount,
                                  corpusBytes: corpusBytes, baseline: baseline, unchanged: unchanged, changed: changed, check: check,
                                  urlwatch: urlwatch)
        printCycles(summary)
        if options.retentionCycles > 0 {
            try await RetentionBenchmark.run(runner: runner, toml: toml, cycles: options.retentionCycles)
        }
        if !temporary { Out.line("kept:    \(folder) (config, database, notices, each cycle's stdout/stderr)") }
        return summary
    }

    // MARK: checks

    static func checkChanges(_ changes: [CorpusChange], _ notices: [Notice]) -> ChangeCheck {
        let expected = Dictionary(changes.map { ($0.meeting, $0) }, uniquingKeysWith: { first, _ in first })
        let byMeeting = Dictionary(grouping: notices, by: \.meeting.id)
        var problems: [String] = []
        var oneEach = 0
        var kindsMatch = 0
        for change in changes {
            let found = byMeeting[change.meeting] ?? []
            if found.count == 1 { oneEach += 1 } else {
                problems.append("\(change.meeting) (\(change.summary)): \(found.count) notices")
            }
            if let notice = found.first {
                if notice.changes.contains(where: { $0.kind == change.expected }) { kindsMatch += 1 } else {
                    problems.append("\(change.meeting) (\(change.summary)): expected \(change.expected.rawValue), got "
                        + notice.changes.map(\.kind.rawValue).joined(separator: ", "))
                }
            }
        }
        let spurious = notices.filter { expected[$0.meeting.id] == nil }
        for notice in spurious.prefix(10) {
            problems.append("\(notice.meeting.id) did not change but got a notice: "
                + notice.changes.map(\.kind.rawValue).joined(separator: ", "))
        }
        return ChangeCheck(changed: changes.count, notices: notices.count, oneEach: oneEach, spurious: spurious.count,
                           kindsMatch: kindsMatch, typed: notices.filter { !$0.changes.isEmpty }.count, problems: problems)
    }

    // MARK: output

    static func printCycles(_ summary: SyncSummary) {
        let all = [summary.baseline] + summary.unchanged + [summary.changed]
        Out.line()
        Out.line(Table.render(
            ["cycle", "wall s", "CPU s", "user", "sys", "peak RSS", "fetches", "fetched", "versions", "notices",
             "rows +", "DB size", "stored +", "disk writes", "server CPU s", "(ru_maxrss)"],
            all.map { c in
                [c.name, Format.fixed(c.child.wall, 2), Format.fixed(c.child.usage.cpu, 3), Format.fixed(c.child.usage.user, 2),
                 Format.fixed(c.child.usage.system, 2), Format.mb(c.child.peakRSS), Format.grouped(c.fetches),
                 Format.mb(c.fetchedBytes), Format.grouped(c.versions), Format.grouped(c.noticeLines),
                 Format.grouped(c.rowsWritten), Format.mb(c.after.databaseBytes, 2), Format.delta(c.storageDelta),
                 Format.mb(c.child.usage.outBlocks * 512), Format.fixed(c.serverCPU, 2), "(" + Format.mb(c.child.usage.maxRSS) + ")"]
            }))
        Out.line("  CPU = user + sys of the child (wait4); peak RSS = the child's VmHWM (not wait4's ru_maxrss, which")
        Out.line("  includes this process's memory through posix_spawn's vfork); MB = 10^6 B; rows + = rows added to the")
        Out.line("  database; DB size after PRAGMA wal_checkpoint(TRUNCATE); stored + = growth of database + notices file;")
        Out.line("  disk writes = the child's ru_oublock × 512 B (WAL, fsyncs); server CPU = this process serving the pages;")
        Out.line("  (ru_maxrss) = what wait4 reports, shown only to make that inflation visible.")

        Out.line()
        Out.line("what each cycle wrote (rows by table; bytes by table and index, from SQLite's dbstat):")
        for c in all {
            let rows = c.rowDeltas.map { "\($0.table) +\(Format.grouped($0.delta))" }.joined(separator: ", ")
            let sorted = c.byteDeltas.sorted { $0.delta > $1.delta }
            var bytes = sorted.prefix(6).map { "\($0.name) \(Format.delta($0.delta))" }.joined(separator: ", ")
            if sorted.count > 6 {
                bytes += ", \(sorted.count - 6) more \(Format.delta(sorted.dropFirst(6).reduce(0) { $0 + $1.delta }))"
            }
            Out.line("  \(c.name): rows \(rows.isEmpty ? "none" : rows)")
            Out.line("  \(String(repeating: " ", count: c.name.count))  bytes \(bytes.isEmpty ? "none" : bytes)"
                + (c.after.noticesBytes != c.before.noticesBytes ? "; notices file \(Format.delta(c.after.noticesBytes - c.before.noticesBytes))" : ""))
        }
        let left = summary.changed.after
        Out.line("  database as the last child left it: main \(Format.mb(left.leftMain, 2)) + WAL \(Format.mb(left.leftWAL, 2))")

        let check = summary.check
        Out.line()
        Out.line("5% changed: \(check.changed) meetings changed → \(check.notices) notices "
            + "(\(check.oneEach) changed meetings with exactly one, \(check.spurious) for unchanged meetings) \(Format.mark(check.exact)); "
            + "expected change kind in \(check.kindsMatch)/\(check.changed) \(Format.mark(check.kindsMatch == check.changed)); "
            + "typed \(check.typed)/\(check.notices)")
        var kinds: [String: Int] = [:]
        for notice in summary.changed.notices { for change in notice.changes { kinds[change.kind.rawValue, default: 0] += 1 } }
        if !kinds.isEmpty {
            Out.line("  change kinds in the notices: " + kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for problem in check.problems.prefix(12) { Out.line("  ✗ " + problem) }
        if check.problems.count > 12 { Out.line("  … and \(check.problems.count - 12) more") }
    }

    // MARK: setup

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `--agenda-sync PATH`, else `agenda-sync` beside this executable (both come out of one `swift build -c release`).
    static func locateBinary(_ explicit: String?) throws -> String {
        let path: String
        if let explicit {
            path = explicit
        } else {
            let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            path = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("agenda-sync").path
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("""
                no agenda-sync binary at \(path). Build it in release beside this benchmark, e.g.
                  swift build -c release --product agenda-sync && swift build -c release --product agenda-sync-bench
                or pass --agenda-sync PATH
                """)
        }
        return path
    }

    static func prepareFolder(_ keep: String?) throws -> (String, temporary: Bool) {
        let manager = FileManager.default
        if let keep {
            let folder = URL(fileURLWithPath: keep).standardizedFileURL.path
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if manager.fileExists(atPath: folder + "/agenda-sync.sqlite") {
                throw BenchError("\(folder) already holds agenda-sync.sqlite: the first cycle must be a baseline; use an empty folder")
            }
            try? manager.removeItem(atPath: folder + "/notices.jsonl")
            return (folder, false)
        }
        let folder = manager.temporaryDirectory.appendingPathComponent("agenda-sync-bench-\(UUID().uuidString.prefix(8).lowercased())").path
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder, true)
    }
}

/// Runs one cycle of the child and measures the database around it.
struct CycleRunner {
    var binary: String
    var prefix: [String]
    var configPath: String
    var database: String
    var noticesPath: String
    var folder: String
    var timeout: Double

    func cycle(_ name: String) async throws -> CycleResult {
        let before = try snapshot()
        let slug = name.replacingOccurrences(of: "%", with: "pct").replacingOccurrences(of: " ", with: "-")
        let stdoutPath = folder + "/cycle-\(slug).stdout.json"
        let stderrPath = folder + "/cycle-\(slug).stderr.txt"
        let selfBefore = Usage.current()
        let child = try await ChildProcess.run(prefix + [binary, "sync", "--config", configPath, "--json"],
                                               stdout: stdoutPath, stderr: stderrPath, timeout: timeout)
        let serverCPU = Usage.current().cpu - selfBefore.cpu
        let report = (try? Data(contentsOf: URL(fileURLWithPath: stdoutPath))).flatMap { try? JSONDecoder().decode(SyncReport.self, from: $0) }
        let after = try snapshot()

        var noticeLines = 0
        var notices: [Notice] = []
        if let data = FileManager.default.contents(atPath: noticesPath), data.count > before.noticesBytes {
            for line in data[before.noticesBytes...].split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                noticeLines += 1
                if let notice = try? NoticeJSON.decode(Array(line)) { notices.append(notice) }
            }
        }
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        let tail = stderr.split(separator: "\n").suffix(6).joined(separator: "\n")
        return CycleResult(name: name, child: child, serverCPU: serverCPU, report: report, before: before, after: after,
                           noticeLines: noticeLines, notices: notices, stderrTail: tail)
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Sizes as the child left them, then a checkpoint (so the main file holds everything) and the
    /// row counts and per-table bytes.
    func snapshot() throws -> StorageSnapshot {
        var snapshot = StorageSnapshot()
        snapshot.noticesBytes = fileSize(noticesPath)
        guard FileManager.default.fileExists(atPath: database) else { return snapshot }
        snapshot.leftMain = fileSize(database)
        snapshot.leftWAL = fileSize(database + "-wal")
        // Tables that AgendaStore.tableCounts() does not list yet (added by later migrations) are counted here.
        var otherCounts: [String: Int] = [:]
        do {
            let queue = try DatabaseQueue(path: database)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    """)
                for table in tables {
                    otherCounts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
                }
            }
            try queue.close()
        }
        do {
            let store = try AgendaStore(path: database)
            snapshot.counts = try store.tableCounts()
            snapshot.tableBytes = try store.tableBytes()
        }
        for (table, count) in otherCounts where snapshot.counts[table] == nil { snapshot.counts[table] = count }
        snapshot.databaseBytes = fileSize(database)
        return snapshot
    }
}

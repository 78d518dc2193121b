import Foundation

/// The comparison with the tools users would otherwise run, and the summary block for a closing note.
///
/// The targets are docs/performance.md's: ratios to urlwatch measured in the same run on the same
/// corpus (`cycles`), extraction at least lxml+XPath's speed on the same pages in the same run
/// (`LxmlComparison`), and two absolute bounds below. The peers' columns of `comparison` are figures
/// recorded when the project began (same 1,110-URL, 56 MB corpus, another 2-core machine): context,
/// not measured here, so no target is judged against them.
enum Report {
    enum Target {
        /// Peak RSS of an unchanged `sync`.
        static let unchangedRSS = 34_000_000
        /// Bytes the sync log may add per unchanged cycle of the 1,110-URL corpus.
        static let unchangedGrowth = 16_000
    }

    struct Extraction {
        /// The headline: the real meeting pages, round-robin (or the single one).
        var fixtures: ExtractionBenchmark.Result?
        var list: ExtractionBenchmark.Result?
        var corpus: ExtractionBenchmark.Result?
    }

    static func comparison(extraction: Extraction?, sync: SyncSummary?) {
        Out.heading("Beside the peers' figures recorded when the project began (not measured in this run)")
        var rows: [[String]] = []
        var notes: [String] = []
        if let sync {
            if sync.urls != 1_110 {
                notes.append("the corpus here has \(Format.grouped(sync.urls)) URLs, the peers' figures are for 1,110: compare with care")
            }
            rows.append(["unchanged cycle, CPU seconds", Format.fixed(sync.unchangedCPU, 3), "2.23", "32.1"])
            rows.append(["unchanged cycle, peak RSS", Format.mb(sync.unchangedRSS), "168 MB", "101 MB"])
            rows.append(["unchanged cycle, wall", Format.fixed(sync.unchangedWall, 2) + " s", "—", "—"])
            rows.append(["storage after the first cycle", Format.mb(sync.baseline.after.databaseBytes), "57 MB", "24 MB"])
            rows.append(["storage per unchanged cycle", Format.delta(sync.unchangedGrowth), "—", "—"])
            let check = sync.check
            rows.append(["\(check.changed) meetings changed", "\(check.notices) notices, \(check.typed) typed",
                         "71 untyped page diffs", "71 untyped"])
            rows.append(["5%-changed cycle, CPU seconds / peak RSS",
                         Format.fixed(sync.changed.child.usage.cpu, 3) + " / " + Format.mb(sync.changed.child.peakRSS), "—", "—"])
        }
        if let result = extraction?.fixtures {
            rows.append(["extraction, real meeting pages", Format.fixed(result.mbPerCPUSecond, 1) + " MB/CPU-s",
                         "lxml+XPath 88 MB/s", "selectolax 112, BS4 6"])
        }
        if let result = extraction?.corpus {
            rows.append(["extraction, generated corpus pages", Format.fixed(result.mbPerCPUSecond, 1) + " MB/CPU-s", "—", ""])
        }
        Out.line(Table.render(["figure", "agenda-sync", "urlwatch 2.29", "changedetection.io 0.60"], rows))
        Out.line("  the targets are judged against peers measured in this run: lxml+XPath in the extraction table, urlwatch below")
        for note in notes { Out.line("  note: " + note) }
        if let sync { cycles(sync) }
    }

    /// Our cycle figures beside urlwatch's measured in this run on the same corpus, with the ratios
    /// (urlwatch's figure over ours: how many times less we use) and the ratios issue 14 asks for.
    static func cycles(_ sync: SyncSummary) {
        Out.line()
        guard let peer = sync.urlwatch else {
            Out.line("  urlwatch not measured in this run (--urlwatch PATH or URLWATCH=PATH): no ratio to judge; the peer "
                + "columns above are figures from when the project began")
            return
        }
        Out.line("  the same corpus, this run: agenda-sync beside \(peer.version) (one url job per page, its default configuration)")
        func ratio(_ ours: Double, _ theirs: Double, target: Double) -> [String] {
            guard ours > 0 else { return ["—", "≥ \(Format.fixed(target, 0))× less", ""] }
            let value = theirs / ours
            return [Format.fixed(value, 1) + "× less", "≥ \(Format.fixed(target, 0))× less", Format.mark(value >= target)]
        }
        let ours = sync.baseline.child.usage.cpu, unchanged = sync.unchangedCPU
        let growth = sync.unchangedGrowth, peerGrowth = peer.storageAfterUnchanged - peer.storageAfterBaseline
        let rows: [[String]] = [
            ["baseline CPU s", Format.fixed(ours, 2), Format.fixed(peer.baseline.usage.cpu, 2)]
                + ratio(ours, peer.baseline.usage.cpu, target: 2),
            ["unchanged CPU s", Format.fixed(unchanged, 3), Format.fixed(peer.unchanged.usage.cpu, 2)]
                + ratio(unchanged, peer.unchanged.usage.cpu, target: 10),
            ["unchanged peak RSS", Format.mb(sync.unchangedRSS), Format.mb(peer.unchanged.peakRSS)]
                + ratio(Double(sync.unchangedRSS), Double(peer.unchanged.peakRSS), target: 5),
            ["storage after baseline", Format.mb(sync.baseline.after.storedBytes), Format.mb(peer.storageAfterBaseline)]
                + ratio(Double(sync.baseline.after.storedBytes), Double(peer.storageAfterBaseline), target: 4),
            ["storage per unchanged cycle", Format.delta(growth), Format.delta(peerGrowth), "",
             "≤ \(Format.delta(Target.unchangedGrowth).dropFirst())", Format.mark(growth <= Target.unchangedGrowth)],
        ]
        Out.line(Table.render(["cycle", "agenda-sync", "urlwatch", "ratio", "target", ""], rows))
        Out.line("  both as child processes of this benchmark: CPU = user + sys (wait4), peak RSS = VmHWM; storage: our "
            + "database + notices file, urlwatch's cache database")
    }

    static func summary(options: Options, extraction: Extraction?, sync: SyncSummary?) {
        var lines: [String] = []
        let date = ISO8601DateFormatter().string(from: Date())
        let cores = ProcessInfo.processInfo.activeProcessorCount
        lines.append("agenda-sync-bench \(date), \(cores) cores, load average \(LoadAverage.text) at start, seed \(options.seed)")
        if let extraction {
            var parts: [String] = []
            if let r = extraction.fixtures {
                parts.append("real meeting pages \(Format.fixed(r.mbPerSecond, 1)) MB/s (\(Format.fixed(r.pagesPerSecond, 0)) pages/s, "
                    + "\(Format.fixed(r.mbPerCPUSecond, 1)) MB/CPU-s)")
            }
            if let r = extraction.corpus { parts.append("corpus pages \(Format.fixed(r.mbPerSecond, 1)) MB/s") }
            if let r = extraction.list { parts.append("meetings list \(Format.fixed(r.mbPerSecond, 1)) MB/s") }
            if !parts.isEmpty { lines.append("extraction:  " + parts.joined(separator: "; ")) }
        }
        if let sync {
            lines.append("corpus:      \(sync.councils) councils, \(Format.grouped(sync.urls)) URLs, \(Format.grouped(sync.meetings)) meetings, "
                + "\(Format.mb(sync.corpusBytes)), 127.0.0.1, no validators")
            let b = sync.baseline
            lines.append("baseline:    wall \(Format.fixed(b.child.wall, 2)) s, CPU \(Format.fixed(b.child.usage.cpu, 2)) s, "
                + "RSS \(Format.mb(b.child.peakRSS)), \(Format.grouped(b.versions)) versions, \(b.noticeLines) notices, "
                + "DB \(Format.mb(b.after.databaseBytes, 2))")
            let runs = sync.unchanged.count > 1 ? " (median of \(sync.unchanged.count))" : ""
            lines.append("unchanged:" + (runs.isEmpty ? "   " : runs + " ") + "wall \(Format.fixed(sync.unchangedWall, 2)) s, "
                + "CPU \(Format.fixed(sync.unchangedCPU, 3)) s, "
                + "RSS \(Format.mb(sync.unchangedRSS)) \(Format.mark(sync.unchangedRSS <= Target.unchangedRSS)) ≤ 34 MB, "
                + "stored \(Format.delta(sync.unchangedGrowth)) \(Format.mark(sync.unchangedGrowth <= Target.unchangedGrowth)) "
                + "≤ \(Format.delta(Target.unchangedGrowth).dropFirst()), "
                + "rows +\(Format.grouped(sync.unchanged.map(\.rowsWritten).max() ?? 0))")
            let c = sync.changed
            lines.append("5% changed:  \(sync.check.changed) meetings → \(sync.check.notices) notices \(Format.mark(sync.check.exact)), "
                + "kinds \(sync.check.kindsMatch)/\(sync.check.changed) \(Format.mark(sync.check.kindsMatch == sync.check.changed)); "
                + "wall \(Format.fixed(c.child.wall, 2)) s, CPU \(Format.fixed(c.child.usage.cpu, 3)) s, RSS \(Format.mb(c.child.peakRSS)), "
                + "stored \(Format.delta(c.storageDelta)), rows +\(Format.grouped(c.rowsWritten))")
            if let peer = sync.urlwatch {
                lines.append("urlwatch:    \(peer.version) this run: baseline CPU \(Format.fixed(peer.baseline.usage.cpu, 2)) s, "
                    + "unchanged CPU \(Format.fixed(peer.unchanged.usage.cpu, 2)) s, RSS \(Format.mb(peer.unchanged.peakRSS)), "
                    + "cache \(Format.mb(peer.storageAfterBaseline)) after baseline, "
                    + "\(Format.delta(peer.storageAfterUnchanged - peer.storageAfterBaseline)) per unchanged cycle")
            }
            lines.append("peers then:  urlwatch 2.29 unchanged 2.23 CPU-s / 168 MB, 57 MB stored, 71 untyped diffs; "
                + "changedetection.io 0.60 32.1 CPU-s / 101 MB, 24 MB, 71 untyped")
        }
        let width = lines.map(\.count).max() ?? 40
        Out.line()
        Out.line("```")
        Out.line("── summary " + String(repeating: "─", count: max(0, width - 11)))
        for line in lines { Out.line(line) }
        Out.line("```")
    }
}

/// The 1-minute load average: wall-time figures mean little on a machine that is busy with other work.
enum LoadAverage {
    static let atStart: Double = {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first, let value = Double(first) else { return -1 }
        return value
    }()

    static var text: String { atStart < 0 ? "?" : Format.fixed(atStart, 2) }
}

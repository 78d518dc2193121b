// agenda-sync-bench: extraction speed on the real ModernGov fixtures, then sync cycles of the release
// agenda-sync binary over a generated corpus served on 127.0.0.1. Build in release (`make bench`, or
// `swift build -c release --product agenda-sync && swift build -c release --product agenda-sync-bench`).
// Targets are printed beside the figures; a missed target is a figure, not a failure. Exit status 1
// only when the benchmark itself could not run (bad option, missing binary, a sync that failed).
import AgendaCore
import Foundation

do { try LondonTime.load() } catch {
    Out.error("\(error)")
    exit(2)
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch let error as UsageError {
    if let message = error.message {
        Out.error(message)
        Out.error("see --help")
        exit(2)
    }
    Out.line(Options.usage)
    exit(0)
}

/// This package's root, from this file's location (Benchmarks/agenda-sync-bench/main.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

#if DEBUG
Out.line("warning: this is a debug build; figures are meaningful only with -c release")
#endif
Out.line("agenda-sync-bench — \(ProcessInfo.processInfo.activeProcessorCount) cores, "
    + "\(ProcessInfo.processInfo.operatingSystemVersionString), load average \(LoadAverage.text)")
if LoadAverage.atStart > Double(ProcessInfo.processInfo.activeProcessorCount) / 2 {
    Out.line("warning: the machine is busy (load average \(LoadAverage.text)): wall-time figures (pages/s, MB/s, wall s) are "
        + "inflated; the CPU-second figures hold better")
}

if options.national {
    do {
        try await NationalBenchmark.run(options)
        exit(0)
    } catch {
        Out.error("\(error)")
        exit(1)
    }
}

var failed = false
var extraction: Report.Extraction?
if !options.skipExtraction {
    let folder = options.fixtures ?? packageRoot.appendingPathComponent("Tests/ModernGovTests/Fixtures").path
    Out.heading("Extraction: pages parsed in memory, each case for \(Format.fixed(options.seconds, 1)) s "
        + "(≤ \(Format.grouped(ExtractionBenchmark.maxIterations)) parses); MB = 10^6 B")
    Out.line("fixtures: \(folder)")
    do {
        var cases = try ExtractionBenchmark.fixtureCases(folder: folder)
        cases.append(await ExtractionBenchmark.corpusCase(seed: options.seed, committees: 10, meetings: 10))
        var results: [ExtractionBenchmark.Result] = []
        for item in cases { results.append(try ExtractionBenchmark.measure(item, budget: options.seconds)) }
        ExtractionBenchmark.printTable(results)
        let lxmlCases = cases.filter { $0.name.hasPrefix("meeting pages, all") || $0.name.hasPrefix("generated corpus") }
        let lxmlScript = packageRoot.appendingPathComponent("Benchmarks/lxml_extract.py").path
        switch await LxmlComparison.run(lxmlCases, script: lxmlScript, budget: options.seconds) {
        case .success(let lxml):
            Out.line("lxml+XPath (Benchmarks/lxml_extract.py) on the same pages, same budget:")
            LxmlComparison.printTable(ours: results, lxml: lxml)
        case .failure(let why):
            Out.line("lxml not measured: \(why)")
        }
        let meetingResults = results.filter { $0.name.hasPrefix("meeting page") }
        let headline = results.first { $0.name.hasPrefix("meeting pages, all") } ?? meetingResults.first
        extraction = Report.Extraction(fixtures: headline,
                                       list: results.first { $0.name.hasPrefix("meetings list") },
                                       corpus: results.first { $0.name.hasPrefix("generated corpus") })
    } catch {
        Out.error("extraction: \(error)")
        failed = true
    }
}

var sync: SyncSummary?
if !options.skipSync {
    do {
        let summary = try await SyncBenchmark.run(options)
        sync = summary
        if !([summary.baseline] + summary.unchanged + [summary.changed]).allSatisfy(\.succeeded) { failed = true }
    } catch {
        Out.error("sync: \(error)")
        failed = true
    }
}

if !options.skipDelivery {
    do {
        try await DeliveryBenchmark.run(options)
    } catch {
        Out.error("delivery: \(error)")
        failed = true
    }
}

if !options.skipSoak {
    do {
        try await SoakBenchmark.run(options)
    } catch {
        Out.error("soak: \(error)")
        failed = true
    }
}

if extraction != nil || sync != nil {
    Report.comparison(extraction: extraction, sync: sync)
    Report.summary(options: options, extraction: extraction, sync: sync)
}
exit(failed ? 1 : 0)

import Foundation
import TestSupport

/// lxml+XPath (`Benchmarks/lxml_extract.py`, Debian's python3-lxml for /usr/bin/python3) on the same
/// pages as our extractor, in the same run, with the same budget and count bound: the peer the
/// extraction target is set against. Optional: when Python or lxml is missing, `run` says why and
/// the figures are ours alone.
enum LxmlComparison {
    static let python = "/usr/bin/python3"

    /// The measured lxml figures for `cases` (same names), or the reason they were not measured.
    static func run(_ cases: [ExtractionBenchmark.Case], script: String, budget: Double) async -> Result<[ExtractionBenchmark.Result], BenchError> {
        guard FileManager.default.isExecutableFile(atPath: python) else { return .failure(BenchError("no \(python)")) }
        guard FileManager.default.fileExists(atPath: script) else { return .failure(BenchError("no \(script)")) }
        do {
            let folder = try makeTemporaryFolder("agenda-sync-bench-lxml")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var manifestCases: [[String: Any]] = []
            for (c, item) in cases.enumerated() {
                var pages: [[String: String]] = []
                for (p, page) in item.pages.enumerated() {
                    let path = "\(folder)/\(c)-\(p).html"
                    try Data(page.bytes).write(to: URL(fileURLWithPath: path))
                    pages.append(["path": path, "url": page.url])
                }
                manifestCases.append(["name": item.name, "pages": pages])
            }
            let manifest: [String: Any] = ["seconds": budget, "max_parses": ExtractionBenchmark.maxIterations, "cases": manifestCases]
            let manifestPath = folder + "/manifest.json"
            try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
            let timeout = Duration.seconds(Int(budget * Double(cases.count) * 3 + 120))
            let run = try await ScriptProcess.run(executable: python, arguments: [script, manifestPath], timeout: timeout)
            guard run.status == 0 else {
                let why = run.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(run.status)"
                return .failure(BenchError(run.status == 3 ? "\(why) (install python3-lxml: make bench does)" : why))
            }
            return .success(try run.stdout.split(separator: "\n").map(parse))
        } catch let error as BenchError {
            return .failure(error)
        } catch {
            return .failure(BenchError("\(error)"))
        }
    }

    private static func parse(_ line: Substring) throws -> ExtractionBenchmark.Result {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let name = object["name"] as? String, let pages = object["pages"] as? Int, let parses = object["parses"] as? Int,
              let bytes = object["bytes"] as? Int, let wall = object["wall"] as? Double, let cpu = object["cpu"] as? Double,
              let yield = object["yield"] as? Int else {
            throw BenchError("unexpected line from lxml_extract.py: \(line.prefix(200))")
        }
        return ExtractionBenchmark.Result(name: name, pageCount: pages, pageBytes: parses > 0 ? bytes / parses : 0, iterations: parses,
                                          bytes: bytes, wall: wall, cpu: cpu, yield: yield)
    }

    /// Ours beside lxml's, case by case: MB/s (wall) and MB per CPU-second, and the ratio of the CPU figures
    /// (the one that holds on a busy machine).
    static func printTable(ours: [ExtractionBenchmark.Result], lxml: [ExtractionBenchmark.Result]) {
        let rows = lxml.compactMap { peer -> [String]? in
            guard let own = ours.first(where: { $0.name == peer.name }) else { return nil }
            return [peer.name, Format.fixed(own.mbPerSecond, 1), Format.fixed(own.mbPerCPUSecond, 1), Format.fixed(peer.mbPerSecond, 1),
                    Format.fixed(peer.mbPerCPUSecond, 1), Format.fixed(own.mbPerCPUSecond / peer.mbPerCPUSecond, 2) + "×",
                    Format.mark(own.mbPerCPUSecond >= peer.mbPerCPUSecond)]
        }
        Out.line(Table.render(["case", "ours MB/s", "ours MB/CPU-s", "lxml+XPath MB/s", "lxml MB/CPU-s", "ours/lxml (CPU)", "≥ lxml"], rows))
    }
}

import Foundation
import Testing

/// The pipeline records metrics through swift-metrics' API only; the Prometheus backend is the
/// daemon's choice, so no module below it imports swift-prometheus.
struct MetricsBoundaryTests {
    @Test func onlyTheDaemonImportsPrometheus() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let sources = root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 100)
        let importers = try files.filter { file in
            try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").contains { $0.hasPrefix("import Prometheus") }
        }
        #expect(!importers.isEmpty)
        #expect(importers.allSatisfy { $0.hasPrefix("AgendaDaemon/") }, "\(importers)")
        let recorders = try files.filter { file in
            try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").contains { $0 == "import Metrics" }
        }
        #expect(recorders.contains { $0.hasPrefix("AgendaSync/") }, "\(recorders)")
    }
}

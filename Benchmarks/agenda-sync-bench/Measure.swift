import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds, for wall time.
enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// The parts of `struct rusage` the benchmark reports (for this process, or a child via `wait4`).
struct Usage: Sendable {
    var user: Double
    var system: Double
    /// Peak resident set size, bytes (Linux reports ru_maxrss in KiB).
    var maxRSS: Int
    /// Blocks (512 B) written to storage: what the process made the kernel write, fsyncs included.
    var outBlocks: Int
    var minorFaults: Int
    var voluntarySwitches: Int
    var involuntarySwitches: Int

    var cpu: Double { user + system }

    init(_ r: rusage) {
        user = Double(r.ru_utime.tv_sec) + Double(r.ru_utime.tv_usec) / 1e6
        system = Double(r.ru_stime.tv_sec) + Double(r.ru_stime.tv_usec) / 1e6
        maxRSS = Int(r.ru_maxrss) * 1024
        outBlocks = Int(r.ru_oublock)
        minorFaults = Int(r.ru_minflt)
        voluntarySwitches = Int(r.ru_nvcsw)
        involuntarySwitches = Int(r.ru_nivcsw)
    }

    /// This process so far.
    static func current() -> Usage {
        var r = rusage()
        getrusage(RUSAGE_SELF.rawValue, &r)
        return Usage(r)
    }
}

/// Number formatting shared by the report.
enum Format {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Bytes as MB (10^6 B), the unit of every MB figure in this benchmark.
    static func mb(_ bytes: Int, _ digits: Int = 1) -> String {
        fixed(Double(bytes) / 1e6, digits) + " MB"
    }

    /// A signed byte delta: "+0 B", "+12.3 KB", "-1.0 MB" (10^3 / 10^6).
    static func delta(_ bytes: Int) -> String {
        let sign = bytes < 0 ? "-" : "+"
        let size = Double(bytes.magnitude)
        if bytes.magnitude < 1_000 { return "\(sign)\(bytes.magnitude) B" }
        if bytes.magnitude < 1_000_000 { return sign + fixed(size / 1e3, 1) + " KB" }
        return sign + fixed(size / 1e6, 2) + " MB"
    }

    static func mark(_ ok: Bool) -> String { ok ? "✓" : "✗" }
}

/// Plain text tables: the first column left-aligned, the others right-aligned, two spaces apart.
enum Table {
    static func render(_ header: [String], _ rows: [[String]], leftColumns: Int = 1) -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in all.enumerated() {
            var cells: [String] = []
            for column in 0..<columns {
                let cell = column < row.count ? row[column] : ""
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                cells.append(column < leftColumns ? cell + pad : pad + cell)
            }
            lines.append("  " + cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            if index == 0 {
                lines.append("  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Everything the benchmark prints goes through here, unbuffered, so a slow run shows progress.
enum Out {
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("agenda-sync-bench: " + text + "\n").utf8))
    }

    static func heading(_ text: String) {
        line()
        line("== " + text)
    }
}

import Foundation

/// An independent checker from `Tests/AgendaDeliveryTests/Scripts` (Python's `email`, `icalendar`,
/// `feedparser`, `html.parser`) run over files the product wrote: it prints one JSON object per
/// file checked, then `DONE <count>`. Bounded: a checker that has not finished in 60 s fails the test.
public enum CheckScript {
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `script arguments…` and decodes each report line as `Report`.
    public static func run<Report: Decodable>(_ script: String, arguments: [String],
                                              as _: Report.Type = Report.self) async throws -> [Report] {
        let result = try await ScriptProcess.runScript(script, arguments: arguments)
        guard result.status == 0 else {
            throw Failed(description: "\(script) ended with \(result.timedOut ? "no exit in 60 s" : String(result.status)):\n"
                + result.stdout + result.stderr)
        }
        var reports: [Report] = []
        var done = false
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("{") {
                do {
                    reports.append(try JSONDecoder().decode(Report.self, from: Data(line.utf8)))
                } catch {
                    throw Failed(description: "\(script): cannot read its report (\(error)):\n\(line)")
                }
            } else if line.hasPrefix("DONE ") {
                done = Int(line.dropFirst(5)) == reports.count
            }
        }
        guard done else { throw Failed(description: "\(script) output incomplete:\n\(result.stdout)\(result.stderr)") }
        return reports
    }
}

import AgendaCore
import Foundation

/// Printing for the CLI: plain text tables for people, JSON for scripts.
enum Output {
    static func line(_ text: String = "") {
        write(Data((text + "\n").utf8))
    }

    /// Writes to stdout. A reader that went away (`agenda-sync log | head`) ends the command at
    /// once, with the status a shell gives a program SIGPIPE ended (141): under a parent that
    /// ignores SIGPIPE (the disposition is inherited) the write fails with EPIPE instead of the
    /// signal, and Foundation's `write(_:)` would trap on it. Any other failure (a full disk behind
    /// `> file`) is said on stderr and ends the command with status 1.
    private static func write(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            // Foundation wraps errno in a Cocoa error: EPIPE is its underlying POSIX error.
            let failure = error as NSError
            let cause = failure.userInfo[NSUnderlyingErrorKey] as? NSError ?? failure
            if cause.domain == NSPOSIXErrorDomain, cause.code == Int(EPIPE) { exit(128 + SIGPIPE) }
            Output.error("cannot write the output: \(failure.localizedDescription)")
            exit(1)
        }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("agenda-sync: " + text + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every instant as the store keeps it: "2026-11-29T07:00:00Z".
        encoder.dateEncodingStrategy = .timestamp
        write(try encoder.encode(value))
        line()
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            line(cells.joined(separator: "  "))
        }
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / 1024 / 1024)
    }
}

import Foundation
import TestSupport

/// One message as `Scripts/check_mail.py` (Python's `email` package, `policy.default`) sees it.
struct CheckedMail: Decodable {
    struct Address: Decodable, Equatable {
        var display_name: String
        var addr_spec: String
    }

    var file: String
    var defects: [String]
    var header_defects: [String: [String]]
    var headers: [String]
    var raw_headers: [String]
    var subject: String?
    var from: [Address]
    var to: [Address]
    var message_id: String?
    var in_reply_to: String?
    var references: String?
    var notices: String?
    var list_unsubscribe: String?
    var list_unsubscribe_post: String?
    var date: String?
    var date_utc_offset_seconds: Int?
    var content_type: String
    var charset: String?
    var content_transfer_encoding: String?
    var header_bytes_ascii: Bool
    var max_header_line: Int
    var max_body_line: Int
    var max_line: Int
    var bare_cr_or_lf: Int
    var ends_with_crlf: Bool
    var body: String?
}

/// Runs `check_mail.py SPOOL` (bounded: 60 s) and returns its reports, keyed by file name.
enum MailCheckScript {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func check(spool: String) async throws -> [String: CheckedMail] {
        let result = try await ScriptProcess.runScript("check_mail.py", arguments: [spool])
        guard result.status == 0 else {
            throw Failed(description: "check_mail.py ended with \(result.timedOut ? "no exit in 60 s" : String(result.status)):\n"
                + result.stdout + result.stderr)
        }
        var reports: [String: CheckedMail] = [:]
        var done = false
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("{") {
                let report = try JSONDecoder().decode(CheckedMail.self, from: Data(line.utf8))
                reports[report.file] = report
            } else if line.hasPrefix("DONE ") {
                done = Int(line.dropFirst(5)) == reports.count
            }
        }
        guard done else { throw Failed(description: "check_mail.py output incomplete:\n\(result.stdout)\(result.stderr)") }
        return reports
    }
}

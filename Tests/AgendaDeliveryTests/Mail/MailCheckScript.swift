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
    /// Every MIME entity, the message itself first.
    var parts: [Part]
    /// The text/html part, decoded.
    var html: String?
    var html_report: HTMLReport?
    /// Each text/calendar part, parsed by icalendar.
    var calendars: [CheckedCalendar]

    struct Part: Decodable, Equatable {
        var type: String
        var charset: String?
        var encoding: String?
        var method: String?
        var disposition: String?
        var filename: String?
        var defects: [String]
    }
}

/// Runs `check_mail.py SPOOL` (bounded: 60 s) and returns its reports, keyed by file name.
enum MailCheckScript {
    static func check(spool: String) async throws -> [String: CheckedMail] {
        let reports = try await CheckScript.run("check_mail.py", arguments: [spool], as: CheckedMail.self)
        return Dictionary(reports.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

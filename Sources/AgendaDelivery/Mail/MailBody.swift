import Foundation

/// A MIME entity (RFC 2045–2046): its own header fields and content, or parts under a boundary.
/// The notice mails use three shapes: `multipart/alternative` of text and HTML (digests),
/// and that inside `multipart/mixed` with a `text/calendar` attachment (a notice about a meeting).
indirect enum MailBody {
    /// UTF-8 text lines, quoted-printable: `text/plain` or `text/html`.
    case text(subtype: String, lines: [String])
    /// An iCalendar object published by email (RFC 6047), base64 so its CRLF lines arrive untouched;
    /// an attachment named `meeting.ics`.
    case calendar(bytes: [UInt8])
    case multipart(subtype: String, boundary: String, parts: [MailBody])

    /// Boundaries start with "=_", which neither quoted-printable (it writes "=" as "=3D") nor base64
    /// (no "_") can produce, so no part's content can contain them.
    static let alternativeBoundary = "=_agenda-sync.alternative"
    static let mixedBoundary = "=_agenda-sync.mixed"

    /// `Content-Type` and `Content-Transfer-Encoding` values (folded, so no line is longer than 76).
    var contentType: String {
        switch self {
        case .text(let subtype, _): "text/\(subtype); charset=utf-8"
        case .calendar: "text/calendar; charset=utf-8; method=PUBLISH;\r\n name=\"meeting.ics\""
        case .multipart(let subtype, let boundary, _): "multipart/\(subtype); boundary=\"\(boundary)\""
        }
    }

    var transferEncoding: String {
        switch self {
        case .text: "quoted-printable"
        case .calendar: "base64"
        case .multipart: "7bit"
        }
    }

    /// The header fields of a part inside a multipart (the message's own are `NoticeMail`'s).
    private var partHeaders: [UInt8] {
        var fields = "Content-Type: \(contentType)\r\n"
        if case .calendar = self {
            fields += "Content-Disposition: attachment; filename=\"meeting.ics\"\r\n"
        }
        fields += "Content-Transfer-Encoding: \(transferEncoding)\r\n"
        return Array(fields.utf8)
    }

    /// The encoded content, every line ending in CRLF.
    var content: [UInt8] {
        switch self {
        case .text(_, let lines):
            return MailQuotedPrintable.encode(lines: lines)
        case .calendar(let bytes):
            return Array(Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
                + [13, 10]
        case .multipart(_, let boundary, let parts):
            var out: [UInt8] = []
            for part in parts {
                out += Array("--\(boundary)\r\n".utf8)
                out += part.partHeaders
                out += [13, 10]
                out += part.content
                // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1): this
                // one keeps the part's own last line break, so its text ends as it did.
                out += [13, 10]
            }
            out += Array("--\(boundary)--\r\n".utf8)
            return out
        }
    }
}

/// Quoted-printable (RFC 2045 §6.7) for a text/plain UTF-8 body: encoded lines of at most 76
/// characters joined by CRLF, soft line breaks (`=`) inside long lines, `=` and non-ASCII as
/// `=XX`, and a space or tab at the end of a line encoded so no relay can strip it.
enum MailQuotedPrintable {
    static let maxLineLength = 76

    /// Encodes `lines` (text lines without line breaks), each followed by CRLF.
    static func encode(lines: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines {
            encode(line: Array(line.utf8), into: &out)
            out += [13, 10]
        }
        return out
    }

    private static func encode(line bytes: [UInt8], into out: inout [UInt8]) {
        var length = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let token: [UInt8]
            switch byte {
            case 33...60, 62...126:
                token = [byte]
            case 9 where !isLast, 32 where !isLast:
                token = [byte]
            default:
                token = Array(("=" + MailHex.byte(byte, uppercase: true)).utf8)
            }
            // Leave room for the soft break "=", except for the line's last token.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if length + token.count > limit {
                out += Array("=\r\n".utf8)
                length = 0
            }
            out += token
            length += token.count
        }
    }
}

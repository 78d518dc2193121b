import AgendaCore

/// Quoted-printable (RFC 2045 §6.7) for a text/plain UTF-8 body: encoded lines of at most 76
/// characters joined by CRLF, soft line breaks (`=`) inside long lines, `=` and non-ASCII as
/// `=XX`, and a space or tab at the end of a line encoded so no relay can strip it. A line
/// starting with "." or "From " has that first character encoded, so neither an SMTP client
/// that forgets dot-stuffing nor an mbox writer can alter the text.
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
            var token = literal(byte, isLast: isLast) ? [byte] : escaped(byte)
            // Leave room for the soft break "=", except for the line's last token.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if length + token.count > limit {
                out += Array("=\r\n".utf8)
                length = 0
            }
            if length == 0, token == [byte], startsRisky(bytes[index...]) {
                token = escaped(byte)
            }
            out += token
            length += token.count
        }
    }

    private static func literal(_ byte: UInt8, isLast: Bool) -> Bool {
        switch byte {
        case 33...60, 62...126: true
        case 9, 32: !isLast
        default: false
        }
    }

    private static func escaped(_ byte: UInt8) -> [UInt8] {
        Array(("=" + Hex.encode([byte], .upper)).utf8)
    }

    /// Whether an encoded line starting here would begin with "." or "From ".
    private static func startsRisky(_ rest: ArraySlice<UInt8>) -> Bool {
        rest.first == UInt8(ascii: ".") || rest.starts(with: Array("From ".utf8))
    }
}

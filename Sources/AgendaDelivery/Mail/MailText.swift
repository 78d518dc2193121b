import AgendaDiff
/// Third-party text (meeting, item and document titles, venues, names, URLs) made safe for a
/// mail header or a body line: it can never start a new line or carry a control character.
enum MailText {
    /// `text` with every line-breaking or control character replaced by a space: C0 controls
    /// (CR, LF, NUL, TAB…), DEL, C1 controls (U+0085 NEL…), U+2028 and U+2029.
    static func sanitised(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isLineBreakingOrControl(scalar) ? " " : scalar)
        }
        return String(out)
    }

    /// Sanitised, then every run of whitespace collapsed to one space and the ends trimmed:
    /// the form every header value and every body field takes.
    static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isLineBreakingOrControl(scalar) || scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// One line of at most `limit` characters: cut at a word boundary when one is near, ending in "…".
    static func oneLine(_ text: String, limit: Int) -> String {
        shortened(oneLine(text), to: limit)
    }

    static func shortened(_ text: String, to limit: Int) -> String {
        NoticeSummary.shortened(text, to: limit)
    }

    static func isLineBreakingOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}

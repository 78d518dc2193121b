/// Third-party text (meeting, item and document titles, venues, names, URLs) made safe for a
/// mail header or a body line: it can never start a new line or carry a control character.
public enum MailText {
    /// `text` with every line-breaking or control character replaced by a space: C0 controls
    /// (CR, LF, NUL, TAB…), DEL, C1 controls (U+0085 NEL…), U+2028 and U+2029.
    public static func sanitised(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isLineBreakingOrControl(scalar) ? " " : scalar)
        }
        return String(out)
    }

    /// Sanitised, then every run of whitespace collapsed to one space and the ends trimmed:
    /// the form every header value and every body field takes.
    public static func oneLine(_ text: String) -> String {
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

    public static func isLineBreakingOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}

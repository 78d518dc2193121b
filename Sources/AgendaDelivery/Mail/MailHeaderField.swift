import AgendaCore

/// One header field built from tokens and folded so that no line exceeds 78 octets (RFC 5322
/// §2.1.1): tokens are separated by one space, and a token that would overflow the current line
/// starts a new one, indented by a space. Every token is ASCII without CR or LF, so the field
/// cannot smuggle in another header.
struct MailHeaderField {
    static let lineLimit = 78

    private var lines: [String]

    init(name: String) {
        lines = [name + ":"]
    }

    /// Octets left on the current line after a separating space.
    var roomOnCurrentLine: Int {
        Self.lineLimit - lines[lines.count - 1].utf8.count - 1
    }

    /// Whether the current line holds only the field name (a token goes there whatever its length).
    private var isAtFieldName: Bool {
        lines.count == 1 && lines[0].hasSuffix(":") && !lines[0].contains(" ")
    }

    mutating func append(token: String) {
        precondition(token.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "header tokens are printable ASCII")
        if token.utf8.count <= roomOnCurrentLine || isAtFieldName {
            lines[lines.count - 1] += " " + token
        } else {
            lines.append(" " + token)
        }
    }

    /// Appends an unstructured text (RFC 5322 `unstructured`, e.g. Subject): plain ASCII words stay
    /// readable, and each run of words that need it becomes RFC 2047 encoded-words.
    mutating func append(text: String) {
        for segment in MailEncodedWord.segments(of: text, plain: MailEncodedWord.isPlainTextWord) {
            switch segment {
            case .plain(let word): append(token: word)
            case .encoded(let run): append(encoded: run)
            }
        }
    }

    /// Appends `text` as encoded-words, each ≤ 75 characters and filling the current line where
    /// it can; a word never splits a UTF-8 sequence.
    mutating func append(encoded text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        while !scalars.isEmpty {
            var limit = min(MailEncodedWord.maxLength, roomOnCurrentLine)
            if limit < MailEncodedWord.overhead + MailEncodedWord.maxEncodedScalarLength {
                limit = MailEncodedWord.maxLength  // the word goes on a new line
            }
            let (word, rest) = MailEncodedWord.word(from: scalars, maxLength: limit)
            append(token: word)
            scalars = rest
        }
    }

    /// The folded field, ending in CRLF.
    var text: String {
        lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// RFC 2047 encoded-words in the Q encoding, restricted to the characters allowed inside a
/// `phrase` (§5(3)) so the same words serve Subject and display names.
enum MailEncodedWord {
    static let prefix = "=?UTF-8?Q?"
    static let suffix = "?="
    static let overhead = prefix.utf8.count + suffix.utf8.count
    static let maxLength = 75
    /// A four-byte UTF-8 sequence as `=XX=XX=XX=XX`.
    static let maxEncodedScalarLength = 12
    /// Longest word left as it is; longer ones (a pasted URL, a run of letters) are encoded so they can be split.
    static let maxPlainWordLength = 70

    enum Segment: Equatable {
        case plain(String)
        /// Consecutive words that need encoding, with the single spaces between them.
        case encoded(String)
    }

    /// Splits one-line `text` at spaces into plain words and encoded runs. Words of one run are
    /// encoded together, because whitespace between adjacent encoded-words vanishes when decoded.
    static func segments(of text: String, plain: (Substring) -> Bool) -> [Segment] {
        var segments: [Segment] = []
        for word in text.split(separator: " ") {
            if plain(word) {
                segments.append(.plain(String(word)))
            } else if case .encoded(let run)? = segments.last {
                segments[segments.count - 1] = .encoded(run + " " + word)
            } else {
                segments.append(.encoded(String(word)))
            }
        }
        return segments
    }

    /// A word that can stand as it is in unstructured text: printable ASCII, not mistakable for an encoded-word.
    static func isPlainTextWord(_ word: Substring) -> Bool {
        word.utf8.count <= maxPlainWordLength && !word.contains("=?")
            && word.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    /// The longest encoded-word of at most `maxLength` characters from the front of `scalars`
    /// (at least one scalar), and what is left.
    static func word(from scalars: Substring.UnicodeScalarView.SubSequence, maxLength: Int)
        -> (word: String, rest: Substring.UnicodeScalarView.SubSequence) {
        var encoded = ""
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let piece = encode(scalars[index])
            if !encoded.isEmpty, overhead + encoded.utf8.count + piece.utf8.count > maxLength { break }
            encoded += piece
            index = scalars.index(after: index)
        }
        return (prefix + encoded + suffix, scalars[index...])
    }

    private static func encode(_ scalar: Unicode.Scalar) -> String {
        var out = ""
        for byte in String(scalar).utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: "-"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "_"
            default:
                out += "=" + Hex.encode([byte], .upper)
            }
        }
        return out
    }
}

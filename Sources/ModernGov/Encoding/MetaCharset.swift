/// The charset a page declares in a `<meta>` element near its top: HTML's "prescan a byte stream
/// to determine its encoding", over the first `limit` bytes (the standard asks for at least 1,024;
/// a browser that finds the declaration only later re-reads the page in it, so 4,096 is closer to
/// what a reader sees). Comments and other tags are stepped over, so a `charset=` in a comment, in
/// another element's attribute or in plain text does not count.
///
/// Written here because libxml2 2.9 offers no way to ask for the declared charset: its HTML parser
/// acts on a `<meta>` only while parsing, by switching its own input decoding mid-page.
enum MetaCharset {
    static let limit = 4096

    /// The encoding the first `<meta>` with a usable charset declares; nil when there is none.
    static func prescan(_ page: [UInt8]) -> TextEncoding? {
        let bytes = page.prefix(limit)
        var scanner = Scanner(bytes: bytes)
        while scanner.position < bytes.endIndex {
            if scanner.startsWith("<!--") {
                scanner.skip(past: "-->", from: scanner.position + 2)
            } else if scanner.startsWith("<meta", ignoringCase: true), let after = scanner.byte(at: scanner.position + 5),
                      ByteText.isSpace(after) || after == 0x2F { // '/'
                scanner.position += 6
                if let encoding = meta(&scanner) { return encoding }
            } else if scanner.startsWith("<"), let next = scanner.byte(at: scanner.position + 1),
                      ByteText.isAlpha(next) || (next == 0x2F && scanner.byte(at: scanner.position + 2).map(ByteText.isAlpha) == true) {
                // Another tag: step over its name and attributes (a quoted ">" does not end it).
                while let b = scanner.current, !ByteText.isSpace(b), b != 0x3E { scanner.position += 1 }
                while scanner.attribute() != nil {}
                scanner.position += 1
            } else if scanner.startsWith("<!") || scanner.startsWith("</") || scanner.startsWith("<?") {
                scanner.skip(past: ">", from: scanner.position + 2)
            } else {
                scanner.position += 1
            }
        }
        return nil
    }

    /// Reads the attributes of a `<meta` tag; the encoding it declares, if it declares one.
    private static func meta(_ scanner: inout Scanner) -> TextEncoding? {
        var seen = Set<String>()
        var gotPragma = false
        var needPragma: Bool?
        var charset: String?
        while let (name, value) = scanner.attribute() {
            guard seen.insert(name).inserted else { continue }
            switch name {
            case "http-equiv":
                if value == "content-type" { gotPragma = true }
            case "content":
                if charset == nil, let declared = charsetInContent(value) {
                    charset = declared
                    needPragma = true
                }
            case "charset":
                charset = value
                needPragma = false
            default:
                break
            }
        }
        guard let needPragma, !needPragma || gotPragma, let charset, var encoding = TextEncoding(label: charset) else { return nil }
        // A page that calls itself UTF-16 in ASCII bytes cannot be UTF-16: HTML reads it as UTF-8.
        if encoding == .utf16LE || encoding == .utf16BE { encoding = .utf8 }
        return encoding
    }

    /// HTML's "extracting a character encoding from a meta element": the value after `charset=`
    /// in `text/html; charset=windows-1252`, quoted or not.
    static func charsetInContent(_ content: String) -> String? {
        let bytes = Array(content.utf8)
        var from = 0
        while let hit = ByteText.firstIndexCaseInsensitive("charset", in: bytes, from: from) {
            var i = hit + 7
            while i < bytes.count, ByteText.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == 0x3D else { // '='
                from = hit + 7
                continue
            }
            i += 1
            while i < bytes.count, ByteText.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == 0x22 || bytes[i] == 0x27 { // a quoted value must be closed
                guard let close = bytes[(i + 1)...].firstIndex(of: bytes[i]) else { return nil }
                return String(decoding: bytes[(i + 1) ..< close], as: UTF8.self)
            }
            let end = bytes[i...].firstIndex { ByteText.isSpace($0) || $0 == 0x3B } ?? bytes.count // ';'
            return String(decoding: bytes[i ..< end], as: UTF8.self)
        }
        return nil
    }

    /// A cursor over the bytes being prescanned.
    private struct Scanner {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        var current: UInt8? { byte(at: position) }

        func byte(at index: Int) -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }

        func startsWith(_ literal: StaticString, ignoringCase: Bool = false) -> Bool {
            literal.withUTF8Buffer { lit in
                guard position + lit.count <= bytes.endIndex else { return false }
                for k in 0 ..< lit.count {
                    let b = bytes[position + k]
                    if (ignoringCase ? ByteText.lower(b) : b) != lit[k] { return false }
                }
                return true
            }
        }

        /// Moves just past the next `terminator` at or after `from` (or to the end).
        mutating func skip(past terminator: StaticString, from: Int) {
            position = from
            while position < bytes.endIndex, !startsWith(terminator) { position += 1 }
            position = min(bytes.endIndex, position + terminator.utf8CodeUnitCount)
        }

        /// HTML's "get an attribute": the next name and value (both lower case), or nil at the tag's end.
        mutating func attribute() -> (String, String)? {
            while let b = current, ByteText.isSpace(b) || b == 0x2F { position += 1 } // '/'
            guard let first = current, first != 0x3E else { return nil } // '>'
            var name: [UInt8] = []
            var value: [UInt8] = []
            // The name runs to "=", whitespace, "/" or ">"; a leading "=" belongs to it.
            name.append(ByteText.lower(first))
            position += 1
            while let b = current, b != 0x3D, !ByteText.isSpace(b), b != 0x2F, b != 0x3E {
                name.append(ByteText.lower(b))
                position += 1
            }
            while let b = current, ByteText.isSpace(b) { position += 1 }
            guard current == 0x3D else { return (String(decoding: name, as: UTF8.self), "") }
            position += 1
            while let b = current, ByteText.isSpace(b) { position += 1 }
            if let quote = current, quote == 0x22 || quote == 0x27 {
                position += 1
                while let b = current, b != quote {
                    value.append(ByteText.lower(b))
                    position += 1
                }
                position += 1
            } else {
                while let b = current, !ByteText.isSpace(b), b != 0x3E {
                    value.append(ByteText.lower(b))
                    position += 1
                }
            }
            return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
    }
}

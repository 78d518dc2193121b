/// The bytes handed to libxml2: the content part of the page (already valid UTF-8, see
/// `PageEncoding`), without the two things on which libxml2 2.9's HTML parser drops or moves content that a
/// browser would show in place:
/// - NUL bytes: one inside a tag ends libxml2's reading of the whole document;
/// - end tags of `body`, `html` and `head` inside the content: each closes every open element
///   (the items table included) and what follows lands outside `#modgov`, where HTML5 ignores
///   them. The content range never needs them: it ends before the page's own `</html>`.
enum ParserInput {
    static func prepare(_ bytes: [UInt8], range: Range<Int>) -> (bytes: [UInt8], range: Range<Int>) {
        let strays = strayEndTags(in: bytes, range: range)
        let hasNUL = bytes.withUnsafeBufferPointer { ByteText.indexOf(0, in: $0, from: range.lowerBound, to: range.upperBound) < range.upperBound }
        guard hasNUL || !strays.isEmpty else { return (bytes, range) }
        var cleaned = Array(bytes[range])
        for stray in strays {
            for i in stray { cleaned[i - range.lowerBound] = 0x20 }
        }
        cleaned.removeAll { $0 == 0 }
        return (cleaned, cleaned.indices)
    }

    /// The byte ranges of `</body…>`, `</html…>` and `</head…>` tags in `bytes[range]`.
    static func strayEndTags(in bytes: [UInt8], range: Range<Int>) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { buf in
            var found: [Range<Int>] = []
            var i = range.lowerBound
            while i < range.upperBound {
                let lt = ByteText.indexOf(0x3C, in: buf, from: i, to: range.upperBound) // '<'
                guard lt + 6 < range.upperBound else { break }
                i = lt + 1
                guard buf[lt + 1] == 0x2F, // '/'
                      ByteText.equalsLower(buf, lt + 2, "body") || ByteText.equalsLower(buf, lt + 2, "html") || ByteText.equalsLower(buf, lt + 2, "head"),
                      ByteText.isSpace(buf[lt + 6]) || buf[lt + 6] == 0x3E || buf[lt + 6] == 0x2F else { continue } // '>' '/'
                let end = ByteText.indexAfter(0x3E, in: buf, from: lt + 6, to: range.upperBound)
                found.append(lt ..< end)
                i = end
            }
            return found
        }
    }
}

/// Pages are read as UTF-8, and libxml2 is only ever given valid UTF-8. A page that declares a
/// Latin charset (`windows-1252`, `iso-8859-1`) in its first 4 KB and is not valid UTF-8 is
/// transcoded from Windows-1252 (HTML5 reads iso-8859-1 as windows-1252), so "Children’s" does
/// not become "Children�s"; in any other page an invalid byte becomes U+FFFD.
enum PageEncoding {
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        utf8(bytes, range: bytes.indices).bytes
    }

    /// `page[range]` as valid UTF-8, with the range it occupies in the result: `page` itself
    /// (no copy) when that part is already valid, else a converted copy of the part. The charset
    /// is read from the head of `page`.
    static func utf8(_ page: [UInt8], range: Range<Int>) -> (bytes: [UInt8], range: Range<Int>) {
        guard UTF8Encoding.firstInvalidIndex(page, in: range) != nil else { return (page, range) }
        let converted = declaresLatinCharset(page) ? windows1252ToUTF8(page[range]) : UTF8Encoding.repaired(page, in: range)
        return (converted, converted.indices)
    }

    private static func windows1252ToUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            switch b {
            case 0 ..< 0x80: out.append(b)
            case 0x80 ..< 0xA0: UTF8Encoding.append(windows1252[Int(b - 0x80)], to: &out)
            default: UTF8Encoding.append(UInt32(b), to: &out)
            }
        }
        return out
    }

    /// Windows-1252 code points for bytes 0x80–0x9F (the five undefined ones map to themselves).
    static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static let latinCharsets: Set<String> = ["windows-1252", "iso-8859-1", "iso-8859-15", "latin1", "latin-1", "cp1252", "us-ascii"]

    static func declaresLatinCharset(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(4096))
        var from = 0
        while from < head.count {
            guard let hit = ByteText.firstIndexCaseInsensitive("charset", in: head, from: from) else { return false }
            var i = hit + 7
            while i < head.count, ByteText.isSpace(head[i]) { i += 1 }
            if i < head.count, head[i] == 0x3D {
                i += 1
                while i < head.count, ByteText.isSpace(head[i]) || head[i] == 0x22 || head[i] == 0x27 { i += 1 }
                let start = i
                while i < head.count, ByteText.isAlpha(head[i]) || ByteText.isDigit(head[i]) || head[i] == 0x2D || head[i] == 0x5F { i += 1 }
                let name = String(decoding: head[start ..< i].map(ByteText.lower), as: UTF8.self)
                return latinCharsets.contains(name)
            }
            from = hit + 7
        }
        return false
    }
}

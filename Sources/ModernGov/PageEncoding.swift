/// Pages are read as UTF-8. A page that declares a Latin charset (`windows-1252`, `iso-8859-1`)
/// in its first 4 KB and is not valid UTF-8 is transcoded from Windows-1252 first (HTML5 reads
/// iso-8859-1 as windows-1252), so "Children’s" does not become "Children�s".
enum PageEncoding {
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        guard declaresLatinCharset(bytes), !isValidUTF8(bytes) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            switch b {
            case 0 ..< 0x80: out.append(b)
            case 0x80 ..< 0xA0: UTF8Encoding.append(HTMLEntities.windows1252[Int(b - 0x80)], to: &out)
            default: UTF8Encoding.append(UInt32(b), to: &out)
            }
        }
        return out
    }

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

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            while i < buf.count {
                if buf[i] < 0x80 {
                    i += 1
                    continue
                }
                let length = UTF8Encoding.sequenceLength(buf, i, buf.count)
                guard length > 0 else { return false }
                i += length
            }
            return true
        }
    }
}

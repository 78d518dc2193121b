import CLibXML2

/// Character references: numeric ones and the HTML 4 named set (common names inline, the rest
/// through libxml2's `htmlEntityLookup`).
enum HTMLEntities {
    /// Decodes the reference starting at `buf[at]` (an '&'). Returns the scalar value and the
    /// index after the reference, or nil when it is not a reference (the '&' is then literal).
    /// In attributes a named reference needs its ';' (so `?a=1&lang=en` stays as written).
    static func decode(_ buf: UnsafeBufferPointer<UInt8>, at: Int, end: Int, inAttribute: Bool) -> (UInt32, Int)? {
        var i = at + 1
        guard i < end else { return nil }
        if buf[i] == 0x23 { // '#'
            i += 1
            var value: UInt32 = 0
            var digits = 0
            if i < end, buf[i] | 0x20 == 0x78 { // 'x'
                i += 1
                while i < end, let d = hexValue(buf[i]) {
                    value = min(value &* 16 &+ UInt32(d), 0x11_0000)
                    digits += 1
                    i += 1
                }
            } else {
                while i < end, ByteText.isDigit(buf[i]) {
                    value = min(value &* 10 &+ UInt32(buf[i] - 0x30), 0x11_0000)
                    digits += 1
                    i += 1
                }
            }
            guard digits > 0 else { return nil }
            if i < end, buf[i] == 0x3B { i += 1 }
            return (sanitize(value), i)
        }
        let nameStart = i
        while i < end, i - nameStart < 32, ByteText.isAlpha(buf[i]) || ByteText.isDigit(buf[i]) { i += 1 }
        let nameEnd = i
        guard nameEnd > nameStart else { return nil }
        let hasSemicolon = i < end && buf[i] == 0x3B
        if !hasSemicolon {
            // Legacy references without ';' in text only, for the few names pages really use that way.
            guard !inAttribute else { return nil }
            let name = buf[nameStart ..< nameEnd]
            for (legacy, value) in legacyNames where name.elementsEqual(legacy.utf8) { return (value, nameEnd) }
            return nil
        }
        guard let value = named(buf, nameStart, nameEnd) else { return nil }
        return (value, nameEnd + 1)
    }

    private static let legacyNames: [(String, UInt32)] = [("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("nbsp", 0xA0)]

    private static func named(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> UInt32? {
        if to - from <= 8 {
            var key: UInt64 = 0
            for k in from ..< to { key = (key << 8) | UInt64(buf[k]) }
            if let value = common[key] { return value }
        }
        var name = Array(buf[from ..< to])
        name.append(0)
        guard let entity = htmlEntityLookup(name) else { return nil }
        return UInt32(entity.pointee.value)
    }

    private static let common: [UInt64: UInt32] = {
        let names: [(String, UInt32)] = [
            ("nbsp", 0xA0), ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27),
            ("rsquo", 0x2019), ("lsquo", 0x2018), ("rdquo", 0x201D), ("ldquo", 0x201C), ("ndash", 0x2013),
            ("mdash", 0x2014), ("pound", 0xA3), ("hellip", 0x2026), ("euro", 0x20AC), ("copy", 0xA9),
            ("bull", 0x2022), ("middot", 0xB7), ("eacute", 0xE9), ("shy", 0xAD),
        ]
        var table: [UInt64: UInt32] = [:]
        for (name, value) in names { table[HTMLTag.key(Array(name.utf8))] = value }
        return table
    }()

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30 ... 0x39: b - 0x30
        case 0x41 ... 0x46: b - 0x41 + 10
        case 0x61 ... 0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// HTML5 rules for numeric references: NUL, surrogates and out-of-range become U+FFFD and
    /// 0x80–0x9F are read as Windows-1252.
    private static func sanitize(_ value: UInt32) -> UInt32 {
        if value == 0 || value > 0x10_FFFF || (value >= 0xD800 && value <= 0xDFFF) { return 0xFFFD }
        if value >= 0x80, value <= 0x9F { return windows1252[Int(value - 0x80)] }
        return value
    }

    /// Windows-1252 code points for bytes 0x80–0x9F (undefined ones map to themselves).
    static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// An attribute value with references decoded (no whitespace changes).
    static func decodeAttribute(_ bytes: [UInt8], from: Int, to: Int) -> String {
        bytes.withUnsafeBufferPointer { buf in
            guard buf[from ..< to].contains(0x26) else {
                return String(decoding: UnsafeBufferPointer(rebasing: buf[from ..< to]), as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(to - from)
            var i = from
            while i < to {
                if buf[i] == 0x26, let (scalar, next) = decode(buf, at: i, end: to, inAttribute: true) {
                    UTF8Encoding.append(scalar, to: &out)
                    i = next
                } else {
                    out.append(buf[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

enum UTF8Encoding {
    @inline(__always)
    static func append(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0 ..< 0x80:
            out.append(UInt8(scalar))
        case 0x80 ..< 0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800 ..< 0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Length of the valid UTF-8 sequence at `buf[i]` (lead byte ≥ 0x80), or 0 if invalid.
    @inline(__always)
    static func sequenceLength(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b = buf[i]
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < end && buf[i + k] >= lo && buf[i + k] <= hi
        }
        switch b {
        case 0xC2 ... 0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1 ... 0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1 ... 0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}

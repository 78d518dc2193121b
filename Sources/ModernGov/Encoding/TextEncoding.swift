#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An encoding a page's bytes may be in, by the WHATWG Encoding Standard's names.
enum TextEncoding: Hashable, Sendable {
    case utf8
    case utf16LE
    case utf16BE
    /// Also what HTML5 reads for the labels `iso-8859-1`, `latin1`, `us-ascii` and `ascii`.
    case windows1252
    /// Any other encoding iconv knows by the page's label (`iso-8859-15`, `windows-1250`, …).
    case iconv(String)

    /// The encoding a label names (WHATWG "get an encoding": surrounding whitespace removed, case
    /// ignored), nil for a label neither the WHATWG table below nor iconv knows. UTF-8 and
    /// windows-1252 — what UK councils' pages use — carry every WHATWG label; other labels go to
    /// iconv as written.
    init?(label: String) {
        let label = label.lowercased().trimmingASCIIWhitespace()
        guard !label.isEmpty else { return nil }
        if Self.utf8Labels.contains(label) {
            self = .utf8
        } else if Self.windows1252Labels.contains(label) {
            self = .windows1252
        } else if Self.utf16LELabels.contains(label) {
            self = .utf16LE
        } else if label == "utf-16be" || label == "unicodefffe" {
            self = .utf16BE
        } else if label.utf8.count <= 40, label.utf8.allSatisfy({ ASCIIByte.isLabel($0) }), Transcoder.iconvKnows(label) {
            self = .iconv(label)
        } else {
            return nil
        }
    }

    private static let utf8Labels: Set<String> = [
        "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8",
    ]
    private static let windows1252Labels: Set<String> = [
        "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
        "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
    ]
    private static let utf16LELabels: Set<String> = ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]
}

private enum ASCIIByte {
    /// Letters, digits and the punctuation encoding names use (`-`, `_`, `.`, `:`).
    static func isLabel(_ b: UInt8) -> Bool {
        ByteText.isAlpha(b) || ByteText.isDigit(b) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
    }
}

private extension String {
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !ByteText.isSpace($0) }),
              let last = bytes.lastIndex(where: { !ByteText.isSpace($0) }) else { return "" }
        return String(decoding: bytes[first ... last], as: UTF8.self)
    }
}

/// Turns bytes in a `TextEncoding` into valid UTF-8; what cannot be decoded becomes U+FFFD.
///
/// UTF-8 and windows-1252 are decoded here, not by iconv: glibc's CP1252 leaves five bytes
/// (0x81, 0x8D, 0x8F, 0x90, 0x9D) undefined where WHATWG maps them to U+0081…, and these two are
/// nearly every page, where a table of 32 code points is all it takes. UTF-16 goes through the
/// standard library's transcoder; every other encoding through iconv.
enum Transcoder {
    static func utf8(_ bytes: ArraySlice<UInt8>, from encoding: TextEncoding) -> [UInt8] {
        switch encoding {
        case .utf8:
            let copy = Array(bytes)
            return UTF8Encoding.firstInvalidIndex(copy, in: copy.indices) == nil ? copy : UTF8Encoding.repaired(copy, in: copy.indices)
        case .windows1252:
            return windows1252ToUTF8(bytes)
        case .utf16LE, .utf16BE:
            return utf16ToUTF8(bytes, bigEndian: encoding == .utf16BE)
        case .iconv(let label):
            return iconvToUTF8(bytes, label: label) ?? windows1252ToUTF8(bytes)
        }
    }

    static func windows1252ToUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
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

    private static func utf16ToUTF8(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        // A lone surrogate, and an odd last byte, become U+FFFD (as WHATWG's decoder does).
        var text = String(decoding: units, as: UTF16.self)
        if i < bytes.endIndex { text.append("\u{FFFD}") }
        return Array(text.utf8)
    }

    /// True when iconv can convert from `label` to UTF-8.
    static func iconvKnows(_ label: String) -> Bool {
        guard let converter = openIconv(label) else { return false }
        iconv_close(converter)
        return true
    }

    private static func openIconv(_ label: String) -> iconv_t? {
        let converter = iconv_open("UTF-8", label)
        return converter == iconv_t(bitPattern: -1) ? nil : converter
    }

    /// `bytes` converted by iconv; a byte it cannot convert becomes U+FFFD and conversion goes on
    /// after it. Nil when iconv does not know `label`.
    private static func iconvToUTF8(_ bytes: ArraySlice<UInt8>, label: String) -> [UInt8]? {
        guard let converter = openIconv(label) else { return nil }
        defer { iconv_close(converter) }
        var input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 2)
        var chunk = [UInt8](repeating: 0, count: 16_384)
        input.withUnsafeMutableBufferPointer { inBuffer in
            guard let inBase = inBuffer.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            while inLeft > 0 {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer -> (Int, Int) in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (result, outBuffer.count - outLeft)
                }
                out.append(contentsOf: chunk[0 ..< produced])
                guard result == -1 else { continue }
                switch errno {
                case E2BIG:
                    continue // the chunk is full: go on with an empty one
                default:
                    // EILSEQ or EINVAL (an invalid or cut-off sequence): one byte becomes U+FFFD.
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                }
            }
        }
        return out
    }
}

import Foundation

/// Builds normalised text, the form every string of a `Meeting` takes: NBSP and other Unicode
/// spaces read as spaces, whitespace collapsed within a paragraph, paragraphs joined by "\n" with
/// empty ones dropped, control characters removed, NFC. In single-line mode paragraph breaks
/// become spaces.
///
/// Its input is text as libxml2 hands it over, references already decoded. Two HTML5 rules that
/// libxml2 2.9 does not apply are applied here: the legacy references written without ";"
/// (`&amp`, `&lt`, `&gt`, `&quot`, `&nbsp`), which libxml2 leaves as written, and C1 characters
/// (`&#150;`), which are read as Windows-1252 ("–").
struct TextNormalizer {
    private(set) var out: [UInt8] = []
    private var paragraphStart = 0
    private var pendingSpace = false
    /// Set once a scalar that NFC might change has been written.
    private var needsNFC = false
    let singleLine: Bool

    init(singleLine: Bool, capacity: Int = 64) {
        self.singleLine = singleLine
        out.reserveCapacity(capacity)
    }

    mutating func breakParagraph() {
        if singleLine {
            pendingSpace = true
        } else if out.count > paragraphStart {
            out.append(0x0A)
            paragraphStart = out.count
            pendingSpace = false
        }
    }

    @inline(__always)
    private mutating func emitPendingSpace() {
        if pendingSpace {
            if out.count > paragraphStart { out.append(0x20) }
            pendingSpace = false
        }
    }

    mutating func append(scalar: UInt32) {
        switch scalar {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x2000 ... 0x200A, 0x202F, 0x205F, 0x3000:
            pendingSpace = true
        case 0x80 ... 0x9F:
            // C1 controls are Windows-1252 misread (`&#150;`); the five undefined ones are dropped.
            let mapped = Transcoder.windows1252[Int(scalar - 0x80)]
            if mapped > 0x9F { append(scalar: mapped) }
        case 0 ..< 0x20, 0x7F, 0xAD, 0x200B, 0xFEFF:
            break // controls, soft hyphen, zero-width space, BOM
        default:
            emitPendingSpace()
            if scalar >= 0x300, !(0x2000 ... 0x20CF).contains(scalar) { needsNFC = true }
            UTF8Encoding.append(scalar, to: &out)
        }
    }

    /// Appends `buf[from..<to]`, UTF-8 text (invalid sequences become U+FFFD). With
    /// `legacyReferences`, an `&amp`, `&lt`, `&gt`, `&quot` or `&nbsp` not followed by ";" or a letter
    /// or digit is read as its character, as HTML5 does in text.
    mutating func append(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int, legacyReferences: Bool = true) {
        var i = from
        while i < to {
            let b = buf[i]
            if b < 0x80 {
                if b > 0x20, b != 0x26, b != 0x7F {
                    // A run of visible ASCII, with single spaces between words, is copied in one go
                    // (collapsing would leave those spaces as they are).
                    var j = i + 1
                    while j < to {
                        let c = buf[j]
                        if c > 0x20, c < 0x7F, c != 0x26 {
                            j += 1
                        } else if c == 0x20, j + 1 < to, buf[j + 1] > 0x20, buf[j + 1] < 0x7F, buf[j + 1] != 0x26 {
                            j += 2
                        } else {
                            break
                        }
                    }
                    emitPendingSpace()
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i ..< j]))
                    i = j
                    continue
                } else if b == 0x26, legacyReferences, let (scalar, next) = Self.legacyReference(buf, at: i, end: to) {
                    append(scalar: scalar)
                    i = next
                    continue
                } else if b == 0x26 {
                    emitPendingSpace()
                    out.append(b)
                } else {
                    append(scalar: UInt32(b))
                }
                i += 1
                continue
            }
            let length = UTF8Encoding.sequenceLength(buf, i, to)
            guard length > 0 else {
                append(scalar: 0xFFFD)
                i += 1
                continue
            }
            // Decode only the sequences that may be spaces or invisible; copy the rest.
            if b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF {
                var scalar = UInt32(b) & (length == 2 ? 0x1F : 0x0F)
                for k in 1 ..< length { scalar = (scalar << 6) | UInt32(buf[i + k] & 0x3F) }
                append(scalar: scalar)
            } else {
                emitPendingSpace()
                if b >= 0xCC { needsNFC = true } // U+0300 and up
                for k in 0 ..< length { out.append(buf[i + k]) }
            }
            i += length
        }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0, from: 0, to: $0.count, legacyReferences: false) }
    }

    mutating func append(_ buf: UnsafeBufferPointer<UInt8>) {
        append(buf, from: 0, to: buf.count)
    }

    private static let legacyNames: [(name: StaticString, scalar: UInt32)] = [
        ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("nbsp", 0xA0),
    ]

    /// The legacy reference at `buf[at]` (an "&") and the index after it, or nil.
    private static func legacyReference(_ buf: UnsafeBufferPointer<UInt8>, at: Int, end: Int) -> (UInt32, Int)? {
        for (name, scalar) in legacyNames {
            let after = at + 1 + name.utf8CodeUnitCount
            guard after <= end else { continue }
            let matches = name.withUTF8Buffer { UnsafeBufferPointer(rebasing: buf[(at + 1) ..< after]).elementsEqual($0) }
            if matches, after == end || !(ByteText.isAlpha(buf[after]) || ByteText.isDigit(buf[after]) || buf[after] == 0x3B) {
                return (scalar, after)
            }
        }
        return nil
    }

    func finish() -> String {
        var count = out.count
        if count > 0, out[count - 1] == 0x0A { count -= 1 }
        let string = String(decoding: out[0 ..< count], as: UTF8.self)
        return needsNFC ? Self.nfc(string) : string
    }

    /// NFC, skipped when no scalar can change under it (the common case: ASCII and typographic punctuation).
    static func nfc(_ string: String) -> String {
        for scalar in string.unicodeScalars where scalar.value >= 0x300 {
            switch scalar.value {
            case 0x2002 ... 0x206F, 0x20A0 ... 0x20CF: continue
            default: return string.precomposedStringWithCanonicalMapping
            }
        }
        return string
    }

    /// Normalises a plain string (already decoded): whitespace collapsed, single line.
    static func line(_ string: String) -> String {
        var normalizer = TextNormalizer(singleLine: true, capacity: string.utf8.count)
        normalizer.append(string)
        return normalizer.finish()
    }
}

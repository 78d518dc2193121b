import Foundation

/// Builds normalised text, the form every string of a `Meeting` takes: references decoded,
/// NBSP and other Unicode spaces read as spaces, whitespace collapsed within a paragraph,
/// paragraphs joined by "\n" with empty ones dropped, control characters removed, NFC.
/// In single-line mode paragraph breaks become spaces.
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
        case 0 ..< 0x20, 0x7F ... 0x9F, 0xAD, 0x200B, 0xFEFF:
            break // controls, soft hyphen, zero-width space, BOM
        default:
            emitPendingSpace()
            if scalar >= 0x300, !(0x2000 ... 0x20CF).contains(scalar) { needsNFC = true }
            UTF8Encoding.append(scalar, to: &out)
        }
    }

    /// Appends `buf[from..<to]`, raw HTML text (references still encoded).
    mutating func append(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int, decodeReferences: Bool = true) {
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
                } else if b == 0x26, decodeReferences, let (scalar, next) = HTMLEntities.decode(buf, at: i, end: to, inAttribute: false) {
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
        text.withUTF8 { append($0, from: 0, to: $0.count, decodeReferences: false) }
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

extension HTMLDocument {
    /// Normalised text of the subtree of `n`. Content of script/style-like elements and of
    /// `span.mgHide` (screen-reader-only text) is left out, and so is any element `skip` accepts.
    func text(of n: Int, singleLine: Bool = false, skip: ((Int) -> Bool)? = nil) -> String {
        var normalizer = TextNormalizer(singleLine: singleLine)
        appendText(of: n, to: &normalizer, skip: skip)
        return normalizer.finish()
    }

    func appendText(of n: Int, to normalizer: inout TextNormalizer, skip: ((Int) -> Bool)? = nil) {
        bytes.withUnsafeBufferPointer { buf in
            if nodes[n].tag == .text {
                normalizer.append(buf, from: nodes[n].textStart, to: nodes[n].textEnd)
                return
            }
            var blockEnds: [Int] = []
            var i = n + 1
            let end = Int(nodes[n].end)
            while i < end {
                while let last = blockEnds.last, last <= i {
                    blockEnds.removeLast()
                    normalizer.breakParagraph()
                }
                let node = nodes[i]
                if node.tag == .text {
                    normalizer.append(buf, from: node.textStart, to: node.textEnd)
                    i += 1
                    continue
                }
                if node.tag.hidesText || (node.tag == .span && hasClass(i, "mgHide")) || skip?(i) == true {
                    i = Int(node.end)
                    continue
                }
                if node.tag.breaksText {
                    normalizer.breakParagraph()
                    if Int(node.end) > i + 1 { blockEnds.append(Int(node.end)) }
                }
                i += 1
            }
            while !blockEnds.isEmpty {
                blockEnds.removeLast()
                normalizer.breakParagraph()
            }
        }
    }
}

/// RFC 3986 percent-encoding, normalised: the one implementation behind the canonical URL form
/// and robots.txt matching (RFC 9309 §2.2.2 compares URLs the same way).
public enum PercentEncoding {
    /// RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
    @inlinable
    public static func isUnreserved(_ b: UInt8) -> Bool {
        ASCII.isAlpha(b) || ASCII.isDigit(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    /// RFC 3986 sub-delims: `! $ & ' ( ) * + , ; =`.
    @inlinable
    public static func isSubDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: true
        default: false
        }
    }

    /// Normalises `bytes`: an escape of an unreserved character is decoded, other escapes get
    /// upper-case hex, and every byte for which `encode` is true is escaped. A `%` that does not
    /// start an escape is escaped only if `encode` says so for `%`.
    public static func normalise(_ bytes: [UInt8], encode: (UInt8) -> Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25, i + 2 < bytes.count, let hi = Hex.digitValue(bytes[i + 1]), let lo = Hex.digitValue(bytes[i + 2]) {
                let value = hi << 4 | lo
                if isUnreserved(value) { out.append(value) } else { appendEscape(value, to: &out) }
                i += 3
                continue
            }
            if encode(b) { appendEscape(b, to: &out) } else { out.append(b) }
            i += 1
        }
        return out
    }

    /// True when every `%` in `bytes` starts an escape with two hex digits.
    public static func hasOnlyValidEscapes(_ bytes: some Collection<UInt8>) -> Bool {
        let bytes = Array(bytes)
        for (i, b) in bytes.enumerated() where b == 0x25 {
            guard i + 2 < bytes.count, Hex.digitValue(bytes[i + 1]) != nil, Hex.digitValue(bytes[i + 2]) != nil
            else { return false }
        }
        return true
    }

    /// Appends `%` and the byte's two upper-case hex digits (RFC 3986 §2.1).
    static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(0x25)
        out.append(contentsOf: Hex.encode([b], .upper).utf8)
    }
}

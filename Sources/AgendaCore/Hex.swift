/// Base-16 text of bytes, and the value of one hex digit: the one implementation behind digests,
/// quoted-printable and RFC 2047 escapes, percent-encoding and ETags.
public enum Hex {
    public enum LetterCase: Sendable {
        /// "0123456789abcdef": digests, ids, ETags.
        case lower
        /// "0123456789ABCDEF": quoted-printable, RFC 2047 and percent-encoding (RFC 3986 §2.1 recommends it).
        case upper
    }

    private static let lowerDigits = Array("0123456789abcdef".utf8)
    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// Two digits per byte, most significant nibble first.
    public static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes, _ letterCase: LetterCase = .lower) -> String {
        let digits = letterCase == .lower ? lowerDigits : upperDigits
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 16 digits of a 64-bit value, big-endian, zero-padded.
    public static func encode(_ value: UInt64, _ letterCase: LetterCase = .lower) -> String {
        encode((0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }, letterCase)
    }

    /// The value (0…15) of an ASCII hex digit in either case; nil for any other byte.
    public static func digitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

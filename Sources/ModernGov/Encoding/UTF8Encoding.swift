/// UTF-8 at the byte level: encoding scalars, validating and repairing byte sequences.
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

    /// Index of the first byte in `bytes[range]` that does not start a valid sequence, or nil when all are valid.
    static func firstInvalidIndex(_ bytes: [UInt8], in range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return nil }
            var i = range.lowerBound
            let end = range.upperBound
            while i < end {
                // ASCII eight bytes at a time.
                if i + 8 <= end, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                if buf[i] < 0x80 {
                    i += 1
                    continue
                }
                let length = sequenceLength(buf, i, end)
                guard length > 0 else { return i }
                i += length
            }
            return nil
        }
    }

    /// `bytes[range]` with every byte that does not start a valid sequence replaced by U+FFFD.
    static func repaired(_ bytes: [UInt8], in range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count + 16)
        bytes.withUnsafeBufferPointer { buf in
            var i = range.lowerBound
            while i < range.upperBound {
                if buf[i] < 0x80 {
                    out.append(buf[i])
                    i += 1
                    continue
                }
                let length = sequenceLength(buf, i, range.upperBound)
                if length == 0 {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    i += 1
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i ..< i + length]))
                    i += length
                }
            }
        }
        return out
    }
}

/// A gzip stream that inflates to `decodedBytes` zero bytes, written by hand (one fixed-Huffman
/// deflate block of 258-byte back-references), so this target needs no zlib: ~13 bits of input per
/// 258 bytes of output, i.e. 8 MiB from about 53 KB.
enum GzipBomb {
    static func zeros(decodedBytes: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)                    // BFINAL
        bits.write(1, count: 2)                    // BTYPE = 01, fixed Huffman
        bits.writeCode(0x30, length: 8)            // literal 0x00
        var produced = 1
        while produced + 258 <= decodedBytes {
            bits.writeCode(0xC5, length: 8)        // length code 285: 258 bytes
            bits.writeCode(0, length: 5)           // distance code 0: distance 1
            produced += 258
        }
        while produced < decodedBytes {
            bits.writeCode(0x30, length: 8)
            produced += 1
        }
        bits.writeCode(0, length: 7)               // end of block (256)
        let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        // CRC-32 of n zero bytes is not needed: the client must give up long before the trailer.
        let size = UInt32(truncatingIfNeeded: decodedBytes)
        let trailer: [UInt8] = [0, 0, 0, 0] + (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
        return header + bits.finished + trailer
    }

    private struct BitWriter {
        private var bytes: [UInt8] = []
        private var current: UInt32 = 0
        private var used = 0

        /// Header fields: least significant bit first.
        mutating func write(_ value: UInt32, count: Int) {
            for index in 0..<count { push(value >> index & 1) }
        }

        /// Huffman codes: most significant bit first.
        mutating func writeCode(_ code: UInt32, length: Int) {
            for index in stride(from: length - 1, through: 0, by: -1) { push(code >> index & 1) }
        }

        private mutating func push(_ bit: UInt32) {
            current |= bit << used
            used += 1
            if used == 8 {
                bytes.append(UInt8(current))
                current = 0
                used = 0
            }
        }

        var finished: [UInt8] { used > 0 ? bytes + [UInt8(current)] : bytes }
    }
}

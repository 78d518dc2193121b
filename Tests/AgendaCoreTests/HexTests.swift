import AgendaCore
import Testing

@Suite("Hex")
struct HexTests {
    @Test func encodesBytesInEitherCase() {
        #expect(Hex.encode([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Hex.encode([0x00, 0x0F, 0xA5, 0xFF], .upper) == "000FA5FF")
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode(Array(0...255).map(UInt8.init)).count == 512)
    }

    @Test func encodesA64BitValueBigEndianAndPadded() {
        #expect(Hex.encode(UInt64(0x1)) == "0000000000000001")
        #expect(Hex.encode(UInt64(0xCBF2_9CE4_8422_2325)) == "cbf29ce484222325")
        #expect(Hex.encode(UInt64.max, .upper) == "FFFFFFFFFFFFFFFF")
    }

    @Test func decodesOneDigitOfEitherCase() {
        for (index, digit) in "0123456789abcdef".utf8.enumerated() {
            #expect(Hex.digitValue(digit) == UInt8(index))
        }
        for (index, digit) in "ABCDEF".utf8.enumerated() {
            #expect(Hex.digitValue(digit) == UInt8(index + 10))
        }
        for other in "gG/:@` %z".utf8 { #expect(Hex.digitValue(other) == nil) }
    }

    @Test func everyByteRoundTrips() {
        for byte in UInt8.min...UInt8.max {
            let text = Array(Hex.encode([byte], .upper).utf8)
            #expect(Hex.digitValue(text[0])! << 4 | Hex.digitValue(text[1])! == byte)
        }
    }
}

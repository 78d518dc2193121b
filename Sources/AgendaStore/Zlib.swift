import CZlib
import Foundation

/// zlib for the raw pages and records kept with each version (HTML compresses ~6–10×).
enum Zlib {
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var destinationLength = compressBound(uLong(bytes.count))
        var destination = [UInt8](repeating: 0, count: Int(destinationLength))
        let status = bytes.withUnsafeBufferPointer { source in
            destination.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &destinationLength, source.baseAddress, uLong(source.count), 9)
            }
        }
        precondition(status == Z_OK, "compress2 cannot fail with a compressBound-sized buffer")
        destination.removeSubrange(Int(destinationLength)...)
        return destination
    }

    /// Inflates `bytes` whose original size was recorded as `originalSize`.
    static func decompress(_ bytes: [UInt8], originalSize: Int) -> [UInt8]? {
        var destinationLength = uLongf(originalSize)
        var destination = [UInt8](repeating: 0, count: max(originalSize, 1))
        let status = bytes.withUnsafeBufferPointer { source in
            destination.withUnsafeMutableBufferPointer { target in
                uncompress(target.baseAddress, &destinationLength, source.baseAddress, uLong(source.count))
            }
        }
        guard status == Z_OK, Int(destinationLength) == originalSize else { return nil }
        return Array(destination.prefix(originalSize))
    }
}

import Foundation

/// How a stored raw page is kept: the `raw_format` column of `versions` and `held_versions`.
enum PageFormat {
    /// `raw_format` NULL: zlib, as every page stored before the column existed.
    static let zlib: String? = nil
    /// page_retention dropped the body of a superseded version (an empty blob); its record stays.
    static let dropped = "dropped"

    /// The page as it is stored, and its format.
    static func encode(_ page: [UInt8]) -> (bytes: Data, format: String?) {
        (Data(Zlib.compress(page)), zlib)
    }

    /// The page back; nil when it does not decode to `size` bytes (a dropped page never does).
    static func decode(_ bytes: Data, format: String?, size: Int) -> [UInt8]? {
        switch format {
        case zlib: Zlib.decompress(Array(bytes), originalSize: size)
        default: nil
        }
    }
}

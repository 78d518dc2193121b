/// ASCII byte classes, for parsers that work on UTF-8 bytes (URLs here, HTML in ModernGov).
public enum ASCII {
    @inlinable @inline(__always)
    public static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    @inlinable @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inlinable @inline(__always)
    public static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}

import AgendaCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers over UTF-8 page bytes: character classes and fast searches.
enum ByteText {
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { ASCII.isAlpha(b) }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { ASCII.isDigit(b) }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C
    }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { ASCII.lower(b) }

    /// Index of the first `byte` in `buf[from..<to]`, or `to`.
    @inline(__always)
    static func indexOf(_ byte: UInt8, in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = buf.baseAddress else { return to }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return to }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Index just after the first `byte` in `buf[from..<to]`, or `to`.
    static func indexAfter(_ byte: UInt8, in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        let i = indexOf(byte, in: buf, from: from, to: to)
        return i < to ? i + 1 : to
    }

    /// Compares `buf[at...]` case-insensitively with an ASCII lower-case literal of known length.
    static func equalsLower(_ buf: UnsafeBufferPointer<UInt8>, _ at: Int, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { lit in
            guard at + lit.count <= buf.count else { return false }
            for k in 0 ..< lit.count where lower(buf[at + k]) != lit[k] { return false }
            return true
        }
    }

    /// First index of `needle` in `bytes[from...]`, or nil.
    static func find(_ needle: StaticString, in bytes: [UInt8], from: Int = 0) -> Int? {
        guard from >= 0, from < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> Int? in
            needle.withUTF8Buffer { n -> Int? in
                guard let base = buf.baseAddress, let nb = n.baseAddress, n.count > 0 else { return nil }
                var i = from
                let last = buf.count - n.count
                while i <= last {
                    let j = indexOf(n[0], in: buf, from: i, to: last + 1)
                    guard j <= last else { return nil }
                    if memcmp(base + j, nb, n.count) == 0 { return j }
                    i = j + 1
                }
                return nil
            }
        }
    }

    /// Last index of `needle` (ASCII, compared case-insensitively) in `bytes[from...]`, or nil.
    static func lastIndexCaseInsensitive(_ needle: StaticString, in bytes: [UInt8], from: Int = 0) -> Int? {
        needle.withUTF8Buffer { n -> Int? in
            guard n.count > 0, bytes.count - from >= n.count else { return nil }
            let first = lower(n[0])
            var i = bytes.count - n.count
            while i >= from {
                if lower(bytes[i]) == first {
                    var k = 1
                    while k < n.count, lower(bytes[i + k]) == lower(n[k]) { k += 1 }
                    if k == n.count { return i }
                }
                i -= 1
            }
            return nil
        }
    }

    /// Index of the last `byte` at or before `index`, or nil.
    static func lastIndex(of byte: UInt8, in bytes: [UInt8], atOrBefore index: Int) -> Int? {
        var i = min(index, bytes.count - 1)
        while i >= 0 {
            if bytes[i] == byte { return i }
            i -= 1
        }
        return nil
    }
}

extension StringProtocol {
    /// ASCII case-insensitive substring test (`needle` in lower case); a byte search that
    /// avoids Foundation's `contains`, which is slow on Linux.
    func containsIgnoringCase(_ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { n -> Bool in
            if let found = utf8.withContiguousStorageIfAvailable({ ByteText.containsLowercased($0, n) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { ByteText.containsLowercased($0, n) }
        }
    }
}

extension ByteText {
    static func containsLowercased(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard needle.count > 0 else { return true }
        guard haystack.count >= needle.count else { return false }
        for i in 0 ... (haystack.count - needle.count) where lower(haystack[i]) == needle[0] {
            var k = 1
            while k < needle.count, lower(haystack[i + k]) == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        return false
    }
}

extension ByteText {
    /// First index of `needle` (ASCII lower case) in `bytes[from...]`, ignoring case; nil if absent.
    static func firstIndexCaseInsensitive(_ needle: StaticString, in bytes: [UInt8], from: Int = 0) -> Int? {
        needle.withUTF8Buffer { n -> Int? in
            guard n.count > 0, bytes.count - from >= n.count else { return nil }
            for i in from ... (bytes.count - n.count) where lower(bytes[i]) == n[0] {
                var k = 1
                while k < n.count, lower(bytes[i + k]) == n[k] { k += 1 }
                if k == n.count { return i }
            }
            return nil
        }
    }
}

import CLibXML2

/// Reading libxml2's NUL-terminated UTF-8 strings without copying them.
enum CString {
    @inline(__always)
    static func buffer(_ string: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: string, count: Int(xmlStrlen(string)))
    }

    /// True when `string` is exactly `literal`.
    @inline(__always)
    static func equals(_ string: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in
            // Stops at the first difference, so never reads past the string's NUL.
            for k in 0 ..< expected.count where string[k] != expected[k] { return false }
            return string[expected.count] == 0
        }
    }

    /// True when the whitespace-separated list `list` contains `token`.
    static func containsToken(_ list: UnsafeBufferPointer<UInt8>, _ token: StaticString) -> Bool {
        token.withUTF8Buffer { token in
            guard token.count > 0, list.count >= token.count else { return false }
            var found = false
            forEachToken(in: list) { if !found, $0.elementsEqual(token) { found = true } }
            return found
        }
    }

    /// Calls `body` with each token of the whitespace-separated list `list`, in order.
    @inline(__always)
    static func forEachToken(in list: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var i = 0
        while i < list.count {
            while i < list.count, ByteText.isSpace(list[i]) { i += 1 }
            let start = i
            while i < list.count, !ByteText.isSpace(list[i]) { i += 1 }
            if i > start { body(UnsafeBufferPointer(rebasing: list[start ..< i])) }
        }
    }
}

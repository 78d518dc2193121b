/// Parses TOML with TOMLKit (toml++ 3.4.0) without letting malformed text reach the places where
/// that version aborts the process instead of reporting an error (see `TOMLScanner`).
///
/// When the scanner follows the whole text, toml++ parses all of it. When the scanner stops,
/// toml++ parses only the text before the stop: an error it finds there is the first error in the
/// file and is reported as toml++ words it; otherwise the error is the scanner's, at the stop:
/// "expected a key after '[', saw '{'".
enum SyntaxGate {
    static func parse(_ text: String, scan: TOMLScanner.Result) throws(TOMLSyntaxError) -> [String: TOMLNode] {
        guard let stop = scan.stop else { return try TOMLNode.parse(text) }
        let bytes = Array(text.utf8)
        let (line, column) = position(of: stop.offset, in: bytes)
        let ours = TOMLSyntaxError(message: "TOML syntax error: expected \(stop.expected), saw "
                                   + describe(bytes, at: stop.offset),
                                   line: line, column: column)
        do {
            _ = try TOMLNode.parse(String(decoding: bytes[..<stop.offset], as: UTF8.self))
        } catch {
            if (error.line, error.column) < (line, column) { throw error }
        }
        throw ours
    }

    /// 1-based line and column (in Unicode scalars, as toml++ counts) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
        }
        return (line, column)
    }

    private static func describe(_ bytes: [UInt8], at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        switch bytes[offset] {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "the end of the line"
        case UInt8(ascii: "#"): return "a comment"
        default:
            var end = offset + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
        }
    }
}

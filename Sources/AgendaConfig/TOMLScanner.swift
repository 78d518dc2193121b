/// A scanner over TOML text that follows the document exactly as toml++ parses a valid one:
/// comments, `[table]` and `[[array-of-tables]]` headers (bare, quoted and dotted keys),
/// `key = value` lines, and values (basic, literal and multi-line strings, arrays and inline
/// tables, which may span lines; numbers, booleans and dates are skipped as tokens).
///
/// It serves two purposes:
/// - the line of every key, array element and table header (`KeyLocations`): TOMLKit 0.6.0
///   exposes no source positions except for syntax errors;
/// - where it first meets text it cannot follow, a `Stop` with what it expected there. toml++
///   3.4.0, as vendored by TOMLKit 0.6.0 (and compiled without `NDEBUG`, so also in release
///   builds), aborts the whole process on some malformed input instead of reporting an error:
///   a header such as `[{source]]` or `[[[x]]]` (marzer/tomlplusplus#301) and a `}` where an
///   array element should be. `SyntaxGate` hands toml++ only the text before the stop.
///
/// It is not a validator: numbers, dates, escapes, duplicate keys and the like are toml++'s
/// to check, and it reports those errors itself.
struct TOMLScanner {
    struct Result: Sendable {
        var lines: [ConfigKeyPath: Int] = [:]
        /// Where the scanner could not follow the text, if anywhere.
        var stop: Stop?
    }

    /// A byte offset and what a TOML document would need there.
    struct Stop: Error, Sendable {
        var offset: Int
        var expected: String
    }

    static func scan(_ text: String) -> Result {
        var scanner = TOMLScanner(bytes: Array(text.utf8))
        let stop: Stop?
        do {
            try scanner.scanDocument()
            stop = nil
        } catch {
            stop = error
        }
        return Result(lines: scanner.lines, stop: stop)
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lines: [ConfigKeyPath: Int] = [:]
    /// Element count of each array of tables seen so far, by its concrete path.
    private var arrayCounts: [ConfigKeyPath: Int] = [:]

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    // MARK: Document

    private mutating func scanDocument() throws(Stop) {
        var table = ConfigKeyPath.root
        while true {
            skipTrivia(newlines: true)
            guard let byte = peek() else { return }
            if byte == UInt8(ascii: "[") {
                let headerLine = line
                let isArray = try openHeader()
                let keys = try parseKeys()
                try expect("]", "']' to close the table header")
                if isArray {
                    guard consume("]") else { throw stop("']]' to close the array-of-tables header") }
                    let array = resolve(keys.dropLast()).appending(keys.last!)
                    let index = arrayCounts[array, default: 0]
                    arrayCounts[array] = index + 1
                    table = array.appending(index: index)
                    record(array, headerLine)
                } else {
                    table = resolve(keys[...])
                }
                record(table, headerLine)
            } else {
                try parseKeyValue(in: table)
            }
            try endOfStatement()
        }
    }

    /// Consumes `[` or `[[` and the spaces after it, as toml++ does; returns whether it is `[[`.
    private mutating func openHeader() throws(Stop) -> Bool {
        position += 1
        let hadSpace = skipSpaces()
        var isArray = false
        if peek() == UInt8(ascii: "[") {
            guard !hadSpace else { throw stop("a table name after '[' (write [[name]] without spaces between the brackets)") }
            position += 1
            skipSpaces()
            isArray = true
        }
        let startsKey = peek().map { Self.isBareKeyByte($0) || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") } ?? false
        guard startsKey else { throw stop(isArray ? "a table name after '[['" : "a table name after '['") }
        return isArray
    }

    /// After a header or a key/value pair: only spaces and a comment before the line ends.
    private mutating func endOfStatement() throws(Stop) {
        skipTrivia(newlines: false)
        guard let byte = peek() else { return }
        let lineBreak = byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n"))
        guard lineBreak else { throw stop("the end of the line") }
    }

    /// A header's keys with the current element of every array of tables along the way.
    private func resolve(_ keys: ArraySlice<String>) -> ConfigKeyPath {
        var path = ConfigKeyPath.root
        for key in keys {
            path = path.appending(key)
            if let count = arrayCounts[path] { path = path.appending(index: count - 1) }
        }
        return path
    }

    private mutating func record(_ path: ConfigKeyPath, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    private mutating func parseKeyValue(in table: ConfigKeyPath) throws(Stop) {
        let keyLine = line
        let keys = try parseKeys()
        try expect("=", "'=' after the key")
        var path = table
        for key in keys {
            path = path.appending(key)
            record(path, keyLine)
        }
        try parseValue(at: path)
    }

    // MARK: Keys

    private mutating func parseKeys() throws(Stop) -> [String] {
        var keys: [String] = []
        repeat {
            skipSpaces()
            keys.append(try parseKey())
            skipSpaces()
        } while consume(".")
        return keys
    }

    private mutating func parseKey() throws(Stop) -> String {
        switch peek() {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { throw stop("a key (multi-line strings cannot be keys)") }
            return try parseBasicString()
        case UInt8(ascii: "'"):
            if startsWith("'''") { throw stop("a key (multi-line strings cannot be keys)") }
            return try parseLiteralString()
        case let byte? where Self.isBareKeyByte(byte):
            let start = position
            while let byte = peek(), Self.isBareKeyByte(byte) { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        default:
            throw stop("a key (letters, digits, '_' and '-', or a quoted string)")
        }
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    // MARK: Values

    private mutating func parseValue(at path: ConfigKeyPath) throws(Stop) {
        skipSpaces()
        switch peek() {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { try skipMultilineString(quote: UInt8(ascii: "\"")) } else { _ = try parseBasicString() }
        case UInt8(ascii: "'"):
            if startsWith("'''") { try skipMultilineString(quote: UInt8(ascii: "'")) } else { _ = try parseLiteralString() }
        case UInt8(ascii: "["):
            try parseArray(at: path)
        case UInt8(ascii: "{"):
            try parseInlineTable(at: path)
        default:
            try skipScalar()
        }
    }

    private mutating func parseArray(at path: ConfigKeyPath) throws(Stop) {
        position += 1
        var index = 0
        while true {
            skipTrivia(newlines: true)
            if consume("]") { return }
            let element = path.appending(index: index)
            record(element, line)
            try parseValue(at: element)
            index += 1
            skipTrivia(newlines: true)
            if consume(",") { continue }
            try expect("]", "',' or ']' in the array")
            return
        }
    }

    /// `{ a = 1, b = 2 }` on one line (TOML 1.0), no trailing comma.
    private mutating func parseInlineTable(at path: ConfigKeyPath) throws(Stop) {
        position += 1
        skipSpaces()
        if consume("}") { return }
        while true {
            skipSpaces()
            try parseKeyValue(in: path)
            skipSpaces()
            if consume(",") { continue }
            try expect("}", "',' or '}' in the inline table")
            return
        }
    }

    /// Numbers, booleans, dates and times: a token up to the next delimiter. A date followed by
    /// a space and a digit is a date-time written with a space (`1979-05-27 07:32:00Z`).
    private mutating func skipScalar() throws(Stop) {
        let start = position
        while let byte = peek() {
            if byte == UInt8(ascii: " "), position - start == 10, bytes[start + 4] == UInt8(ascii: "-"),
               let next = peek(1), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) {
                position += 1
                continue
            }
            if Self.endsScalar(byte) { break }
            position += 1
        }
        guard position > start else { throw stop("a value") }
    }

    private static func endsScalar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
             UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"),
             UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "="), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    private mutating func parseBasicString() throws(Stop) -> String {
        position += 1  // opening quote
        var content: [UInt8] = []
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            position += 1
            if byte == UInt8(ascii: "\"") { return Self.unescape(content) }
            content.append(byte)
            if byte == UInt8(ascii: "\\"), let escaped = peek(), escaped != UInt8(ascii: "\n") {
                content.append(escaped)
                position += 1
            }
        }
        throw stop("'\"' to close the string")
    }

    private mutating func parseLiteralString() throws(Stop) -> String {
        position += 1
        let start = position
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            position += 1
            if byte == UInt8(ascii: "'") { return String(decoding: bytes[start..<position - 1], as: UTF8.self) }
        }
        throw stop("\"'\" to close the string")
    }

    /// `"""…"""` or `'''…'''`; the closing delimiter may be followed by up to two more quotes,
    /// which belong to the content.
    private mutating func skipMultilineString(quote: UInt8) throws(Stop) {
        position += 3
        while let byte = peek() {
            if byte == quote, peek(1) == quote, peek(2) == quote {
                position += 3
                var extra = 0
                while extra < 2, peek() == quote { position += 1; extra += 1 }
                return
            }
            advance()
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), peek() != nil { advance() }
        }
        throw stop(quote == UInt8(ascii: "\"") ? "'\"\"\"' to close the string" : "\"'''\" to close the string")
    }

    /// Keys in this document are plain enough that only the common escapes matter for matching
    /// them to parsed keys; anything else is kept as written.
    private static func unescape(_ content: [UInt8]) -> String {
        let text = String(decoding: content, as: UTF8.self)
        guard text.contains("\\") else { return text }
        var result = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else { result.append(character); continue }
            switch next {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "t": result.append("\t")
            case "n": result.append("\n")
            default: result.append("\\"); result.append(next)
            }
        }
        return result
    }

    // MARK: Trivia and bytes

    /// Spaces, tabs, comments, and (when `newlines`) line breaks, LF or CRLF.
    private mutating func skipTrivia(newlines: Bool) {
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                position += 1
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"):
                guard newlines else { return }
                position += 1
            case UInt8(ascii: "\n") where newlines:
                advance()
            case UInt8(ascii: "#"):
                while let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") || peek(1) != UInt8(ascii: "\n") {
                    position += 1
                }
            default:
                return
            }
        }
    }

    /// Spaces and tabs; returns whether there were any.
    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = position
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
        return position > start
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func startsWith(_ text: String) -> Bool {
        let pattern = Array(text.utf8)
        return position + pattern.count <= bytes.count && Array(bytes[position..<position + pattern.count]) == pattern
    }

    private mutating func advance() {
        if bytes[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard peek() == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ character: Unicode.Scalar, _ expected: String) throws(Stop) {
        skipSpaces()
        guard consume(character) else { throw stop(expected) }
    }

    private func stop(_ expected: String) -> Stop {
        Stop(offset: position, expected: expected)
    }
}

import TOMLKit

/// A parsed TOML value as plain Swift data, so that validation neither holds TOMLKit's
/// (non-Sendable, pointer-backed) classes nor depends on their API beyond this file.
indirect enum TOMLNode: Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A date, time or date-time, kept as TOML text; agenda-sync has no setting of these types.
    case dateTime(String)
    case array([TOMLNode])
    case table([String: TOMLNode])

    /// For messages: "a string", "an integer", …
    var typeDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a floating-point number"
        case .boolean: "a boolean"
        case .dateTime: "a date/time"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// Parses TOML text (with TOMLKit, i.e. toml++).
    static func parse(_ text: String) throws(TOMLSyntaxError) -> [String: TOMLNode] {
        do {
            return convert(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            // toml++ says "Error while parsing key-value pair: expected value, saw '\n'".
            let prefix = "Error while parsing "
            let message = error.description.hasPrefix(prefix)
                ? "TOML syntax error while parsing " + error.description.dropFirst(prefix.count)
                : "TOML syntax error: " + error.description
            throw TOMLSyntaxError(message: message, line: error.source.begin.line, column: error.source.begin.column)
        } catch {
            throw TOMLSyntaxError(message: "TOML syntax error: \(error)", line: 1, column: 1)
        }
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var entries: [String: TOMLNode] = [:]
        for key in table.keys {
            if let value = table[key] { entries[key] = convert(value) }
        }
        return entries
    }

    private static func convert(_ value: any TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: .string(value.string ?? "")
        case .int: .integer(value.int ?? 0)
        case .double: .float(value.double ?? 0)
        case .bool: .boolean(value.bool ?? false)
        case .date, .time, .dateTime: .dateTime(value.debugDescription)
        case .array: .array(value.array.map { $0.map { convert($0) } } ?? [])
        case .table: .table(value.table.map { convert($0) } ?? [:])
        }
    }
}

/// A TOML syntax error with its 1-based position.
struct TOMLSyntaxError: Error {
    /// The whole message, e.g. "TOML syntax error while parsing key-value pair: expected value, saw '\n'".
    let message: String
    let line: Int
    let column: Int
}

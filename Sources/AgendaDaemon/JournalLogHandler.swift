#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A swift-log handler for a service whose stderr goes to journald: one line per event,
///
///     <6>cycle.finished source=leics outcome=ok fetches=12 failures=0 bytes=183204 next_due=2026-11-29T09:40:12Z
///
/// The `<N>` prefix is the syslog priority journald reads (sd-daemon(3)); the message is a stable
/// event name (`daemon.ready`, `cycle.finished`, `source.unhealthy`, …) and the metadata follow as
/// `key=value`, sorted by key, values quoted when they contain spaces, quotes or `=`. Each line
/// goes out in one `write(2)`, so lines from different threads never interleave and nothing waits
/// in a stdio buffer.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let fileDescriptor: Int32

    public init(label: String, level: Logger.Level = .info, fileDescriptor: Int32 = STDERR_FILENO) {
        logLevel = level
        self.fileDescriptor = fileDescriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let line = Self.format(level: event.level, message: event.message.description, metadata: all)
        emit(line)
    }

    /// `<N>message key=value…\n`, one line whatever the input.
    public static func format(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = "<\(priority(level))>" + singleLine(message)
        for key in metadata.keys.sorted() {
            line += " " + key + "=" + quoted(render(metadata[key]!))
        }
        return line + "\n"
    }

    /// syslog priorities: 2 crit, 3 err, 4 warning, 5 notice, 6 info, 7 debug.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(render).joined(separator: ",")
        case .dictionary(let pairs): pairs.keys.sorted().map { "\($0):\(render(pairs[$0]!))" }.joined(separator: ",")
        }
    }

    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.isNewline }
        if plain { return value }
        var escaped = "\""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    private static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    private func emit(_ line: String) {
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return   // stderr gone: nothing better to do with a log line
            }
            offset += written
        }
    }
}

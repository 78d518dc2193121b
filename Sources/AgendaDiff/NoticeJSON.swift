import AgendaModel
import Foundation

/// The wire form of a notice: the docs/notices.md object as one compact line (no newline
/// inside or at the end), keys sorted, `/` unescaped, absent optionals omitted.
/// The file channel appends "\n"; the webhook sends it as the body and signs these exact bytes.
public enum NoticeJSON {
    public static func encode(_ notice: Notice) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A notice holds only strings and integers: encoding cannot fail.
        guard let data = try? encoder.encode(notice) else { preconditionFailure("Notice failed to encode as JSON") }
        return Array(data)
    }

    public static func decode(_ bytes: [UInt8]) throws -> Notice {
        try JSONDecoder().decode(Notice.self, from: Data(bytes))
    }
}

/// The SMTP envelope of a spooled message, read from its own header, as `sendmail -t` does:
/// the sender from `Sender:` or else the first `From:` mailbox, the recipients from every
/// `To:` and `Cc:` field (duplicates dropped, `Bcc:` not read).
public struct SMTPEnvelope: Sendable, Hashable {
    public var from: String
    public var to: [String]
    /// The `Message-ID:` field's value as written (e.g. `<ntc_…@example.org>`), if any.
    public var messageID: String?

    public init(from: String, to: [String], messageID: String? = nil) {
        self.from = from
        self.to = to
        self.messageID = messageID
    }

    /// The largest header section read; a notice's header is a few kilobytes.
    static let maxHeaderBytes = 256 * 1024

    /// Reads the envelope from the header section of `message` (up to the first empty line).
    ///
    /// Folded fields are unfolded; an address is the addr-spec inside `<…>`, or the bare
    /// addr-spec with comments removed; display names, quoted strings and groups are understood.
    ///
    /// - Throws: ``SMTPEnvelopeError`` when there is no usable sender or recipient.
    public static func parse(message: [UInt8]) throws(SMTPEnvelopeError) -> SMTPEnvelope {
        let fields = headerFields(message)
        func values(_ name: String) -> [String] {
            fields.filter { $0.name.lowercased() == name }.map(\.value)
        }

        let senderField = values("sender").first.flatMap { AddressListParser.addresses(in: $0).first }
        let fromAddresses = values("from").flatMap { AddressListParser.addresses(in: $0) }
        if values("from").isEmpty, senderField == nil { throw .missingFrom }
        guard let from = senderField ?? fromAddresses.first else { throw .noSenderAddress }
        if let problem = SMTPAddress.problem(from) { throw .invalidAddress(field: "From", problem: problem) }

        var recipients: [String] = []
        var seen: Set<String> = []
        for name in ["to", "cc"] {
            for value in values(name) {
                for address in AddressListParser.addresses(in: value) {
                    if let problem = SMTPAddress.problem(address) {
                        throw .invalidAddress(field: name == "to" ? "To" : "Cc", problem: problem)
                    }
                    if seen.insert(address.lowercased()).inserted { recipients.append(address) }
                }
            }
        }
        guard !recipients.isEmpty else { throw .noRecipient }

        let messageID = values("message-id").first.map { $0.trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 }
        return SMTPEnvelope(from: from, to: recipients, messageID: messageID)
    }

    struct Field { var name: String; var value: String }

    /// The unfolded header fields, in order. Lines without a colon are skipped.
    static func headerFields(_ message: [UInt8]) -> [Field] {
        var fields: [Field] = []
        var lineStart = 0
        var index = 0
        let end = min(message.count, maxHeaderBytes)
        func addLine(_ line: ArraySlice<UInt8>) {
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let text = String(decoding: line, as: UTF8.self)
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if !fields.isEmpty { fields[fields.count - 1].value += text }   // unfold: drop only the CRLF
                return
            }
            guard let colon = text.firstIndex(of: ":") else { return }
            fields.append(Field(name: text[..<colon].trimmingSpaces, value: String(text[text.index(after: colon)...])))
        }
        while index < end {
            if message[index] == UInt8(ascii: "\n") {
                let line = message[lineStart..<index]
                if line.isEmpty || line == [UInt8(ascii: "\r")] { return fields }   // end of the header
                addLine(line)
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < end { addLine(message[lineStart..<end]) }
        return fields
    }
}

/// Why a spooled message has no usable envelope. The message cannot be sent as it is.
public enum SMTPEnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingFrom
    case noSenderAddress
    case noRecipient
    case invalidAddress(field: String, problem: String)

    public var description: String {
        switch self {
        case .missingFrom: "the message has no From: header"
        case .noSenderAddress: "the From: header holds no address"
        case .noRecipient: "the message has no recipient address in To: or Cc:"
        case .invalidAddress(let field, let problem): "\(field): \(problem)"
        }
    }
}

/// RFC 5322 address lists, far enough to find each mailbox's addr-spec.
enum AddressListParser {
    static func addresses(in value: String) -> [String] {
        var result: [String] = []
        var outside = ""              // outside <…> and comments: a bare addr-spec, or a display name
        var angle: String?            // inside an open <…>
        var closedAngle: String?      // a closed <…>: the rest of the element is ignored
        var inQuotes = false
        var commentDepth = 0
        var escaped = false

        func append(_ character: Character) {
            guard closedAngle == nil else { return }
            if angle != nil { angle!.append(character) } else { outside.append(character) }
        }
        func finish() {
            let bracketed = closedAngle ?? angle
            var address = (bracketed ?? outside).trimmingSpaces
            // An obsolete route, <@relay.example:jane@example.org>, ends at the last colon.
            if bracketed != nil, address.hasPrefix("@"), let colon = address.lastIndex(of: ":") {
                address = String(address[address.index(after: colon)...])
            }
            if !address.isEmpty { result.append(address) }
            outside = ""
            angle = nil
            closedAngle = nil
        }

        for character in value {
            if escaped {
                if commentDepth == 0 { append(character) }
                escaped = false
            } else if commentDepth > 0 {
                switch character {
                case "\\": escaped = true
                case "(": commentDepth += 1
                case ")": commentDepth -= 1
                default: break
                }
            } else if inQuotes {
                append(character)
                if character == "\\" { escaped = true } else if character == "\"" { inQuotes = false }
            } else {
                switch character {
                case "\"": inQuotes = true; append(character)
                case "(": commentDepth = 1
                case "<" where angle == nil && closedAngle == nil: angle = ""
                case ">" where angle != nil: closedAngle = angle; angle = nil
                case ",", ";": if angle == nil { finish() } else { append(character) }
                case ":" where angle == nil && closedAngle == nil: outside = ""   // a group's name
                default: append(character)
                }
            }
        }
        finish()
        return result
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while let c = slice.first, c == " " || c == "\t" || c == "\r" || c == "\n" { slice.removeFirst() }
        while let c = slice.last, c == " " || c == "\t" || c == "\r" || c == "\n" { slice.removeLast() }
        return String(slice)
    }
}

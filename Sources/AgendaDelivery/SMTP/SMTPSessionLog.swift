/// The server's replies in one SMTP session, each tagged with the command it answers, as
/// libcurl's debug callback shows them (`CURLINFO_HEADER_OUT` for commands, `CURLINFO_HEADER_IN`
/// for reply lines). Only command verbs are kept, never arguments: an `AUTH` line carries the
/// credentials.
///
/// Touched only by the transfer's thread.
final class SMTPSessionLog {
    /// The command a reply answers.
    enum Stage: String, Sendable {
        case greeting, ehlo = "EHLO", helo = "HELO", startTLS = "STARTTLS", auth = "AUTH",
             mail = "MAIL FROM", rcpt = "RCPT TO", data = "DATA", endOfData = "end of data",
             quit = "QUIT", other = "command"
    }

    struct Reply: Sendable, Hashable {
        var code: Int
        var stage: Stage
        /// `550 5.1.1 mailbox unavailable`; the lines of a multi-line reply joined by spaces.
        var text: String
    }

    /// Longest reply text kept; a relay's reply is a line or two.
    static let maxReplyCharacters = 1000

    private(set) var replies: [Reply] = []
    /// The command whose reply is awaited now.
    private(set) var stage: Stage = .greeting
    private var stageBeforeQuit: Stage?
    private var partialLine: [UInt8] = []
    private var pendingTexts: [String] = []

    /// Bytes libcurl read from the server (CURLINFO_HEADER_IN): one or more reply lines.
    func received(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if partialLine.last == UInt8(ascii: "\r") { partialLine.removeLast() }
                addLine(String(decoding: partialLine, as: UTF8.self))
                partialLine.removeAll(keepingCapacity: true)
            } else if partialLine.count < 4096 {
                partialLine.append(byte)
            }
        }
    }

    /// A command libcurl sent (CURLINFO_HEADER_OUT). Lines that are not a known verb (the
    /// base64 turns of an AUTH exchange) keep the current stage.
    func sent(_ bytes: UnsafeRawBufferPointer) {
        let verb = String(decoding: bytes.prefix(while: { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }).prefix(10),
                          as: UTF8.self).uppercased()
        switch verb {
        case "EHLO": stage = .ehlo
        case "HELO": stage = .helo
        case "STARTTLS": stage = .startTLS
        case "AUTH": stage = .auth
        case "MAIL": stage = .mail
        case "RCPT": stage = .rcpt
        case "DATA": stage = .data
        case "QUIT": if stage != .quit { stageBeforeQuit = stage }; stage = .quit
        default: if stage != .auth { stage = .other }
        }
    }

    private func addLine(_ line: String) {
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, utf8[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let code = Int(String(line.prefix(3)))
        else {
            pendingTexts.append(line)   // not a reply line; keep it with the reply it belongs to
            return
        }
        let isLast = utf8.count == 3 || utf8[3] != UInt8(ascii: "-")
        let text = utf8.count > 4 ? String(decoding: utf8[4...], as: UTF8.self) : ""
        if !text.isEmpty { pendingTexts.append(text) }
        guard isLast else { return }
        var joined = ([String(code)] + pendingTexts).joined(separator: " ")
        if joined.count > Self.maxReplyCharacters { joined = String(joined.prefix(Self.maxReplyCharacters)) + "…" }
        replies.append(Reply(code: code, stage: stage, text: joined))
        pendingTexts.removeAll()
        // The body goes out as DATA_OUT, the final dot without any debug call: the reply after
        // 354 answers the end of the data.
        if stage == .data, code == 354 { stage = .endOfData }
    }

    /// The reply to the end of the data, if the server gave one.
    var endOfDataReply: Reply? { replies.last { $0.stage == .endOfData } }

    /// The last reply before QUIT: the one that decided the session.
    var decisiveReply: Reply? { replies.last { $0.stage != .quit } }

    /// Where the session was when it ended, QUIT aside (libcurl sends QUIT even after a failure).
    var lastStageBeforeQuit: Stage { stage == .quit ? stageBeforeQuit ?? .quit : stage }

    /// Whether the server said anything at all (its greeting at least).
    var reachedServer: Bool { !replies.isEmpty }
}

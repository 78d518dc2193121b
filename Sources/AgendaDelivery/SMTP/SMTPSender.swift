import Foundation

/// Sends one message at a time to an SMTP relay over libcurl.
///
/// - Each message gets its own connection and its own thread: `curl_easy_perform` blocks, so it
///   never runs on Swift's cooperative pool. `send` suspends until the session ends.
/// - Only `smtp` and `smtps`; TLS verification always on; no proxy; the session bounded by
///   ``SMTPSettings/timeout``.
/// - The message goes out byte for byte; libcurl dot-stuffs lines that start with `.` and ends
///   the DATA (adding a CRLF only when the message does not end with one).
/// - Cancelling the calling task aborts the session at libcurl's next progress call; the result
///   is then `.temporary`, unless the relay had already accepted the message.
public final class SMTPSender: Sendable {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Sends `message` (RFC 5322, CRLF line endings) with envelope sender `from` and envelope
    /// recipients `to` (bare addr-specs such as `jane@example.org`).
    ///
    /// A recipient the relay refuses fails the whole message (no partial delivery). An envelope
    /// that cannot be sent (no recipient, an address with spaces, brackets or non-ASCII, which
    /// would need SMTPUTF8) is `.permanent` without connecting.
    public func send(message: [UInt8], from: String, to: [String]) async -> SMTPResult {
        await deliver(message: message, from: from, to: to).result
    }

    /// ``send(message:from:to:)``, also telling whether the relay answered at all.
    func deliver(message: [UInt8], from: String, to: [String]) async -> SMTPTransfer.Ending {
        if let problem = Self.envelopeProblem(from: from, to: to) {
            return SMTPTransfer.Ending(result: .permanent(code: nil, reply: "invalid envelope: \(problem)"),
                                       reachedServer: false)
        }
        let transfer = SMTPTransfer(settings: settings, message: message, from: from, to: to)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SMTPTransfer.Ending, Never>) in
                let thread = Thread {
                    continuation.resume(returning: transfer.perform())
                }
                thread.name = "agenda-sync smtp"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    /// Why the envelope cannot go into MAIL FROM / RCPT TO as it is, or nil.
    static func envelopeProblem(from: String, to: [String]) -> String? {
        guard !to.isEmpty else { return "no recipient" }
        for address in [from] + to {
            if let problem = SMTPAddress.problem(address) { return problem }
        }
        return nil
    }
}

/// Checks on an addr-spec bound for MAIL FROM or RCPT TO.
enum SMTPAddress {
    /// Why `address` cannot be used as an SMTP envelope address, or nil.
    static func problem(_ address: String) -> String? {
        let shown = String(reflecting: address)
        guard !address.isEmpty else { return "an empty address" }
        guard address.utf8.count <= 254 else { return "address \(shown) is longer than 254 bytes" }
        guard address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return "address \(shown) holds spaces, control or non-ASCII characters (SMTPUTF8 is not supported)"
        }
        guard !address.contains(where: { "<>(),;\\".contains($0) }) else {
            return "address \(shown) holds one of < > ( ) , ; \\"
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex else {
            return "address \(shown) is not of the form local@domain"
        }
        return nil
    }
}

/// Turns how a session ended — libcurl's result and the server's replies — into an ``SMTPResult``.
enum SMTPOutcome {
    /// Reply codes that speak about the session's authentication, not about the message.
    static let authenticationCodes: Set<Int> = [530, 534, 535, 538]

    /// Stages whose 5xx reply is about this message; a 5xx anywhere else (greeting, EHLO,
    /// STARTTLS, AUTH) is the relay refusing us, which retrying after a fix can cure.
    static let messageStages: Set<SMTPSessionLog.Stage> = [.mail, .rcpt, .data, .endOfData]

    static func classify(
        curlSucceeded: Bool,
        curlCode: Int,
        curlMessage: String,
        log: SMTPSessionLog,
        cancelled: Bool,
        relay: String
    ) -> SMTPResult {
        // Accepted is accepted, whatever failed afterwards (QUIT, a late timeout): reporting it
        // as a failure would send it twice.
        if let accepted = log.endOfDataReply, (200..<300).contains(accepted.code) {
            return .sent(reply: accepted.text)
        }
        if curlSucceeded {
            return .sent(reply: log.decisiveReply?.text ?? "250 (accepted; the reply text was not captured)")
        }
        if let reply = log.decisiveReply, reply.code >= 400 {
            let text = "\(reply.text) (reply to \(reply.stage.rawValue))"
            if reply.code < 500 || !messageStages.contains(reply.stage) || authenticationCodes.contains(reply.code) {
                return .temporary(code: reply.code, reply: text)
            }
            return .permanent(code: reply.code, reply: text)
        }
        let detail = "\(curlMessage) (curl error \(curlCode))"
        if cancelled {
            return .temporary(code: nil, reply: "cancelled before the relay accepted the message: \(detail)")
        }
        guard let last = log.decisiveReply else {
            return .temporary(code: nil, reply: "could not reach the relay \(relay): \(detail)")
        }
        return .temporary(code: nil, reply: "the session with \(relay) failed at \(log.lastStageBeforeQuit.rawValue) "
            + "(last reply \(String(reflecting: last.text))): \(detail)")
    }
}

/// What happened to one message handed to the relay.
///
/// `reply` is the server's own text where there was one (`250 2.0.0 Ok: queued as 4F1`,
/// `550 5.1.1 mailbox unavailable`), else a description of the transport failure.
public enum SMTPResult: Sendable, Hashable, CustomStringConvertible {
    /// The relay accepted the message (a 2xx reply to the end of DATA).
    case sent(reply: String)
    /// Try again later: a 4xx reply; a refused, dropped or timed-out connection; a TLS or
    /// authentication failure (a configuration problem, not the message's). `code` is the
    /// server's reply code when it gave one.
    case temporary(code: Int?, reply: String)
    /// The relay refused this message for good (a 5xx reply to MAIL, RCPT or DATA), or the
    /// envelope is unusable. Do not retry.
    case permanent(code: Int?, reply: String)

    public var reply: String {
        switch self {
        case .sent(let reply), .temporary(_, let reply), .permanent(_, let reply): reply
        }
    }

    /// The server's reply code, when there was a reply.
    public var code: Int? {
        switch self {
        case .sent(let reply): Int(reply.prefix(3))
        case .temporary(let code, _), .permanent(let code, _): code
        }
    }

    public var description: String {
        switch self {
        case .sent(let reply): "sent: \(reply)"
        case .temporary(_, let reply): "temporary failure: \(reply)"
        case .permanent(_, let reply): "permanent failure: \(reply)"
        }
    }
}

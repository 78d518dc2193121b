import AgendaCore

/// Checks for the mail addresses a config holds (`mail_from`, `to`) and for the contact in the
/// User-Agent. Deliverability is the relay's business; these catch typos and header injection, and
/// a mailbox passes only if the email channel can put it in a header (`MailAddress`), so
/// check-config never accepts an address that delivery would then refuse on every round.
enum EmailAddress {
    /// `local@domain.tld`: one "@", something before it, a dotted domain after it, no spaces.
    static func isAddrSpec(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "(" || $0 == ")" || $0 == "," || $0 == ";" }
    }

    /// Nil when `text` is `addr@example.org` or `Display Name <addr@example.org>`; else why not.
    static func mailboxProblem(_ text: String) -> String? {
        let rule = "must be an email address such as \"jane@example.org\" or \"Jane Doe <jane@example.org>\""
        if PlainText.hasControlCharacters(text) { return "\(rule), without line breaks or control characters" }
        let trimmed = text.trimmingWhitespace
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard isAddrSpec(inner) else { return rule }
        } else {
            guard isAddrSpec(trimmed) else { return rule }
        }
        do { _ = try MailAddress(parsing: text) } catch { return "\(rule); \(error.reason)" }
        return nil
    }

    /// True when a User-Agent names a way to reach its operator: an http(s) URL with a host,
    /// a `mailto:` address, or a bare email address. `+` prefixes and brackets are ignored,
    /// as in `agenda-sync/1.0 (+mailto:admin@example.org)` or `(+https://example.org/bot)`.
    static func containsContact(_ userAgent: String) -> Bool {
        let separators: Set<Character> = [" ", "\t", "(", ")", "<", ">", ";", ","]
        for rawToken in userAgent.split(whereSeparator: { separators.contains($0) }) {
            var token = Substring(rawToken)
            while token.first == "+" { token = token.dropFirst() }
            let lowered = token.lowercased()
            if lowered.hasPrefix("mailto:"), isAddrSpec(String(token.dropFirst("mailto:".count))) { return true }
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
               URLSetting.httpProblem(String(token)) == nil { return true }
            if isAddrSpec(String(token)) { return true }
        }
        return false
    }
}

import AgendaCore

extension MailAddress {
    /// The header tokens of this mailbox: the display name (plain atoms, one quoted-string, or
    /// RFC 2047 encoded-words) then `<addr-spec>`; only the addr-spec when there is no name.
    func append(to field: inout MailHeaderField) {
        guard let displayName else {
            field.append(token: addrSpec)
            return
        }
        let words = displayName.split(separator: " ")
        if words.allSatisfy({ $0.utf8.count <= MailEncodedWord.maxPlainWordLength && !$0.contains("=?")
            && $0.unicodeScalars.allSatisfy(MailAddress.isAtext) }) {
            for word in words { field.append(token: String(word)) }
        } else if displayName.utf8.count <= MailEncodedWord.maxPlainWordLength,
                  displayName.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }), !displayName.contains("=?") {
            let escaped = displayName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            field.append(token: "\"\(escaped)\"")
        } else {
            field.append(encoded: displayName)
        }
        field.append(token: "<\(addrSpec)>")
    }
}

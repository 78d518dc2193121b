/// A mailbox from the configuration (`mail_from`, a subscription's `to`): an optional display
/// name and an ASCII addr-spec, e.g. `Jane Doe <jane@example.org>` or `jane@example.org`.
/// The config accepts a mailbox only if this parses it, and the email channel builds its headers
/// from it, so check-config and delivery can never disagree about an address.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The display name as configured (control characters replaced, whitespace collapsed); nil when none.
    public let displayName: String?
    /// `local@domain`, ASCII, as used on the SMTP envelope.
    public let addrSpec: String

    /// Parses `Display Name <local@domain>`, `"Doe, Jane" <local@domain>`, `<local@domain>` or `local@domain`.
    public init(parsing text: String) throws(MailAddressError) {
        if text.unicodeScalars.contains(where: MailText.isLineBreakingOrControl) {
            throw MailAddressError(text: text, reason: "it contains a line break or control character")
        }
        let trimmed = MailText.oneLine(text)
        guard !trimmed.isEmpty else { throw MailAddressError(text: text, reason: "it is empty") }
        var name: String?
        var spec = trimmed
        if trimmed.hasSuffix(">") {
            guard let open = trimmed.lastIndex(of: "<") else {
                throw MailAddressError(text: text, reason: "\">\" without \"<\"")
            }
            spec = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            name = Self.unquoted(MailText.oneLine(String(trimmed[..<open])))
            if name?.isEmpty == true { name = nil }
        }
        if let problem = Self.addrSpecProblem(spec) {
            throw MailAddressError(text: text, reason: problem)
        }
        try self.init(displayName: name, addrSpec: spec)
    }

    /// A mailbox from its parts: `addrSpec` is checked as `MailAddress(parsing:)` checks it, and
    /// `displayName` is put on one line (control characters become spaces).
    public init(displayName: String?, addrSpec: String) throws(MailAddressError) {
        if let problem = Self.addrSpecProblem(addrSpec) {
            throw MailAddressError(text: addrSpec, reason: problem)
        }
        let name = displayName.map { MailText.oneLine($0) }
        self.displayName = name?.isEmpty == true ? nil : name
        self.addrSpec = addrSpec
    }

    /// The part after the "@".
    public var domain: String {
        String(addrSpec[addrSpec.index(after: addrSpec.lastIndex(of: "@")!)...])
    }

    /// The mailbox as configured, e.g. `Jane Doe <jane@example.org>`.
    public var description: String {
        displayName.map { "\($0) <\(addrSpec)>" } ?? addrSpec
    }

    // MARK: Checks

    /// Nil when `spec` is `local@domain` with a dot-atom local part and a dotted DNS domain.
    public static func addrSpecProblem(_ spec: String) -> String? {
        let parts = spec.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "the address needs exactly one \"@\"" }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { return "the part before \"@\" must be 1 to 64 characters" }
        guard local.unicodeScalars.allSatisfy({ isAtext($0) || $0 == "." }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return "the part before \"@\" may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ (ASCII)"
        }
        guard domain.utf8.count <= 253 else { return "the domain is longer than 253 characters" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(isDomainLabel) else {
            return "the domain must be a dotted DNS name such as example.org (ASCII; use the xn-- form of an international name)"
        }
        return nil
    }

    private static func isDomainLabel(_ label: Substring) -> Bool {
        guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
        return label.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-": true
            default: false
            }
        }
    }

    /// RFC 5322 `atext`.
    public static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// `"Doe, Jane"` → `Doe, Jane` (backslash escapes undone); anything else unchanged.
    private static func unquoted(_ name: String) -> String {
        guard name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") else { return name }
        var out = ""
        var escaped = false
        for character in name.dropFirst().dropLast() {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            out.append(character)
        }
        return out
    }
}

/// A configured mailbox that is not one.
public struct MailAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        let shown = String(MailText.sanitised(text).prefix(200))
        return "\"\(shown)\" is not a mailbox such as \"jane@example.org\" or \"Jane Doe <jane@example.org>\": \(reason)"
    }
}

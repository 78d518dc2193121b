import Foundation

/// One Standard Webhooks signing key: the bytes behind a `whsec_<base64>` secret.
///
/// Its description never shows the key.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    /// Shortest key Standard Webhooks allows: 24 bytes (192 bits).
    public static let minimumKeyBytes = 24
    /// Longest key accepted: 64 bytes (512 bits).
    public static let maximumKeyBytes = 64

    /// The HMAC-SHA256 key.
    public let key: [UInt8]

    /// Parses one `whsec_<base64>` secret. `position` (1-based) only names it in errors.
    public init(_ text: String, position: Int = 1) throws(WebhookSecretError) {
        guard text.hasPrefix("whsec_") else { throw .missingPrefix(position: position) }
        guard let key = Data(base64Encoded: String(text.dropFirst("whsec_".count))) else {
            throw .invalidBase64(position: position)
        }
        try self.init(key: Array(key), position: position)
    }

    /// A key given as bytes, checked for length.
    public init(key: [UInt8], position: Int = 1) throws(WebhookSecretError) {
        guard key.count >= Self.minimumKeyBytes else { throw .keyTooShort(position: position, bytes: key.count) }
        guard key.count <= Self.maximumKeyBytes else { throw .keyTooLong(position: position, bytes: key.count) }
        self.key = key
    }

    public var description: String { "whsec_… (\(key.count)-byte key)" }
}

/// The signing keys of one webhook endpoint, from its secret file: one or more `whsec_<base64>`
/// separated by whitespace (spaces or newlines). Every delivery is signed with each of them, so
/// a secret can be rotated without downtime: add the new one, let the subscriber switch, then
/// remove the old one.
public struct WebhookSecrets: Sendable, Hashable, CustomStringConvertible {
    /// In file order; never empty.
    public let secrets: [WebhookSecret]

    /// Parses a secret file's contents.
    public init(fileContents: String) throws(WebhookSecretError) {
        let words = fileContents.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { throw .empty }
        var secrets: [WebhookSecret] = []
        for (index, word) in words.enumerated() {
            secrets.append(try WebhookSecret(String(word), position: index + 1))
        }
        self.secrets = secrets
    }

    /// The given secrets, at least one.
    public init(_ secrets: [WebhookSecret]) throws(WebhookSecretError) {
        guard !secrets.isEmpty else { throw .empty }
        self.secrets = secrets
    }

    /// Reads and parses the secret file at `path`.
    public init(contentsOfFile path: String) throws(WebhookSecretError) {
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(fileContents: contents)
    }

    public var description: String { "\(secrets.count) webhook secret(s)" }
}

/// Why a webhook secret file was refused. Messages never contain the secret itself.
public enum WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file holds nothing but whitespace.
    case empty
    /// Secret number `position` (1-based) does not start with `whsec_`.
    case missingPrefix(position: Int)
    /// The text after `whsec_` in secret number `position` is not valid base64.
    case invalidBase64(position: Int)
    /// Secret number `position` decodes to fewer than 24 bytes.
    case keyTooShort(position: Int, bytes: Int)
    /// Secret number `position` decodes to more than 64 bytes.
    case keyTooLong(position: Int, bytes: Int)
    /// The file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .empty:
            "the webhook secret file is empty: expected one or more whsec_<base64> secrets"
        case .missingPrefix(let position):
            "webhook secret \(position) does not start with \"whsec_\" (expected whsec_<base64>)"
        case .invalidBase64(let position):
            "webhook secret \(position): the text after \"whsec_\" is not valid base64"
        case .keyTooShort(let position, let bytes):
            "webhook secret \(position) is too short: its key is \(bytes) bytes, at least \(WebhookSecret.minimumKeyBytes) are required"
        case .keyTooLong(let position, let bytes):
            "webhook secret \(position) is too long: its key is \(bytes) bytes, at most \(WebhookSecret.maximumKeyBytes) are allowed"
        case .unreadable(let path, let reason):
            "cannot read the webhook secret file \(path): \(reason)"
        }
    }
}

import AgendaCore

/// What an email subscription's messages need besides the notices: who sends, who receives,
/// and how to unsubscribe.
public struct MailSettings: Hashable, Sendable {
    /// The subscription the messages are for (named in the footer; part of a digest's id).
    public let subscriptionID: String
    /// `From:`; its domain is the right-hand side of every `Message-ID`.
    public let from: MailAddress
    /// `To:` and the envelope recipient.
    public let to: MailAddress
    /// An `https:`, `http:` or `mailto:` URL for `List-Unsubscribe`; nil for none.
    public let unsubscribeURL: String?

    /// Settings from the configuration's strings: `from` and `to` are mailboxes such as
    /// `Jane Doe <jane@example.org>`; `unsubscribeURL` is http(s) or mailto.
    public init(subscriptionID: String, from: String, to: String, unsubscribeURL: String? = nil) throws(MailSettingsError) {
        let fromAddress: MailAddress, toAddress: MailAddress
        do { fromAddress = try MailAddress(parsing: from) } catch { throw .from(error) }
        do { toAddress = try MailAddress(parsing: to) } catch { throw .to(error) }
        try self.init(subscriptionID: subscriptionID, from: fromAddress, to: toAddress, unsubscribeURL: unsubscribeURL)
    }

    public init(subscriptionID: String, from: MailAddress, to: MailAddress, unsubscribeURL: String? = nil) throws(MailSettingsError) {
        if let unsubscribeURL, let problem = ListUnsubscribeURL.problem(unsubscribeURL) {
            throw .unsubscribeURL(unsubscribeURL, problem)
        }
        self.subscriptionID = subscriptionID
        self.from = from
        self.to = to
        self.unsubscribeURL = unsubscribeURL
    }

    /// True when one-click unsubscription (RFC 8058) applies: only to an https URL.
    var offersOneClickUnsubscribe: Bool {
        unsubscribeURL.map { WebURL.scheme(of: $0) == "https" } ?? false
    }
}

/// Mail settings that cannot be used, with the setting at fault.
public enum MailSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    case from(MailAddressError)
    case to(MailAddressError)
    case unsubscribeURL(String, String)

    public var description: String {
        switch self {
        case .from(let error): "mail_from: \(error)"
        case .to(let error): "to: \(error)"
        case .unsubscribeURL(let url, let reason):
            "unsubscribe_url \"\(MailText.sanitised(String(url.prefix(200))))\" cannot be used: \(reason)"
        }
    }
}

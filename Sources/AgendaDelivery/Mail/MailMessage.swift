/// One RFC 5322 message ready for the spool or a relay.
public struct MailMessage: Hashable, Sendable {
    /// The `Message-ID` without its angle brackets, e.g. `ntc_0b4e…@example.org`.
    public let messageID: String
    /// The Maildir file name, e.g. `ntc_0b4e….agenda-sync`: derived from the notice or digest id,
    /// so a redelivery lands on the same name. Never contains `/` or `:`, never starts with `.`.
    public let fileName: String
    /// The whole message, every line ending in CRLF.
    public let bytes: [UInt8]
    /// The envelope sender (the From addr-spec).
    public let envelopeFrom: String
    /// The envelope recipients (addr-specs).
    public let envelopeTo: [String]
    /// The notice ids the message carries (also in its `X-Agenda-Sync-Notices` header).
    public let noticeIDs: [String]

    public init(messageID: String, fileName: String, bytes: [UInt8], envelopeFrom: String, envelopeTo: [String],
                noticeIDs: [String]) {
        self.messageID = messageID
        self.fileName = fileName
        self.bytes = bytes
        self.envelopeFrom = envelopeFrom
        self.envelopeTo = envelopeTo
        self.noticeIDs = noticeIDs
    }
}

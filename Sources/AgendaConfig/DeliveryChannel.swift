/// How a subscription's notices are delivered (`channel = "file" | "webhook" | "email" | "calendar" |
/// "atom"`), with that channel's settings. Paths are not checked for existence here: delivery checks them when it runs.
public enum DeliveryChannel: Hashable, Sendable {
    case file(FileChannelSettings)
    case webhook(WebhookChannelSettings)
    case email(EmailChannelSettings)
    case calendar(CalendarChannelSettings)
    case atom(AtomChannelSettings)

    /// Remote and possibly slow; the others write local files.
    public var isWebhook: Bool {
        if case .webhook = self { return true }
        return false
    }

    /// The `channel` value as written in the config.
    public var name: String {
        switch self {
        case .file: "file"
        case .webhook: "webhook"
        case .email: "email"
        case .calendar: "calendar"
        case .atom: "atom"
        }
    }
}

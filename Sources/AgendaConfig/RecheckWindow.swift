/// `window = { past = "60d", future = "365d" }`: meetings dated within this window around now are
/// re-checked on every cycle; older and later ones are left alone.
public struct RecheckWindow: Hashable, Sendable {
    public static let defaultPast = ConfigDuration(seconds: 60 * 86_400)!
    public static let defaultFuture = ConfigDuration(seconds: 365 * 86_400)!
    public static let `default` = RecheckWindow(past: defaultPast, future: defaultFuture)

    public var past: ConfigDuration
    public var future: ConfigDuration

    public init(past: ConfigDuration = RecheckWindow.defaultPast, future: ConfigDuration = RecheckWindow.defaultFuture) {
        self.past = past
        self.future = future
    }
}

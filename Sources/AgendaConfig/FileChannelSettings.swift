/// `channel = "file"`: append-only JSON Lines.
public struct FileChannelSettings: Hashable, Sendable {
    /// The JSON Lines file (absolute).
    public var path: String

    public init(path: String) {
        self.path = path
    }
}

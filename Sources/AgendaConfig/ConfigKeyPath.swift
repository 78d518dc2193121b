/// Where a value sits in the config file, e.g. `source[1].base_url` or `subscription[0].events[2]`.
///
/// Array indices count from 0 in file order: `source[0]` is the first `[[source]]` block.
/// Keys that are not bare TOML keys are printed quoted, as they would be written in the file.
public struct ConfigKeyPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// A path of plain keys: `ConfigKeyPath("daemon", "interval")`.
    public init(_ keys: String...) {
        self.components = keys.map(Component.key)
    }

    public static let root = ConfigKeyPath()

    public func appending(_ key: String) -> ConfigKeyPath {
        ConfigKeyPath(components + [.key(key)])
    }

    public func appending(index: Int) -> ConfigKeyPath {
        ConfigKeyPath(components + [.index(index)])
    }

    /// The enclosing path, or nil at the root.
    public var parent: ConfigKeyPath? {
        components.isEmpty ? nil : ConfigKeyPath(Array(components.dropLast()))
    }

    /// The last key of the path (skipping a trailing index), if any.
    public var lastKey: String? {
        for component in components.reversed() {
            if case .key(let key) = component { return key }
        }
        return nil
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += Self.isBare(key) ? key : "\"\(key)\""
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    static func isBare(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
            default: false
            }
        }
    }
}

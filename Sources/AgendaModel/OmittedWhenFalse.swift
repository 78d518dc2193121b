/// A flag that is encoded only when it is true (`"external": true`) and reads as false when absent:
/// a field added to a record this way leaves the JSON of every record without it — and the content
/// hash computed from that JSON — exactly as it was.
@propertyWrapper
public struct OmittedWhenFalse: Hashable, Sendable, Codable {
    public var wrappedValue: Bool

    public init(wrappedValue: Bool) {
        self.wrappedValue = wrappedValue
    }
}

extension KeyedEncodingContainer {
    public mutating func encode(_ flag: OmittedWhenFalse, forKey key: Key) throws {
        if flag.wrappedValue { try encode(true, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    public func decode(_ type: OmittedWhenFalse.Type, forKey key: Key) throws -> OmittedWhenFalse {
        OmittedWhenFalse(wrappedValue: try decodeIfPresent(Bool.self, forKey: key) ?? false)
    }
}

/// One UK council with a ModernGov install, as the registry knows it.
public struct Council: Hashable, Sendable, Codable {
    /// The official name, e.g. "Leicestershire County Council".
    public var name: String
    /// Democracy Club's identifier of the council, e.g. "LEC".
    public var code: String
    public var territory: Territory
    /// The ModernGov install's base URL in the form a config's `base_url` is stored in: lower-case
    /// scheme and host, a path ending in "/" (`https://democracy.leics.gov.uk/`).
    public var baseURL: String

    public init(name: String, code: String, territory: Territory, baseURL: String) {
        self.name = name
        self.code = code
        self.territory = territory
        self.baseURL = baseURL
    }

    enum CodingKeys: String, CodingKey {
        case name, code, territory, baseURL = "base_url"
    }
}

/// The four nations; encoded as their ISO 3166-2:GB-style codes, as the source data has them.
public enum Territory: String, Hashable, Sendable, Codable, CaseIterable {
    case england = "ENG"
    case scotland = "SCT"
    case wales = "WLS"
    case northernIreland = "NIR"

    public var name: String {
        switch self {
        case .england: "England"
        case .scotland: "Scotland"
        case .wales: "Wales"
        case .northernIreland: "Northern Ireland"
        }
    }
}

import AgendaConfig
import AgendaCore
import AgendaModel
import CouncilRegistry
import ModernGov

/// The council a probe reads: its ModernGov install, what a config would call it, and what is
/// configured for it.
public struct ProbeTarget: Sendable {
    public var site: ModernGovSite
    /// The configured source's id, else one made from the host name (`leics` for
    /// `democracy.leics.gov.uk`; `council` for a host that is an address).
    public var sourceID: String
    /// The configured source's name, else the registry's name for the install (several joined
    /// with " and " for a shared install), else the host name.
    public var name: String
    /// The committees the configured source watches; nil for every committee, or no source.
    public var committees: [Int]?
    /// How the configured source reads the council (`via`); `.html` for a URL.
    public var via: SourceReading
    /// The councils the registry lists at this install.
    public var registered: [Council]
    /// `name` is the council's (configured, or the registry's), not the host name standing in for it.
    public var nameIsKnown: Bool { isConfigured || !registered.isEmpty }
    /// From a `[[source]]` of the config (else from a URL).
    public var isConfigured: Bool

    public var baseURL: String { site.baseURL }

    public init(source: SourceConfiguration) {
        // `base_url` was validated when the config was loaded.
        site = ModernGovSite(baseURL: source.baseURL)!
        sourceID = source.id
        name = source.name
        committees = source.committees
        via = source.via
        registered = CouncilRegistry.councils(at: source.baseURL)
        isConfigured = true
    }

    /// A council given by its URL: its base URL, or any page under it (`…/mgListCommittees.aspx`),
    /// checked as `base_url` is.
    public init(url text: String) throws(BaseURLProblem) {
        let base = WebURL(text).flatMap { ModernGovSite(baseURL: $0.string) }?.baseURL ?? text
        let canonical = try SettingCheck.baseURL(base).get()
        site = ModernGovSite(baseURL: canonical)!
        let host = WebURL(canonical)?.host ?? ""
        let label = HostLabel.organisation(of: host)
        sourceID = label.flatMap { SettingCheck.idProblem($0) == nil ? $0 : nil } ?? "council"
        registered = CouncilRegistry.councils(at: canonical)
        name = registered.isEmpty ? host : registered.map(\.name).joined(separator: " and ")
        committees = nil
        via = .html
        isConfigured = false
    }
}

import AgendaModel

/// One `[[source]]`: a council's ModernGov install.
public struct SourceConfiguration: Hashable, Sendable {
    /// `[a-z0-9][a-z0-9_-]*`, unique; the `SOURCE` of `SOURCE/MEETINGID`.
    public var id: String
    public var name: String
    /// Normalised: lower-case scheme and host, path ending in "/", e.g. `https://democracy.leics.gov.uk/`.
    public var baseURL: String
    /// Committee ids to watch (positive, duplicates removed, file order); nil watches every committee.
    public var committees: [Int]?
    /// The effective poll interval: the source's `interval`, else the daemon's.
    public var interval: ConfigDuration
    /// Notify about everything found on the first sync instead of taking a silent baseline.
    public var notifyExisting: Bool
    /// The source's own `request_spacing` (e.g. a council that asked for a slower crawl); nil uses
    /// the daemon's. Two sources on one host: each request waits for the spacing of its own source.
    public var requestSpacing: ConfigDuration?
    /// How often the daemon re-reads meeting pages it already has, by the meeting's date.
    public var recheck: RecheckOverrides
    /// `via`: the HTML pages (default) or the web service. Changing it re-baselines the source's
    /// meetings silently, one by one as each is read the new way.
    public var via: SourceReading

    public init(id: String, name: String, baseURL: String, committees: [Int]? = nil,
                interval: ConfigDuration = DaemonConfiguration.defaultInterval, notifyExisting: Bool = false,
                requestSpacing: ConfigDuration? = nil, recheck: RecheckOverrides = .none, via: SourceReading = .html) {
        self.id = id
        self.name = name
        self.baseURL = baseURL
        self.committees = committees
        self.interval = interval
        self.notifyExisting = notifyExisting
        self.requestSpacing = requestSpacing
        self.recheck = recheck
        self.via = via
    }

    /// True when the source watches the committee.
    public func watches(committee: Int) -> Bool {
        committees?.contains(committee) ?? true
    }
}

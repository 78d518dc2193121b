import AgendaCore

/// Everything that changes between two fetches of a ModernGov page without changing what
/// the page means: date metas, a script nonce, ASP.NET view-state, a cookieless session
/// token in the links, indentation and line endings, attribute order and spacing, a
/// server-timing comment. A sync must see two pages that differ only in noise as the
/// same meeting.
///
/// `PageNoise(seed:)` derives every part from the seed; `PageNoise.none` renders the clean
/// page (no tokens, no view-state, the template's own whitespace and attribute order).
public struct PageNoise: Hashable, Sendable {
    /// The seed the noise was derived from; nil for `.none`.
    public var seed: UInt64?
    /// `DC.date.modified`, e.g. "2026-02-05"; omitted when nil (as some real pages do).
    public var modifiedDate: String?
    /// A `nonce` attribute on inline scripts.
    public var scriptNonce: String?
    /// Hidden `__VIEWSTATE` / `__EVENTVALIDATION` inputs.
    public var viewState: String?
    public var eventValidation: String?
    /// ASP.NET cookieless session id: links become `/(S(token))/ieListDocuments.aspx?…`.
    public var sessionToken: String?
    /// What each leading tab of the template becomes.
    public var indentUnit: String
    public var lineEnding: String
    /// Spaces appended to some lines.
    public var trailingSpaces: Bool
    /// Attributes in a seeded order, with varying spacing between them.
    public var shufflesAttributes: Bool
    /// Column at which Word paragraphs are hard-wrapped.
    public var wrapWidth: Int
    /// An HTML comment with a render time and server name.
    public var serverComment: String?

    public static let none = PageNoise(
        seed: nil, modifiedDate: nil, scriptNonce: nil, viewState: nil, eventValidation: nil,
        sessionToken: nil, indentUnit: "\t", lineEnding: "\n", trailingSpaces: false,
        shufflesAttributes: false, wrapWidth: 68, serverComment: nil)

    public init(seed: UInt64?, modifiedDate: String?, scriptNonce: String?, viewState: String?,
                eventValidation: String?, sessionToken: String?, indentUnit: String, lineEnding: String,
                trailingSpaces: Bool, shufflesAttributes: Bool, wrapWidth: Int, serverComment: String?) {
        self.seed = seed
        self.modifiedDate = modifiedDate
        self.scriptNonce = scriptNonce
        self.viewState = viewState
        self.eventValidation = eventValidation
        self.sessionToken = sessionToken
        self.indentUnit = indentUnit
        self.lineEnding = lineEnding
        self.trailingSpaces = trailingSpaces
        self.shufflesAttributes = shufflesAttributes
        self.wrapWidth = wrapWidth
        self.serverComment = serverComment
    }

    /// All parts derived from `seed`. Two different seeds differ in every part.
    public init(seed: UInt64) {
        var random = SeededRandom(seed, 0x6E6F_6973_65)
        let modified = CivilDate(year: 2026, month: 1, day: 1)!.adding(days: random.int(0...330))
        self.init(
            seed: seed,
            modifiedDate: modified.iso8601,
            scriptNonce: random.token(22, alphabet: PageNoise.base64),
            viewState: "/wEPDwU" + random.token(random.int(60...120), alphabet: PageNoise.base64) + "==",
            eventValidation: "/wEdAA" + random.token(random.int(30...60), alphabet: PageNoise.base64),
            sessionToken: random.token(24),
            indentUnit: random.pick(["\t", "  ", "    ", " ", "\t\t"]),
            lineEnding: random.chance(0.5) ? "\r\n" : "\n",
            trailingSpaces: random.chance(0.5),
            shufflesAttributes: true,
            wrapWidth: random.int(56...84),
            serverComment: "<!-- mgRender \(random.int(4...250)) ms on MGWEB\(pad(random.int(1...12))) -->")
    }

    /// The per-page parts (view-state, nonce, modification date) differ from page to page
    /// of one site, as they do on a real one; the session token and whitespace style do not.
    func forPage(_ key: String) -> PageNoise {
        guard let seed else { return self }
        var page = self
        var random = SeededRandom(seed, StableHash.fnv1a(key))
        page.scriptNonce = random.token(22, alphabet: PageNoise.base64)
        page.viewState = "/wEPDwU" + random.token(random.int(60...120), alphabet: PageNoise.base64) + "=="
        page.eventValidation = "/wEdAA" + random.token(random.int(30...60), alphabet: PageNoise.base64)
        if let modifiedDate, let base = CivilDate(iso: modifiedDate) {
            page.modifiedDate = base.adding(days: -random.int(0...40)).iso8601
        }
        return page
    }

    static let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
}

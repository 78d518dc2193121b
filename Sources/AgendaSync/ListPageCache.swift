import AgendaStore

/// A source's list pages as last parsed (the store's `ParsedListPage`), used and kept current by
/// one cycle.
///
/// Guarantee: a cached list stands for exactly one body — the one whose validators it was saved
/// with — so using it when the server answers 304, or sends a body with the same digest, gives what
/// parsing that body again would. Rows of another ``format`` are ignored, and a row that does not
/// decode is forgotten; either way the page is then read whole.
struct ListPageCache {
    /// The shape of a cached listing: `CachedListing`'s encoding of the readers' list types
    /// (`MeetingList`, the committee ids); 1 was their JSON. Bump it whenever a list parser's output,
    /// those types or their encoding change, so that lists parsed by an older release are read again
    /// (`ListPageCacheTests` pins what the parsers give on the fixtures and fails until it is bumped).
    static let format = 2

    private var pages: [String: ParsedListPage]
    private let stored: Set<String>
    private var read: Set<String> = []
    /// What this cycle parsed or revalidated, to save at its end.
    private(set) var changed: [String: ParsedListPage] = [:]

    init(stored: [String: ParsedListPage]) {
        self.stored = Set(stored.keys)
        pages = stored.filter { $0.value.format == Self.format }
    }

    /// The validators to fetch `url` with (those of its cached list, if any); notes that the cycle
    /// reads the page.
    mutating func validators(forReading url: String) -> PageValidators? {
        read.insert(url)
        return pages[url]?.validators
    }

    /// Cached lists the cycle did not read: a committee no longer watched, or a web-service list whose
    /// URL names another day's window (it changes every day). A cycle that read its committees
    /// forgets them, keeping the table to the lists a source reads now.
    var unread: Set<String> { stored.subtracting(read) }

    /// The cached list of `url`; nil (and the row forgotten) when there is none or it does not decode.
    mutating func list<List: CachedListing>(_ type: List.Type, for url: String) -> List? {
        guard let page = pages[url] else { return nil }
        guard let list = List(listingBytes: page.listing) else {
            pages[url] = nil
            return nil
        }
        return list
    }

    /// Caches `list`, parsed from the body `validators` describe.
    mutating func remember<List: CachedListing>(_ list: List, for url: String, validators: PageValidators) {
        let page = ParsedListPage(validators: validators, format: Self.format, listing: list.listingBytes)
        pages[url] = page
        changed[url] = page
    }

    /// The same body came with other validators (a server that starts or stops sending them).
    mutating func revalidate(_ url: String, validators: PageValidators) {
        guard var page = pages[url] else { return }
        page.validators = validators
        pages[url] = page
        changed[url] = page
    }
}

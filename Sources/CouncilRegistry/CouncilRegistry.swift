import AgendaCore

/// The UK councils whose committee pages are on ModernGov, compiled into the binary: no file is
/// read and nothing is fetched to search it. The list is Democracy Club's (LGSF/SOURCES.md says
/// where it comes from and how to refresh it); `CouncilRegistry+LGSF.swift` is generated from it.
public enum CouncilRegistry {
    /// Every council, ordered by name. Names are unique; several councils may share one install
    /// (e.g. Adur and Worthing).
    public static var all: [Council] { lgsf }

    /// The councils that match every term, in name order; all of them for no term. A term matches
    /// when, folded (case, accents, punctuation: `"Stoke on trent"`, `"brighton & hove"`, `"Môn"`),
    /// it occurs in the council's name, its territory (`ENG`, `Wales`…) or the host of its base
    /// URL. A term that is an http(s) URL matches the councils whose install is on its host.
    public static func search(_ terms: [String]) -> [Council] {
        let matchers = terms.map(Matcher.init)
        return all.filter { council in matchers.allSatisfy { $0.matches(council) } }
    }

    /// The councils whose install is at `baseURL` (any page URL under it will do), http and https
    /// alike: usually one, several for a shared install, none for an install the registry does not know.
    public static func councils(at baseURL: String) -> [Council] {
        guard let url = WebURL(baseURL) else { return [] }
        let path = url.directory.path.lowercased()
        return all.filter { council in
            guard let known = WebURL(council.baseURL) else { return false }
            return known.authority == url.authority && path.hasPrefix(known.path.lowercased())
        }
    }

    /// The councils whose install is under the organisation `label` of ``HostLabel`` (`leics` for
    /// `www.leics.gov.uk`): where a council's main web site points to its ModernGov install.
    public static func councils(withHostLabel label: String) -> [Council] {
        all.filter { WebURL($0.baseURL).flatMap { HostLabel.organisation(of: $0.host) } == label }
    }

    private struct Matcher {
        var folded: String
        var host: String?

        init(_ term: String) {
            folded = SearchText.fold(term)
            host = term.contains("://") ? WebURL(term)?.host : nil
        }

        func matches(_ council: Council) -> Bool {
            let councilHost = WebURL(council.baseURL)?.host ?? ""
            if let host { return councilHost == host }
            guard !folded.isEmpty else { return true }
            return SearchText.fold(council.name).contains(folded)
                || SearchText.fold(council.territory.name).contains(folded)
                || SearchText.fold(council.territory.rawValue) == folded
                || SearchText.fold(councilHost).contains(folded)
        }
    }
}

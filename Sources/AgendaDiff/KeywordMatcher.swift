import Foundation

/// Case- and diacritic-insensitive substring matching: "cafe" finds "Café", "SEND" finds "send".
/// Blank keywords are ignored; with none left, everything matches.
struct KeywordMatcher {
    private let keywords: [String]

    init(_ keywords: [String]) {
        self.keywords = keywords
            .map { Self.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.isEmpty }
    }

    var isUnrestricted: Bool { keywords.isEmpty }

    /// Whether any keyword occurs in any of the texts.
    func matchesAny<Texts: Sequence<String>>(_ texts: Texts) -> Bool {
        if isUnrestricted { return true }
        for text in texts {
            let folded = Self.fold(text)
            if keywords.contains(where: { folded.contains($0) }) { return true }
        }
        return false
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}

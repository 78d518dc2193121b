/// A document link's title and size text, from the link element.
///
/// ModernGov writes `Annex 1 <span class="mgHide">, item 59.</span> <span class="mgFileSize">PDF
/// 601 KB</span>`: the title, screen-reader text naming the item, and the size. On a page that uses
/// those classes they decide (as they always have); on a page that uses them nowhere, the same
/// parts are read from the text itself — a trailing size ("PDF 601 KB") and a trailing ", item
/// 59." — so a re-skin that renamed the classes leaves every title and size as it was.
struct DocumentLinkText {
    let vocabulary: ClassVocabulary

    /// The link's title, without its size and its screen-reader item reference.
    func title(_ link: HTMLNode) -> String {
        guard vocabulary.contains(.fileSize) else { return textParts(link).title }
        return link.text(singleLine: true, skip: Self.isSizeBadge)
    }

    /// The size text ("PDF 198 KB"); nil when the link shows none.
    func size(_ link: HTMLNode) -> String? {
        guard vocabulary.contains(.fileSize) else { return textParts(link).size }
        guard let badge = link.first("span", class: "mgFileSize") else { return nil }
        let size = badge.text(singleLine: true)
        return size.isEmpty ? nil : size
    }

    static func isSizeBadge(_ node: HTMLNode) -> Bool {
        node.is("span") && node.hasClass("mgFileSize")
    }

    /// Title and size read from the whole link text (a page without ModernGov's size class).
    private func textParts(_ link: HTMLNode) -> (title: String, size: String?) {
        let (rest, size) = Self.splittingSize(link.text(singleLine: true))
        return (vocabulary.contains(.hidden) ? rest : Self.removingItemReference(rest), size)
    }

    /// "Report PDF 161 KB" → ("Report", "PDF 161 KB"); the text as it is when it ends in no size.
    static func splittingSize(_ text: String) -> (String, String?) {
        guard let match = text.firstMatch(of: sizeSuffix) else { return (text, nil) }
        return (String(text[..<match.range.lowerBound]), String(match.output.1))
    }

    /// "Annex 1 , item 59." → "Annex 1": the item reference ModernGov adds for screen readers.
    static func removingItemReference(_ text: String) -> String {
        guard let match = text.firstMatch(of: itemReference) else { return text }
        return String(text[..<match.range.lowerBound])
    }

    /// A file type, a number and a unit at the end: ModernGov's size text.
    nonisolated(unsafe) private static let sizeSuffix =
        /\s*((?i:pdf|docx?|xlsx?|pptx?|rtf|odt|ods|odp|zip|csv|txt|html?|jpe?g|png|gif|mp3|mp4)\s+[0-9]+(?:\.[0-9]+)?\s*(?i:kb|mb|gb|bytes|b))\s*$/
    /// ", item 59." (or ", item" alone, for an unnumbered item) at the end.
    nonisolated(unsafe) private static let itemReference = /\s*,\s*item(?:\s+[0-9][0-9A-Za-z().]*)?\.?\s*$/
}

/// The text of HTML carried inside the web service's XML: agenda text, minutes and decisions are
/// Word's HTML, entity-escaped into the element, and some titles are escaped twice
/// (`Members&amp;#39;`). Once the XML parser has undone the first escape, the HTML goes through
/// the same parser and text extraction as the HTML pages (`HTMLDocument`, `HTMLNode.text`), so
/// both paths give the same normalised text.
enum EmbeddedHTML {
    /// Paragraphs joined by "\n" (single line: by spaces); "" for empty or whitespace-only HTML.
    static func text(_ html: String, singleLine: Bool = false) -> String {
        let bytes = Array(html.utf8)
        guard bytes.contains(where: { !ByteText.isSpace($0) }) else { return "" }
        let input = ParserInput.prepare(bytes, range: bytes.indices)
        guard let document = HTMLDocument(input.bytes, range: input.range) else { return "" }
        return document.withRoot { $0.text(singleLine: singleLine) }
    }
}

/// The venue line: `<p><span class="mgLabel">Venue: </span>Guildhall, Kingston upon Thames.
/// <a href="mgLocationDetails.aspx?RID=1"> View directions</a></p>` (also "Proposed venue:").
/// On a page that uses `mgLabel` nowhere, the label is any inline element reading "Venue:".
struct VenueExtractor {
    let vocabulary: ClassVocabulary

    func venue(in content: HTMLNode) -> String? {
        for label in content.descendants where isLabel(label) {
            var name = label.text(singleLine: true).lowercased()
            while name.last == ":" || name.last == " " { name.removeLast() }
            guard name == "venue" || name == "proposed venue" else { continue }
            return value(after: label)
        }
        return nil
    }

    private func isLabel(_ node: HTMLNode) -> Bool {
        if vocabulary.contains(.label) { return node.is("span") && node.hasClass("mgLabel") }
        return node.is("span") || node.is("strong") || node.is("b") || node.is("em") || node.is("label")
    }

    /// The text of the siblings after the label up to the next block, without the directions link.
    private func value(after label: HTMLNode) -> String? {
        var normalizer = TextNormalizer(singleLine: true)
        var sibling = label.nextSibling
        while let node = sibling {
            sibling = node.nextSibling
            if node.startsParagraph { break }
            if node.is("a"), isDirectionsLink(node) { continue }
            node.appendText(to: &normalizer)
        }
        var venue = normalizer.finish()
        // The template puts a full stop between the venue and "View directions".
        if venue.hasSuffix(".") { venue.removeLast() }
        while venue.last == " " { venue.removeLast() }
        return venue.isEmpty ? nil : venue
    }

    private func isDirectionsLink(_ a: HTMLNode) -> Bool {
        if let href = a.attribute("href"), href.containsIgnoringCase("mglocationdetails.aspx") { return true }
        return a.text(singleLine: true).lowercased() == "view directions"
    }
}

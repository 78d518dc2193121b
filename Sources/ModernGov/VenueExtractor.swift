/// The venue line: `<p><span class="mgLabel">Venue: </span>Guildhall, Kingston upon Thames.
/// <a href="mgLocationDetails.aspx?RID=1"> View directions</a></p>` (also "Proposed venue:").
struct VenueExtractor {
    func venue(in content: HTMLNode) -> String? {
        for label in content.descendants where label.is("span") && label.hasClass("mgLabel") {
            var name = label.text(singleLine: true).lowercased()
            while name.last == ":" || name.last == " " { name.removeLast() }
            guard name == "venue" || name == "proposed venue" else { continue }
            return value(after: label)
        }
        return nil
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

/// The venue line: `<p><span class="mgLabel">Venue: </span>Guildhall, Kingston upon Thames.
/// <a href="mgLocationDetails.aspx?RID=1"> View directions</a></p>` (also "Proposed venue:").
struct VenueExtractor {
    let document: HTMLDocument

    func venue(in content: Int) -> String? {
        for label in document.descendants(of: content) where document.tag(label) == .span && document.hasClass(label, "mgLabel") {
            var name = document.text(of: label, singleLine: true).lowercased()
            while name.last == ":" || name.last == " " { name.removeLast() }
            guard name == "venue" || name == "proposed venue" else { continue }
            return value(after: label)
        }
        return nil
    }

    /// The text of the siblings after the label up to the next block, without the directions link.
    private func value(after label: Int) -> String? {
        var normalizer = TextNormalizer(singleLine: true)
        let parent = Int(document.nodes[label].parent)
        var n = Int(document.nodes[label].end)
        let end = Int(document.nodes[parent].end)
        while n < end {
            let tag = document.tag(n)
            if tag != .text, tag.breaksText { break }
            if tag == .a, isDirectionsLink(n) {
                n = Int(document.nodes[n].end)
                continue
            }
            document.appendText(of: n, to: &normalizer)
            n = Int(document.nodes[n].end)
        }
        var venue = normalizer.finish()
        // The template puts a full stop between the venue and "View directions".
        if venue.hasSuffix(".") { venue.removeLast() }
        while venue.last == " " { venue.removeLast() }
        return venue.isEmpty ? nil : venue
    }

    private func isDirectionsLink(_ a: Int) -> Bool {
        if let href = document.attribute(a, .href), href.containsIgnoringCase("mglocationdetails.aspx") { return true }
        return document.text(of: a, singleLine: true).lowercased() == "view directions"
    }
}

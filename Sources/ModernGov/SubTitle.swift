/// A meeting page's sub-title, "Kingston and North Kingston Neighbourhood Committee - Thursday
/// 15 January 2026 7:30 pm, CANCELLED": committee name, date and cancellation.
struct SubTitle {
    /// The whole sub-title, normalised.
    let text: String
    /// The sub-title without its cancellation suffix.
    let title: String
    let committeeName: String
    let date: MeetingDate?
    let cancelled: Bool

    init(_ text: String) {
        self.text = text
        let (title, cancelled) = SubTitle.removingCancelledSuffix(text)
        self.title = title
        self.cancelled = cancelled
        // The committee name is what comes before the " - " that introduces the date; committee
        // names may themselves contain " - ", so take the last separator followed by a date.
        var name = title
        var date: MeetingDate?
        let utf8 = Array(title.utf8)
        var k = utf8.count - 3
        while k >= 0 {
            defer { k -= 1 }
            guard utf8[k] == 0x20, utf8[k + 1] == 0x2D, utf8[k + 2] == 0x20 else { continue }
            let rest = String(decoding: utf8[(k + 3)...], as: UTF8.self)[...]
            if let parsed = MeetingDate(String(rest)) {
                let firstWord = rest.prefix { $0.isLetter }.lowercased()
                let startsWithDate = MeetingDate.weekdays.contains(firstWord) || rest.first?.isNumber == true
                if startsWithDate || date == nil {
                    date = parsed
                    name = String(decoding: utf8[..<k], as: UTF8.self)
                    if startsWithDate { break }
                }
            }
        }
        self.committeeName = date == nil ? title : name
        self.date = date ?? MeetingDate(title)
    }

    private static let cancelledSuffixes = [", cancelled", "- cancelled", "(cancelled)"]

    static func hasCancelledSuffix(_ text: String) -> Bool { removingCancelledSuffix(text).1 }

    static func removingCancelledSuffix(_ text: String) -> (String, Bool) {
        let lower = text.lowercased()
        for suffix in cancelledSuffixes where lower.hasSuffix(suffix) {
            var kept = text.dropLast(suffix.count)
            while kept.last == " " || kept.last == "," { kept.removeLast() }
            return (String(kept), true)
        }
        return (text, false)
    }
}

import Foundation

/// Text as the registry compares it: accents and apostrophes dropped ("King's" is "kings"), lower
/// case, "&" read as "and", every run of other characters than letters and digits one space.
enum SearchText {
    static func fold(_ text: String) -> String {
        let decomposed = text.replacingOccurrences(of: "&", with: " and ").decomposedStringWithCanonicalMapping
        var folded = ""
        var pendingSpace = false
        for scalar in decomposed.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark || scalar == "'" || scalar == "\u{2019}" { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace, !folded.isEmpty { folded.append(" ") }
                pendingSpace = false
                folded.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                pendingSpace = true
            }
        }
        return folded
    }
}

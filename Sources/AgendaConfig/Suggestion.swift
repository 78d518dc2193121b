/// "Did you mean …?": the closest candidate within a small edit distance, for typos such as
/// `intervall` → `interval` or `document.add` → `document.added`.
enum Suggestion {
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let word = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word, Array(candidate.lowercased()))
            let allowed = max(1, min(3, candidate.count / 3))
            if distance <= allowed, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// " — did you mean `interval`?" or "".
    static func didYouMean(_ word: String, among candidates: some Sequence<String>, quote: String = "`") -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return " — did you mean \(quote)\(match)\(quote)?"
    }

    /// Levenshtein distance, with an adjacent transposition counting as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

import AgendaCore

/// What the extractors ask of a page or link URL.
extension WebURL {
    /// The last path segment ("ieListDocuments.aspx"), lower-cased.
    var fileName: String { lastPathSegment.lowercased() }

    /// True when the last path segment is `name` (ASCII lower case), ignoring case.
    func fileNameIs(_ name: StaticString) -> Bool {
        var path = path
        return path.withUTF8 { p in
            name.withUTF8Buffer { n in
                guard p.count >= n.count + 1, p[p.count - n.count - 1] == 0x2F else { return false }
                let start = p.count - n.count
                for k in 0 ..< n.count where ByteText.lower(p[start + k]) != n[k] { return false }
                return true
            }
        }
    }
}

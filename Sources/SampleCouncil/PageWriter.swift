import Foundation

/// Accumulates one page's markup and applies the page's noise: session tokens in links,
/// attribute order and spacing while writing, indentation and line endings at the end.
/// Templates are written with tab indentation and "\n" line endings, as the real pages are.
struct PageWriter {
    private(set) var out: String
    let noise: PageNoise
    /// The site's path, e.g. "/" or "/moderngov/": where a session token is inserted.
    let basePath: String
    private var random: SeededRandom

    init(noise: PageNoise, basePath: String, pageKey: String, capacity: Int = 16_384) {
        self.noise = noise.forPage(pageKey)
        self.basePath = basePath
        self.random = SeededRandom(noise.seed ?? 0, StableHash.fnv1a(pageKey))
        out = ""
        out.reserveCapacity(capacity)
    }

    mutating func write(_ text: String) {
        out += text
    }

    /// An href for a site-relative path such as "ieListDocuments.aspx?CId=1&MId=2", escaped
    /// for an attribute. With a session token it becomes "/(S(token))/ieListDocuments.aspx?…",
    /// the form cookieless ASP.NET writes.
    func href(_ relative: String) -> String {
        guard let token = noise.sessionToken, !relative.hasPrefix("/"), !relative.contains("://"),
              !relative.hasPrefix("mailto:"), !relative.hasPrefix("#") else {
            return HTMLEscaping.text(relative)
        }
        return HTMLEscaping.text("\(basePath)(S(\(token)))/\(relative)")
    }

    enum Spacing {
        /// ModernGov's server controls: `<p  class="mgAiTitleTxt" >`.
        case control
        /// Hand-written markup: `<a name="AI1" aria-disabled="true">`.
        case plain
    }

    /// Writes an opening tag. Values must already be escaped.
    mutating func open(_ name: String, _ attributes: [(String, String)], _ spacing: Spacing = .control) {
        let text = tag(name, attributes, spacing)
        out += text
    }

    /// An opening tag. Values must already be escaped.
    mutating func tag(_ name: String, _ attributes: [(String, String)], _ spacing: Spacing = .control) -> String {
        var attributes = attributes
        var text = "<" + name
        if noise.shufflesAttributes && attributes.count > 1 {
            random.shuffle(&attributes)
            for (key, value) in attributes {
                text += random.pick(PageWriter.gaps) + key + "=\"" + value + "\""
            }
            text += random.chance(0.3) ? " >" : ">"
            return text
        }
        switch spacing {
        case .control:
            for (key, value) in attributes { text += "  " + key + "=\"" + value + "\"" }
            return text + " >"
        case .plain:
            for (key, value) in attributes { text += " " + key + "=\"" + value + "\"" }
            return text + ">"
        }
    }

    private static let gaps = [" ", " ", "  ", "   ", "\n\t\t\t\t\t"]

    /// The finished page, with the noise's whitespace applied.
    func finish() -> String {
        guard noise.indentUnit != "\t" || noise.lineEnding != "\n" || noise.trailingSpaces else { return out }
        let indent = Array(noise.indentUnit.utf8)
        let newline = Array(noise.lineEnding.utf8)
        let trailing = noise.trailingSpaces
        var source = out
        return source.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return "" }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + bytes.count / 6)
            var line = 0
            var start = 0
            while start <= bytes.count {
                // memchr: a per-byte Swift loop is far slower in debug builds.
                let found = memchr(base + start, 0x0A, bytes.count - start)
                let end = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
                var text = start
                while text < end && bytes[text] == 0x09 {
                    result.append(contentsOf: indent)
                    text += 1
                }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[text..<end]))
                guard found != nil else { break }
                line += 1
                if trailing && line % 7 == 3 { result.append(contentsOf: [0x20, 0x20]) }
                result.append(contentsOf: newline)
                start = end + 1
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}

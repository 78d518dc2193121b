/// A `Content-Type` header value (RFC 9110 §8.3), read for what the pipeline needs of it: the
/// media type and the `charset` parameter, which says how a page's bytes are to be read as text.
public struct ContentType: Hashable, Sendable {
    /// The media type in lower case, e.g. "text/html"; "" when the header gives none.
    public var mediaType: String
    /// The `charset` parameter's value, unquoted and in lower case (`"UTF-8"` → "utf-8"); nil when
    /// the parameter is absent or empty. A label, not yet an encoding: what it names is the reader's call.
    public var charset: String?

    public init(mediaType: String, charset: String? = nil) {
        self.mediaType = mediaType.lowercased()
        self.charset = charset.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `text/html; charset="windows-1252"`: parameters are `;`-separated `name=value` pairs,
    /// names compared without case, values optionally quoted (RFC 9110 §5.6.6). Nil for an empty
    /// or unreadable value (a parameter without `=`, an unterminated quote).
    public init?(headerValue: String) {
        var scanner = Substring(headerValue)
        let media = scanner.prefix { $0 != ";" }
        scanner = scanner.dropFirst(media.count)
        let mediaType = media.trimmingHTTPWhitespace()
        guard !mediaType.isEmpty || !scanner.isEmpty else { return nil }
        var charset: String?
        while scanner.first == ";" {
            scanner = scanner.dropFirst()
            let name = scanner.prefix { $0 != "=" && $0 != ";" }
            scanner = scanner.dropFirst(name.count)
            guard !name.trimmingHTTPWhitespace().isEmpty else { continue } // "text/html;;" or a trailing ";"
            guard scanner.first == "=" else { return nil }
            scanner = scanner.dropFirst()
            var value: String
            if scanner.first == "\"" {
                scanner = scanner.dropFirst()
                value = ""
                var closed = false
                while let c = scanner.first {
                    scanner = scanner.dropFirst()
                    if c == "\\", let escaped = scanner.first {
                        value.append(escaped)
                        scanner = scanner.dropFirst()
                    } else if c == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
                scanner = scanner.drop { $0 != ";" }
            } else {
                let raw = scanner.prefix { $0 != ";" }
                scanner = scanner.dropFirst(raw.count)
                value = String(raw.trimmingHTTPWhitespace())
            }
            if charset == nil, name.trimmingHTTPWhitespace().lowercased() == "charset" {
                charset = value
            }
        }
        self.init(mediaType: String(mediaType), charset: charset)
    }
}

private extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingHTTPWhitespace() -> Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return start < end ? self[start ..< end] : ""
    }
}

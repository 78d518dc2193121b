/// The URL of a `List-Unsubscribe` header (RFC 2369): what the email channel can put there, and
/// what the config therefore accepts for `unsubscribe_url`.
public enum ListUnsubscribeURL {
    public static let maxLength = 900

    /// Nil when `url` can stand inside `<…>` in a header: http(s) with a host or mailto with an
    /// address, printable ASCII without spaces or angle brackets, short enough for one header line.
    public static func problem(_ url: String) -> String? {
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" && $0 != "\"" }) else {
            return "it must be printable ASCII without spaces, quotes or angle brackets (percent-encode the rest)"
        }
        guard url.utf8.count <= maxLength else { return "it is longer than \(maxLength) characters" }
        let scheme = WebURL.scheme(of: url)
        if scheme == "https" || scheme == "http" {
            switch WebURL.parse(url) {
            case .success: return nil
            case .failure(.noAuthority), .failure(.emptyHost): return "it has no host"
            case .failure: return "it is not a valid http(s) URL"
            }
        }
        if scheme == "mailto" {
            return url.dropFirst("mailto:".count).contains("@") ? nil : "a mailto: URL needs an address"
        }
        return "it must be an https:, http: or mailto: URL"
    }
}

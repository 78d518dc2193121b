import AgendaCore

/// The label of a host name that names the organisation: `leics` for `democracy.leics.gov.uk` and
/// `www.leics.gov.uk`, `aberdeenshire` for `aberdeenshire.moderngov.co.uk` (Civica's hosting). It
/// is the last label left once the public suffix (`gov.uk`, `co.uk`, `com`…) or a shared hosting
/// domain is taken off. A short list of the suffixes UK councils' sites use stands in for the
/// Public Suffix List, which would be a data file to keep fresh for this one heuristic.
public enum HostLabel {
    /// Longest first, so that `moderngov.co.uk` is taken off before `co.uk`.
    static let suffixes: [[Substring]] = [
        "moderngov.co.uk", "cmis.uk.com", "gov.uk", "org.uk", "co.uk", "ac.uk", "nhs.uk", "police.uk", "uk.com",
        "gov.wales", "llyw.cymru", "gov.scot", "com", "org", "net", "info", "uk", "wales", "cymru", "scot",
    ].map { $0.split(separator: ".") }.sorted { $0.count > $1.count }

    /// The organisation label of `host` (lower case); nil for an IP address or a bare public suffix.
    public static func organisation(of host: String) -> String? {
        guard !host.hasPrefix("["), IPAddress(urlHost: host) == nil else { return nil }
        var labels = host.lowercased().split(separator: ".")
        if let suffix = suffixes.first(where: { labels.count >= $0.count && labels.suffix($0.count).elementsEqual($0) }) {
            labels.removeLast(suffix.count)
        }
        return labels.last.map(String.init)
    }
}

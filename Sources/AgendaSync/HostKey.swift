import Foundation

/// A council host as politeness sees it: scheme, host name and port (the default port filled in),
/// lower-cased. Spacing, pauses, backoff and robots.txt are all kept per `HostKey`.
public struct HostKey: Hashable, Sendable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    /// Nil unless `url` is an absolute http or https URL with a host.
    public init?(url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let defaultPort = Self.defaultPorts[scheme], let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        // Foundation keeps an IPv6 literal's brackets on some platforms; store it bare.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? defaultPort
    }

    /// "https://democracy.leics.gov.uk", with ":port" only when it is not the scheme's default.
    public var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == Self.defaultPorts[scheme] ? "\(scheme)://\(name)" : "\(scheme)://\(name):\(port)"
    }

    /// Where the host's robots.txt lives (RFC 9309 §2.3: at the top level of the authority).
    public var robotsURL: String { description + "/robots.txt" }

    private static let defaultPorts = ["http": 80, "https": 443]
}

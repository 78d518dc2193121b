extension WebURL {
    /// Scheme, host and port (the default filled in): the unit politeness (spacing, pauses,
    /// backoff, robots.txt), connection admission and the redirect and document-link rules work
    /// with. "https://democracy.leics.gov.uk", with ":port" only when it is not the default.
    public struct Origin: Hashable, Sendable, CustomStringConvertible {
        /// `http` or `https`.
        public let scheme: String
        /// Lower case, as in the canonical URL (an IPv6 literal in brackets).
        public let host: String
        public let port: Int

        /// The origin of an absolute http(s) URL (read in canonical form); nil for anything else.
        public init?(url: String) {
            guard let parsed = WebURL(url) else { return nil }
            self = parsed.origin
        }

        init(scheme: String, host: String, port: Int) {
            self.scheme = scheme
            self.host = host
            self.port = port
        }

        public var description: String {
            port == WebURL.defaultPort(of: scheme) ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(port)"
        }

        /// True when `self` is `https://host` and `other` is `http://host`, both on their default
        /// ports: the same site, moved to TLS.
        public func isHTTPSUpgrade(of other: Origin) -> Bool {
            host == other.host && scheme == "https" && port == 443 && other.scheme == "http" && other.port == 80
        }

        /// True when a redirect from a request to `self` may go to `target`: the same origin, or
        /// its https upgrade. Never to another host or port, and never down from https to http.
        public func allowsRedirect(to target: Origin) -> Bool {
            target == self || target.isHTTPSUpgrade(of: self)
        }

        /// The same site as `other`: the same origin, or the same host's http and https on their
        /// default ports. A document link to another site is marked external.
        public func isSameSite(as other: Origin) -> Bool {
            self == other || isHTTPSUpgrade(of: other) || other.isHTTPSUpgrade(of: self)
        }
    }

    /// The URL's origin (port 0 for a scheme without a default port when none is written;
    /// never so for http(s)).
    public var origin: Origin {
        Origin(scheme: scheme, host: host, port: effectivePort ?? 0)
    }
}

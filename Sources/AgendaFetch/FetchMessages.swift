import AgendaCore

/// One header field, as sent or as received (name and value with surrounding whitespace trimmed).
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A GET, optionally conditional, or a POST when it has a ``body``.
public struct FetchRequest: Sendable, Hashable {
    /// Absolute `http` or `https` URL. Any other scheme throws ``FetchError/unsupportedProtocol(_:)``.
    public var url: String
    /// A stored `ETag`, sent back verbatim as `If-None-Match` (quotes and `W/` are part of it).
    public var etag: String?
    /// A stored `Last-Modified`, sent back verbatim as `If-Modified-Since`.
    public var lastModified: String?
    /// Extra request headers, sent in order after the validators. An empty value sends the
    /// header with no value. Names must be HTTP tokens and values must hold no CR, LF or NUL,
    /// or the fetch throws ``FetchError/invalidRequest(_:)``.
    public var headers: [HTTPHeaderField]
    /// Limits for this request only; `nil` uses the client's ``FetchConfiguration/limits``.
    public var limits: FetchLimits?
    /// When set, the request is a POST of exactly these bytes (`Content-Length`, no chunking, no
    /// `Expect: 100-continue`). Give the `Content-Type` in ``headers``; without one none is sent.
    /// A redirect, when followed, is followed the way libcurl does by default (301/302/303
    /// turn into a GET), so set ``FetchLimits/followRedirects`` to `false` for POSTs.
    public var body: [UInt8]?
    /// Which addresses the request may connect to; ``ConnectPolicy/any`` by default.
    public var connectPolicy: ConnectPolicy

    public init(
        url: String,
        etag: String? = nil,
        lastModified: String? = nil,
        headers: [HTTPHeaderField] = [],
        limits: FetchLimits? = nil,
        body: [UInt8]? = nil,
        connectPolicy: ConnectPolicy = .any
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.limits = limits
        self.body = body
        self.connectPolicy = connectPolicy
    }
}

/// What came back. Any HTTP status is a response, not an error: 304, 404, 429, 500 … are for
/// the caller to judge. Only transport failures and broken limits throw ``FetchError``.
public struct FetchResponse: Sendable, Hashable {
    /// The final response's status (after redirects, when followed). 304 has an empty body.
    public var status: Int
    /// The final response's body, decoded (gzip/br removed). At most the body limit.
    public var body: [UInt8]
    /// The URL of the final response (differs from the request's after redirects).
    public var effectiveURL: String
    /// The final response's header fields, in the order received, duplicates kept.
    public var headers: [HTTPHeaderField]
    /// `ETag`, exactly as received (store it as is; send it back as ``FetchRequest/etag``).
    public var etag: String?
    /// `Last-Modified`, exactly as received.
    public var lastModified: String?
    /// `Retry-After`, raw: either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    public var retryAfter: String?
    /// `Content-Type`, raw (charset parameter included).
    public var contentType: String?
    /// Decoded body bytes received (equals `body.count`).
    public var bytesReceived: Int
    /// Transfer time as libcurl measured it (`CURLINFO_TOTAL_TIME_T`), redirects included.
    public var elapsedMilliseconds: Int
    /// Time spent waiting for a free per-host (or total) connection slot before starting.
    public var queuedMilliseconds: Int
    /// Redirects followed.
    public var redirectCount: Int
    /// Whether `If-None-Match` and/or `If-Modified-Since` went out with the request.
    /// (A validator holding CR, LF or NUL is not sent; it could only be corrupt.)
    public var sentValidators: Bool
    /// For a 3xx with a `Location`: where it points, made absolute by libcurl.
    var redirectTarget: String?
    /// The address the (last) request was sent to: the server's, or the proxy's.
    var connectedAddress: IPAddress?

    public init(
        status: Int,
        body: [UInt8],
        effectiveURL: String,
        headers: [HTTPHeaderField],
        etag: String? = nil,
        lastModified: String? = nil,
        retryAfter: String? = nil,
        contentType: String? = nil,
        bytesReceived: Int? = nil,
        elapsedMilliseconds: Int = 0,
        queuedMilliseconds: Int = 0,
        redirectCount: Int = 0,
        sentValidators: Bool = false
    ) {
        self.status = status
        self.body = body
        self.effectiveURL = effectiveURL
        self.headers = headers
        self.etag = etag
        self.lastModified = lastModified
        self.retryAfter = retryAfter
        self.contentType = contentType
        self.bytesReceived = bytesReceived ?? body.count
        self.elapsedMilliseconds = elapsedMilliseconds
        self.queuedMilliseconds = queuedMilliseconds
        self.redirectCount = redirectCount
        self.sentValidators = sentValidators
    }

    /// `true` for 304: the validators matched and nothing changed.
    public var isNotModified: Bool { status == 304 }

    /// `true` for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The first value of the header `name` (case-insensitive), or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.asciiCaseInsensitiveEquals(name) }?.value
    }

    /// Every value of the header `name` (case-insensitive), in order received.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.asciiCaseInsensitiveEquals(name) }.map(\.value)
    }
}

extension String {
    func asciiCaseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
        }
    }
}

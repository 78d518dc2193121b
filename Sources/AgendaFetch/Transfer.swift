import AgendaCore
import CCurl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects one response. Owned by its ``Transfer``; touched only by libcurl's callbacks on the
/// loop thread while the transfer runs, then read once by the loop thread when it ends.
final class ResponseCollector {
    let maxBodyBytes: Int
    var body: [UInt8] = []
    var headers: [HTTPHeaderField] = []
    /// Set when the write callback refused bytes because of ``maxBodyBytes``.
    var exceededBodyLimit = false

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    /// A new status line starts a new response (after a redirect, a 1xx or a proxy CONNECT):
    /// only the last response's headers and body are kept.
    func startResponse() {
        headers.removeAll(keepingCapacity: true)
        body.removeAll(keepingCapacity: true)
    }

    /// Works on the line's bytes: the field's syntax (RFC 9112 §5) is ASCII, and only the name and
    /// value become strings (UTF-8 with replacement). Splitting the decoded line by `Character`
    /// cost ~8,000 instructions a line, ~9% of an unchanged cycle (docs/performance.md).
    func addHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        let line = bytes[..<end]
        if line.starts(with: "HTTP/".utf8) { startResponse(); return }
        guard let first = line.first else { return }
        if Self.isSpaceOrTab(first) {
            // obs-fold continuation of the previous field (RFC 9112 §5.2).
            if !headers.isEmpty {
                let more = Self.trimmedText(line)
                headers[headers.count - 1].value += headers[headers.count - 1].value.isEmpty ? more : " " + more
            }
            return
        }
        guard let colon = line.firstIndex(of: 0x3A) else { return } // ':'
        let name = Self.trimmedText(line[..<colon])
        let value = Self.trimmedText(line[(colon + 1)...])
        headers.append(HTTPHeaderField(name: name, value: value))
        reserveBody(name: name, value: value)
    }

    /// `bytes` without leading and trailing spaces and tabs, decoded as UTF-8 with replacement.
    private static func trimmedText(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isSpaceOrTab(bytes[lower]) { lower += 1 }
        while upper > lower, isSpaceOrTab(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes.base[lower ..< upper]), as: UTF8.self)
    }

    /// HTTP's optional whitespace (RFC 9110 §5.6.3): SP and HTAB.
    private static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// A declared length sizes the body buffer once, instead of growing it chunk by chunk (each
    /// doubling copies what came before). Only a hint: never beyond the limit, and with a
    /// compressed response it is the compressed length, a lower bound of the decoded one.
    private func reserveBody(name: String, value: String) {
        guard name.asciiCaseInsensitiveEquals("content-length"), let length = Int(value), length > 0 else { return }
        body.reserveCapacity(min(length, maxBodyBytes))
    }
}

// Capture-free closures convert to C function pointers; state travels as the userdata pointer.

/// CURLOPT_WRITEFUNCTION: append decoded body bytes, refusing any that would pass the limit.
/// Returning fewer bytes than offered makes libcurl abort with CURLE_WRITE_ERROR, so a gzip
/// bomb stops at the cap, not after inflating.
private let writeBodyCallback: curl_write_callback = { data, size, count, userdata in
    let n = size * count
    guard n > 0 else { return 0 }
    guard let data, let userdata else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
    guard collector.body.count + n <= collector.maxBodyBytes else {
        collector.exceededBodyLimit = true
        return 0
    }
    UnsafeRawPointer(data).withMemoryRebound(to: UInt8.self, capacity: n) {
        collector.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
    }
    return n
}

/// CURLOPT_HEADERFUNCTION: one complete header line per call (status line and the blank line too).
private let headerCallback: curl_write_callback = { data, size, count, userdata in
    let n = size * count
    guard let data, let userdata else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
    UnsafeRawPointer(data).withMemoryRebound(to: UInt8.self, capacity: n) {
        collector.addHeaderLine(UnsafeBufferPointer(start: $0, count: n))
    }
    return n
}

/// One request: its configured easy handle and everything the handle points at (header list,
/// error buffer, collector), which live exactly as long as the handle.
///
/// Threading: built on the caller's thread; after submission only the loop thread touches the
/// handle and collector. `continuation`, `cancelled` and `submitted` are guarded by the
/// ``MultiLoop``'s inbox lock until the loop thread takes the transfer from its inbox.
final class Transfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer   // CURL* (typedef void in curl 7.88)
    /// Admission key: scheme, host and port of the request URL (libcurl keys its connections by
    /// host and port).
    let origin: WebURL.Origin
    let maxBodyBytes: Int
    let sentValidators: Bool
    private let collector: ResponseCollector
    /// Present for ``ConnectPolicy/publicOnly``; its callbacks point at it.
    private let connectGuard: ConnectGuard?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    let submittedAt = ContinuousClock.now
    var startedAt: ContinuousClock.Instant?

    var continuation: CheckedContinuation<FetchResponse, any Error>?
    var cancelled = false
    var submitted = false

    init(request: FetchRequest, configuration: FetchConfiguration) throws(FetchError) {
        if let failure = CurlGlobal.initialize() {
            throw .transport(CurlDiagnostic(code: Int(CurlGlobal.initResult.rawValue), message: failure))
        }
        let limits = request.limits ?? configuration.limits
        origin = try Transfer.checkedOrigin(request.url)
        maxBodyBytes = max(0, limits.maxBodyBytes)

        let userAgent = configuration.userAgent
        guard !userAgent.isEmpty, userAgent.isValidHeaderValue else {
            throw .invalidRequest("the user agent must be non-empty and hold no CR, LF or NUL")
        }

        // Header list: validators first, then the caller's extras. Validators are sent exactly
        // as stored; one holding CR/LF/NUL could only be corrupt, so it is left out.
        var lines: [String] = []
        var validators = false
        if let etag = request.etag, !etag.isEmpty, etag.isValidHeaderValue {
            lines.append("If-None-Match: \(etag)"); validators = true
        }
        if let date = request.lastModified, !date.isEmpty, date.isValidHeaderValue {
            lines.append("If-Modified-Since: \(date)"); validators = true
        }
        for field in request.headers {
            guard field.name.isHTTPToken else {
                throw .invalidRequest("header name \(String(reflecting: field.name)) is not an HTTP token")
            }
            guard field.value.isValidHeaderValue else {
                throw .invalidRequest("the value of header \(field.name) holds CR, LF or NUL")
            }
            // libcurl: "Name:" would remove the header, "Name;" sends it empty.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if request.body != nil {
            // "Name:" removes a header libcurl would add: its form Content-Type default, and
            // Expect: 100-continue, which would hold a large body back for up to a second.
            if !request.headers.contains(where: { $0.name.asciiCaseInsensitiveEquals("Content-Type") }) {
                lines.append("Content-Type:")
            }
            if !request.headers.contains(where: { $0.name.asciiCaseInsensitiveEquals("Expect") }) {
                lines.append("Expect:")
            }
        }
        sentValidators = validators

        guard let easy = curl_easy_init() else {
            throw .transport(CurlDiagnostic(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_easy_init failed"))
        }
        self.easy = easy
        collector = ResponseCollector(maxBodyBytes: maxBodyBytes)
        connectGuard = request.connectPolicy == .publicOnly ? ConnectGuard() : nil
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw .transport(CurlDiagnostic(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed"))
            }
            headerList = list
        }
        try configure(url: request.url, body: request.body, limits: limits, configuration: configuration)
    }

    deinit {
        // The loop has removed the handle from the multi before the last reference goes.
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    // MARK: Options

    private func configure(
        url: String, body: [UInt8]?, limits: FetchLimits, configuration: FetchConfiguration
    ) throws(FetchError) {
        let userdata = Unmanaged.passUnretained(collector).toOpaque()   // self owns collector
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_URL, url)
        if let body {
            try set(CURLOPT_POST, 1)
            // The size first, so COPYPOSTFIELDS copies exactly that many bytes (NULs included).
            // An empty body still needs a non-NULL pointer, or libcurl would read stdin.
            try check(ccurl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), CURLOPT_POSTFIELDSIZE_LARGE)
            var bytes = body.isEmpty ? [0] : body
            let code = bytes.withUnsafeMutableBytes { ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            try check(code, CURLOPT_COPYPOSTFIELDS)
        } else {
            try set(CURLOPT_HTTPGET, 1)
        }
        if let connectGuard {
            let me = Unmanaged.passUnretained(connectGuard).toOpaque()   // self owns connectGuard
            try check(ccurl_easy_setopt_opensocket_function(easy, CURLOPT_OPENSOCKETFUNCTION, connectGuardOpenSocketCallback),
                      CURLOPT_OPENSOCKETFUNCTION)
            try set(CURLOPT_OPENSOCKETDATA, pointer: me)
            try check(ccurl_easy_setopt_prereq_function(easy, CURLOPT_PREREQFUNCTION, connectGuardPrereqCallback),
                      CURLOPT_PREREQFUNCTION)
            try set(CURLOPT_PREREQDATA, pointer: me)
        }
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        if let headerList { try check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER) }
        try check(ccurl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, writeBodyCallback), CURLOPT_WRITEFUNCTION)
        try set(CURLOPT_WRITEDATA, pointer: userdata)
        try check(ccurl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, headerCallback), CURLOPT_HEADERFUNCTION)
        try set(CURLOPT_HEADERDATA, pointer: userdata)

        // Safety limits: every one set explicitly, whatever libcurl's defaults are.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // Redirects are followed by HTTPClient, one transfer per hop, after its own checks.
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, limits.connectTimeout.ceilingMilliseconds)))
        try set(CURLOPT_TIMEOUT_MS, Int(max(1, limits.totalTimeout.ceilingMilliseconds)))
        try set(CURLOPT_LOW_SPEED_LIMIT, max(0, limits.lowSpeedLimitBytesPerSecond))
        try set(CURLOPT_LOW_SPEED_TIME, Int(max(1, limits.lowSpeedTime.ceilingSeconds)))
        try set(CURLOPT_ACCEPT_ENCODING, configuration.acceptEncoding)
        try set(CURLOPT_PROXY, configuration.proxy ?? "")   // "" = no proxy, ignore the environment
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        try set(CURLOPT_MAXLIFETIME_CONN, Int(max(1, configuration.maxConnectionLifetime.ceilingSeconds)))
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(code))
            throw .transport(CurlDiagnostic(code: Int(code.rawValue), message: "setting option \(option.rawValue): \(text)"))
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(ccurl_easy_setopt_long(easy, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        try check(ccurl_easy_setopt_string(easy, option, value), option)   // libcurl copies strings
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) throws(FetchError) {
        try check(ccurl_easy_setopt_pointer(easy, option, pointer), option)
    }

    // MARK: Results (loop thread, after CURLMSG_DONE)

    func response() -> FetchResponse {
        var status = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var totalMicroseconds: curl_off_t = 0
        _ = ccurl_easy_getinfo_off(easy, CURLINFO_TOTAL_TIME_T, &totalMicroseconds)
        var urlPointer: UnsafeMutablePointer<CChar>?
        _ = ccurl_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &urlPointer)
        let effectiveURL = urlPointer.map { String(cString: $0) } ?? ""

        var redirectPointer: UnsafeMutablePointer<CChar>?
        _ = ccurl_easy_getinfo_string(easy, CURLINFO_REDIRECT_URL, &redirectPointer)
        var addressPointer: UnsafeMutablePointer<CChar>?
        _ = ccurl_easy_getinfo_string(easy, CURLINFO_PRIMARY_IP, &addressPointer)

        let queued = (startedAt ?? submittedAt) - submittedAt
        var response = FetchResponse(
            status: status,
            body: collector.body,
            effectiveURL: effectiveURL,
            headers: collector.headers,
            elapsedMilliseconds: Int(totalMicroseconds / 1000),
            queuedMilliseconds: Int(max(0, queued.ceilingMilliseconds)),
            sentValidators: sentValidators
        )
        response.redirectTarget = redirectPointer.map { String(cString: $0) }
        response.connectedAddress = addressPointer.flatMap { IPAddress(String(cString: $0)) }
        response.etag = response.header("ETag")
        response.lastModified = response.header("Last-Modified")
        response.retryAfter = response.header("Retry-After")
        response.contentType = response.header("Content-Type")
        return response
    }

    func error(for code: CURLcode) -> FetchError {
        if code == CURLE_WRITE_ERROR, collector.exceededBodyLimit {
            return .bodyTooLarge(limit: maxBodyBytes)
        }
        if let refused = connectGuard?.error(for: code) { return refused }
        let buffered = String(cString: errorBuffer)
        let message = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        return FetchError.from(code: code, message: message)
    }

    // MARK: URL checks

    /// Refuses what is not an absolute http(s) URL before any handle exists, and returns its
    /// origin, the per-host admission key.
    static func checkedOrigin(_ url: String) throws(FetchError) -> WebURL.Origin {
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw .invalidRequest("URL holds whitespace or control characters")
        }
        if let scheme = WebURL.scheme(of: url), scheme != "http", scheme != "https" {
            throw .unsupportedProtocol(CurlDiagnostic(
                code: Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue),
                message: "scheme \(String(reflecting: scheme)) refused: only http and https are allowed"))
        }
        guard let parsed = WebURL(url) else {
            throw .invalidRequest("malformed URL \(String(reflecting: url)): not an absolute http(s) URL with a host")
        }
        return parsed.origin
    }
}

extension String {
    /// No CR, LF or NUL: safe to put in a header line (libcurl sends headers verbatim).
    var isValidHeaderValue: Bool {
        !utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// RFC 9110 token: the characters allowed in a header name.
    var isHTTPToken: Bool {
        !isEmpty && utf8.allSatisfy { c in
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(c)
            }
        }
    }
}

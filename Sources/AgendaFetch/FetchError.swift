import CCurl

/// What libcurl said about a failed transfer: its `CURLcode` and the most specific message it
/// had (`CURLOPT_ERRORBUFFER`, else `curl_easy_strerror`).
public struct CurlDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The raw `CURLcode`, e.g. 7 for `CURLE_COULDNT_CONNECT`.
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "curl error \(code): \(message)" }
}

/// Why a fetch produced no response. HTTP statuses are never errors (see ``FetchResponse``).
/// Cancelling the calling task throws `CancellationError`, not a `FetchError`.
public enum FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request could not be made as given: malformed URL, a header name or value that is not
    /// allowed, an empty user agent. Nothing was sent.
    case invalidRequest(String)
    /// A scheme other than http/https, for the request or in a redirect's `Location`
    /// (`CURLE_UNSUPPORTED_PROTOCOL`). Nothing was fetched from the refused URL.
    case unsupportedProtocol(CurlDiagnostic)
    /// The host name did not resolve (`CURLE_COULDNT_RESOLVE_HOST`, `…_PROXY`).
    case couldNotResolveHost(CurlDiagnostic)
    /// TCP connect failed: refused, unreachable (`CURLE_COULDNT_CONNECT`).
    case couldNotConnect(CurlDiagnostic)
    /// The connect or total timeout ran out (`CURLE_OPERATION_TIMEDOUT`).
    case timedOut(CurlDiagnostic)
    /// Fewer than the low-speed limit's bytes per second for its whole window
    /// (libcurl reports `CURLE_OPERATION_TIMEDOUT` with "Operation too slow").
    case tooSlow(CurlDiagnostic)
    /// More redirects than ``FetchLimits/maxRedirects`` (`CURLE_TOO_MANY_REDIRECTS`).
    case tooManyRedirects(CurlDiagnostic)
    /// A redirect the client does not follow (see ``HTTPClient/fetch(_:)``): to another site than
    /// the request's, or to a non-public address when the request's own address was public.
    /// `target` is the `Location`, made absolute; nothing was requested from it.
    case redirectRefused(target: String, reason: String)
    /// The decoded body passed ``FetchLimits/maxBodyBytes``; the transfer was aborted there.
    case bodyTooLarge(limit: Int)
    /// The connection closed or reset before the response was complete
    /// (`CURLE_PARTIAL_FILE`, `CURLE_RECV_ERROR`, `CURLE_SEND_ERROR`, `CURLE_GOT_NOTHING`).
    /// Treat the page as not fetched: it may be truncated.
    case incompleteResponse(CurlDiagnostic)
    /// The body's `Content-Encoding` could not be decoded (`CURLE_BAD_CONTENT_ENCODING`).
    case badContentEncoding(CurlDiagnostic)
    /// TLS handshake or certificate verification failed (`CURLE_SSL_*`,
    /// `CURLE_PEER_FAILED_VERIFICATION`). Verification is never switched off.
    case tls(CurlDiagnostic)
    /// ``ConnectPolicy/publicOnly`` refused the address the host resolved to (or the address of
    /// a pooled connection), e.g. `address` "127.0.0.1", `range` "loopback 127.0.0.0/8". No
    /// connection was opened to it. When several addresses were refused, the first is named.
    case addressRefused(address: String, range: String)
    /// Any other libcurl failure.
    case transport(CurlDiagnostic)
    /// The client was shut down before the transfer finished (or before it was submitted).
    case shutDown

    /// The `CURLcode` behind the error, where libcurl reported one.
    public var curlCode: Int? { diagnostic?.code }

    /// libcurl's code and message, where there is one.
    public var diagnostic: CurlDiagnostic? {
        switch self {
        case .unsupportedProtocol(let d), .couldNotResolveHost(let d), .couldNotConnect(let d),
             .timedOut(let d), .tooSlow(let d), .tooManyRedirects(let d), .incompleteResponse(let d),
             .badContentEncoding(let d), .tls(let d), .transport(let d):
            return d
        case .invalidRequest, .bodyTooLarge, .addressRefused, .redirectRefused, .shutDown:
            return nil
        }
    }

    /// One line for a person (and the sync log).
    public var message: String {
        switch self {
        case .invalidRequest(let why): return "invalid request: \(why)"
        case .unsupportedProtocol(let d): return "refused: only http and https are allowed (\(d))"
        case .couldNotResolveHost(let d): return "could not resolve host (\(d))"
        case .couldNotConnect(let d): return "could not connect (\(d))"
        case .timedOut(let d): return "timed out (\(d))"
        case .tooSlow(let d): return "server too slow, transfer aborted (\(d))"
        case .tooManyRedirects(let d): return "too many redirects (\(d))"
        case .redirectRefused(let target, let reason): return Self.redirectRefusedPrefix + "\(target): \(reason)"
        case .bodyTooLarge(let limit): return "response body larger than the \(limit)-byte limit"
        case .incompleteResponse(let d): return "connection closed before the response was complete (\(d))"
        case .badContentEncoding(let d): return "could not decode the response body (\(d))"
        case .tls(let d): return "TLS failure (\(d))"
        case .addressRefused(let address, let range):
            return "refused to connect to \(address) (\(range)): only public addresses are allowed"
        case .transport(let d): return "transfer failed (\(d))"
        case .shutDown: return "the HTTP client was shut down"
        }
    }

    public var description: String { message }

    private static let redirectRefusedPrefix = "refused to follow the redirect to "

    /// The target named by a ``redirectRefused(target:reason:)`` message as the sync log keeps it
    /// (``message``); nil for any other message. (A target is a canonical URL: it holds no ": ".)
    public static func redirectTarget(inMessage message: String) -> String? {
        guard message.hasPrefix(redirectRefusedPrefix) else { return nil }
        let rest = message.dropFirst(redirectRefusedPrefix.count)
        guard let end = rest.range(of: ": ") else { return nil }
        return String(rest[..<end.lowerBound])
    }

    /// Classifies a failed transfer's `CURLcode`.
    static func from(code: CURLcode, message: String) -> FetchError {
        let diagnostic = CurlDiagnostic(code: Int(code.rawValue), message: message)
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .unsupportedProtocol(diagnostic)
        case CURLE_URL_MALFORMAT:
            return .invalidRequest(diagnostic.description)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolveHost(diagnostic)
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect(diagnostic)
        case CURLE_OPERATION_TIMEDOUT:
            // The low-speed check and the timeouts share a code; libcurl's speed check writes
            // "Operation too slow. Less than N bytes/sec transferred the last M seconds".
            return message.hasPrefix("Operation too slow") ? .tooSlow(diagnostic) : .timedOut(diagnostic)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(diagnostic)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
             CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .incompleteResponse(diagnostic)
        case CURLE_BAD_CONTENT_ENCODING:
            return .badContentEncoding(diagnostic)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls(diagnostic)
        default:
            return .transport(diagnostic)
        }
    }
}

import CCurl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl's process-wide set-up, done once for every module that uses libcurl (HTTP fetches
/// here, the SMTP relay in AgendaDelivery).
public enum CurlGlobal {
    /// `curl_global_init`, run once, on first use, before the first handle (a lazily initialised
    /// global is thread-safe in Swift). It also ignores SIGPIPE: with `CURLOPT_NOSIGNAL` libcurl no
    /// longer guards writes, and OpenSSL can raise it on a peer that went away, which would kill the
    /// daemon. The result is kept so a failed init turns into an error at the first transfer.
    static let initResult: CURLcode = {
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(CCURL_GLOBAL_ALL)
    }()

    /// Runs the initialisation if it has not run yet; nil when libcurl is ready, else why not.
    public static func initialize() -> String? {
        initResult == CURLE_OK ? nil : "curl_global_init failed (\(initResult.rawValue))"
    }
}

import AgendaCore
import AgendaFetch
import CCurl
import Foundation
import Synchronization

/// One message's SMTP session: a libcurl easy handle and everything it points at, driven by
/// `curl_easy_perform` on a thread of its own (the call blocks for up to the timeout).
///
/// Threading: built on the caller's thread, then used only by its thread, except ``cancel()``,
/// which only sets an atomic flag that the progress callback reads.
final class SMTPTransfer: @unchecked Sendable {
    /// How one session ended.
    struct Ending: Sendable {
        var result: SMTPResult
        /// False when the server never answered (refused, unreachable, connect timeout).
        var reachedServer: Bool
    }

    private let settings: SMTPSettings
    private let envelopeFrom: String
    private let envelopeTo: [String]
    fileprivate let body: [UInt8]
    fileprivate var offset = 0
    fileprivate let log = SMTPSessionLog()
    fileprivate let cancelled = Atomic<Bool>(false)

    init(settings: SMTPSettings, message: [UInt8], from: String, to: [String]) {
        self.settings = settings
        self.body = message
        self.envelopeFrom = from
        self.envelopeTo = to
    }

    /// Asks a running session to stop at libcurl's next progress call.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Runs the whole session on the calling thread, which it blocks.
    func perform() -> Ending {
        if let failure = CurlGlobal.initialize() {
            return Ending(result: .temporary(code: nil, reply: failure), reachedServer: false)
        }
        guard let easy = curl_easy_init() else {
            return Ending(result: .temporary(code: nil, reply: "curl_easy_init failed"), reachedServer: false)
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer {
            curl_easy_cleanup(easy)
            curl_slist_free_all(recipients)
            errorBuffer.deallocate()
        }
        for address in envelopeTo {
            guard let list = curl_slist_append(recipients, "<\(address)>") else {
                return Ending(result: .temporary(code: nil, reply: "curl_slist_append failed"), reachedServer: false)
            }
            recipients = list
        }

        // The handle is cleaned up above, before `self` can go: passing it unretained is safe.
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        if let problem = configure(easy, errorBuffer: errorBuffer, recipients: recipients, userdata: userdata) {
            return Ending(result: .temporary(code: nil, reply: problem), reachedServer: false)
        }

        let code = curl_easy_perform(easy)
        let buffered = String(cString: errorBuffer)
        let message = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        let result = SMTPOutcome.classify(
            curlSucceeded: code == CURLE_OK,
            curlCode: Int(code.rawValue),
            curlMessage: message,
            log: log,
            cancelled: cancelled.load(ordering: .relaxed),
            relay: settings.displayURL)
        return Ending(result: result, reachedServer: log.reachedServer)
    }

    /// Sets every option; returns a description of the first one libcurl refused.
    private func configure(
        _ easy: UnsafeMutableRawPointer,
        errorBuffer: UnsafeMutablePointer<CChar>,
        recipients: UnsafeMutablePointer<curl_slist>?,
        userdata: UnsafeMutableRawPointer
    ) -> String? {
        var failure: String?
        func check(_ code: CURLcode, _ option: CURLoption) {
            if failure == nil, code != CURLE_OK {
                failure = "setting libcurl option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))"
            }
        }
        func set(_ option: CURLoption, _ value: Int) { check(ccurl_easy_setopt_long(easy, option, value), option) }
        func set(_ option: CURLoption, _ value: String) { check(ccurl_easy_setopt_string(easy, option, value), option) }
        func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) {
            check(ccurl_easy_setopt_pointer(easy, option, pointer), option)
        }

        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_URL, settings.curlURL)
        set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_PROXY, "")                  // never a proxy from the environment
        set(CURLOPT_FORBID_REUSE, 1)            // one connection per message, closed with QUIT in perform

        set(CURLOPT_MAIL_FROM, "<\(envelopeFrom)>")
        check(ccurl_easy_setopt_slist(easy, CURLOPT_MAIL_RCPT, recipients), CURLOPT_MAIL_RCPT)
        set(CURLOPT_UPLOAD, 1)
        check(ccurl_easy_setopt_off(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(body.count)), CURLOPT_INFILESIZE_LARGE)
        check(ccurl_easy_setopt_read_function(easy, CURLOPT_READFUNCTION, smtpReadCallback), CURLOPT_READFUNCTION)
        set(CURLOPT_READDATA, pointer: userdata)

        switch settings.tls {
        case .implicit, .startTLS: set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .opportunistic: set(CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
        case .none: set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        set(CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2))
        if let caFile = settings.caFile { set(CURLOPT_CAINFO, caFile) }
        if let credentials = settings.credentials {
            set(CURLOPT_USERNAME, credentials.username)
            set(CURLOPT_PASSWORD, credentials.password)
        }

        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(settings.timeout))
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(settings.connectTimeout))
        // Also bounds the wait for QUIT's reply, which the total timeout does not cover.
        set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, (Self.milliseconds(settings.timeout) + 999) / 1000))

        // VERBOSE only feeds the debug callback; nothing is printed.
        set(CURLOPT_VERBOSE, 1)
        check(ccurl_easy_setopt_debug_function(easy, CURLOPT_DEBUGFUNCTION, smtpDebugCallback), CURLOPT_DEBUGFUNCTION)
        set(CURLOPT_DEBUGDATA, pointer: userdata)
        set(CURLOPT_NOPROGRESS, 0)
        check(ccurl_easy_setopt_xferinfo_function(easy, CURLOPT_XFERINFOFUNCTION, smtpProgressCallback),
              CURLOPT_XFERINFOFUNCTION)
        set(CURLOPT_XFERINFODATA, pointer: userdata)
        return failure
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(max(1, min(duration.ceilingMilliseconds, Int64(Int32.max))))
    }
}

// Capture-free closures convert to C function pointers; the transfer travels as userdata.

/// CURLOPT_READFUNCTION: the message bytes, as they are (libcurl dot-stuffs and ends the DATA).
private let smtpReadCallback: curl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return Int(CURL_READFUNC_ABORT) }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let room = size * count
    let remaining = transfer.body.count - transfer.offset
    let n = min(room, remaining)
    guard n > 0 else { return 0 }
    transfer.body.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + transfer.offset, byteCount: n)
    }
    transfer.offset += n
    return n
}

/// CURLOPT_DEBUGFUNCTION: commands out and reply lines in, for the session log.
private let smtpDebugCallback: curl_debug_callback = { _, type, data, size, userdata in
    guard let data, let userdata, size > 0 else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    switch type {
    case CURLINFO_HEADER_IN: transfer.log.received(bytes)
    case CURLINFO_HEADER_OUT: transfer.log.sent(bytes)
    default: break
    }
    return 0
}

/// CURLOPT_XFERINFOFUNCTION: non-zero aborts the session once the caller has cancelled.
private let smtpProgressCallback: curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.cancelled.load(ordering: .relaxed) ? 1 : 0
}

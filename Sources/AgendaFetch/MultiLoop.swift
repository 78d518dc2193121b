import AgendaCore
import CCurl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libcurl multi handle driven by one dedicated thread, bridged to async/await
/// (notes/swift-on-linux.md §1).
///
/// Callers hand a ``Transfer`` to ``perform(_:)``; it goes into a locked inbox and the loop is
/// woken with `curl_multi_wakeup`. The loop thread owns the multi handle and every submitted
/// easy handle: it admits transfers within the per-host and total limits, runs
/// `curl_multi_perform`/`curl_multi_poll`, and resumes each transfer's continuation exactly
/// once (response, error, `CancellationError` or ``FetchError/shutDown``).
///
/// Admission happens here, not only in libcurl: a transfer waiting for a slot has not started,
/// so its timeouts have not started either (libcurl's own `CURLMOPT_MAX_HOST_CONNECTIONS` queue
/// would count the wait against `CURLOPT_TIMEOUT_MS`). The libcurl caps are set too, as a
/// backstop. Transfers are keyed by the origin of their URL; a redirect is a transfer of its own
/// (``HTTPClient/fetch(_:)`` follows them), admitted like any other.
final class MultiLoop: @unchecked Sendable {
    private struct Inbox {
        var submitted: [Transfer] = []
        var cancelled: [Transfer] = []
        var shuttingDown = false
        var thread: pthread_t?
    }

    /// Guards the inbox and each transfer's `continuation`/`cancelled`/`submitted` until the loop
    /// takes it. `curl_multi_wakeup` is called only while holding it and only before
    /// `shuttingDown` is set, so it never races `curl_multi_cleanup`.
    private let inbox = PthreadLock(Inbox())
    private let multi: UnsafeMutableRawPointer   // CURLM* (typedef void in curl 7.88)
    private let maxPerHost: Int
    private let maxTotal: Int

    init(maxPerHost: Int, maxTotal: Int) {
        _ = CurlGlobal.initialize()   // a failure surfaces at the first transfer
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed (out of memory)") }
        self.multi = multi
        self.maxPerHost = max(1, maxPerHost)
        self.maxTotal = max(1, maxTotal)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, self.maxPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, self.maxTotal)

        // The thread holds a strong reference until runLoop returns (after shutdown()).
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { argument in
            let loop = Unmanaged<MultiLoop>.fromOpaque(argument!).takeRetainedValue()
            loop.runLoop()
            return nil
        }, box)
        guard rc == 0 else { fatalError("pthread_create failed: \(rc)") }
        inbox.withLock { $0.thread = thread }
    }

    // MARK: Caller side (any thread / task)

    func perform(_ transfer: Transfer) async throws -> FetchResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<FetchResponse, any Error>) in
                let rejection: (any Error)? = inbox.withLock { inbox in
                    if transfer.cancelled { return CancellationError() }
                    if inbox.shuttingDown { return FetchError.shutDown }
                    transfer.continuation = continuation
                    transfer.submitted = true
                    inbox.submitted.append(transfer)
                    curl_multi_wakeup(multi)
                    return nil
                }
                if let rejection { continuation.resume(throwing: rejection) }
            }
        } onCancel: {
            inbox.withLock { inbox in
                transfer.cancelled = true
                // Not yet submitted: the submission above sees `cancelled` and rejects it.
                guard transfer.submitted, !inbox.shuttingDown else { return }
                inbox.cancelled.append(transfer)
                curl_multi_wakeup(multi)
            }
        }
    }

    /// Stops the loop: transfers not finished get ``FetchError/shutDown``, connections close,
    /// the thread is joined. Safe to call more than once and from several threads.
    func shutdown() {
        let thread: pthread_t? = inbox.withLock { inbox in
            if !inbox.shuttingDown {
                curl_multi_wakeup(multi)
                inbox.shuttingDown = true
            }
            defer { inbox.thread = nil }
            return inbox.thread
        }
        guard let thread else { return }
        if pthread_equal(thread, pthread_self()) != 0 {
            pthread_detach(thread)   // never join yourself
        } else {
            pthread_join(thread, nil)
        }
    }

    // MARK: Loop thread

    /// Loop-thread state: transfers waiting for a slot, and running ones.
    private struct Scheduler {
        var waiting: [Transfer] = []
        var running: [UnsafeMutableRawPointer: Transfer] = [:]
        var runningPerHost: [WebURL.Origin: Int] = [:]

        mutating func removeRunning(_ easy: UnsafeMutableRawPointer) -> Transfer? {
            guard let transfer = running.removeValue(forKey: easy) else { return nil }
            let left = (runningPerHost[transfer.origin] ?? 1) - 1
            runningPerHost[transfer.origin] = left > 0 ? left : nil
            return transfer
        }
    }

    private func runLoop() {
        var scheduler = Scheduler()
        var stillRunning: Int32 = 0

        while true {
            let (incoming, cancels, stopping) = inbox.withLock { inbox in
                defer { inbox.submitted.removeAll(); inbox.cancelled.removeAll() }
                return (inbox.submitted, inbox.cancelled, inbox.shuttingDown)
            }
            scheduler.waiting.append(contentsOf: incoming)

            for transfer in cancels {
                if scheduler.removeRunning(transfer.easy) != nil {
                    curl_multi_remove_handle(multi, transfer.easy)
                    finish(transfer, .failure(CancellationError()))
                } else if let index = scheduler.waiting.firstIndex(where: { $0 === transfer }) {
                    scheduler.waiting.remove(at: index)
                    finish(transfer, .failure(CancellationError()))
                }   // else it already finished
            }

            if stopping {
                for (easy, transfer) in scheduler.running {
                    curl_multi_remove_handle(multi, easy)
                    finish(transfer, .failure(FetchError.shutDown))
                }
                for transfer in scheduler.waiting { finish(transfer, .failure(FetchError.shutDown)) }
                curl_multi_cleanup(multi)   // closes pooled connections
                return
            }

            admit(&scheduler)
            curl_multi_perform(multi, &stillRunning)

            var finishedAny = false
            var messagesLeft: Int32 = 0
            while let message = curl_multi_info_read(multi, &messagesLeft) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let result = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                guard let transfer = scheduler.removeRunning(easy) else { continue }
                finishedAny = true
                if result == CURLE_OK {
                    finish(transfer, .success(transfer.response()))
                } else {
                    finish(transfer, .failure(transfer.error(for: result)))
                }
            }
            // A finished transfer freed a slot: start the next one now rather than after a poll.
            if finishedAny, admit(&scheduler) { continue }

            var readyDescriptors: Int32 = 0
            if curl_multi_poll(multi, nil, 0, 1000, &readyDescriptors) != CURLM_OK {
                usleep(10_000)   // never spin on a broken poll
            }
        }
    }

    /// Starts waiting transfers, oldest first, while their host and the total have free slots.
    /// Returns whether any started.
    @discardableResult
    private func admit(_ scheduler: inout Scheduler) -> Bool {
        guard !scheduler.waiting.isEmpty, scheduler.running.count < maxTotal else { return false }
        var started = false
        var stillWaiting: [Transfer] = []
        for transfer in scheduler.waiting {
            let onHost = scheduler.runningPerHost[transfer.origin] ?? 0
            guard scheduler.running.count < maxTotal, onHost < maxPerHost else {
                stillWaiting.append(transfer)
                continue
            }
            transfer.startedAt = .now
            let code = curl_multi_add_handle(multi, transfer.easy)
            guard code == CURLM_OK else {
                let text = String(cString: curl_multi_strerror(code))
                finish(transfer, .failure(FetchError.transport(CurlDiagnostic(code: Int(code.rawValue), message: "curl_multi_add_handle: \(text)"))))
                continue
            }
            scheduler.running[transfer.easy] = transfer
            scheduler.runningPerHost[transfer.origin] = onHost + 1
            started = true
        }
        scheduler.waiting = stillWaiting
        return started
    }

    /// Resumes the caller exactly once. Loop thread only; the transfer is already out of the multi.
    private func finish(_ transfer: Transfer, _ result: Result<FetchResponse, any Error>) {
        let continuation = transfer.continuation
        transfer.continuation = nil
        continuation?.resume(with: result)
    }
}

import Foundation
import Logging

/// The last resort of a shutdown: if the in-flight work has not drained `after` the stop began
/// (a transfer that ignores cancellation, a thread stuck in a system call), the process exits 0
/// anyway — every commit is atomic and every notice line is written whole, so abandoning is safe.
/// It runs on a thread of its own, so it fires even when every concurrency thread is blocked.
enum StopDeadline {
    static func arm(after seconds: TimeInterval, logger: Logger) {
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            logger.error("daemon.stop_timeout", metadata: ["after_s": "\(Int(seconds))"])
            _exit(0)
        }
    }
}

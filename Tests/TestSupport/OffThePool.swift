import Foundation

/// Runs CPU-heavy test work (rendering a 56 MB corpus, parsing megabytes of junk) on threads of
/// its own instead of Swift's cooperative pool. That pool has one thread per core — two here — and
/// a test computing for many seconds on one of them stalls every other test's servers, clients
/// and waits, whose bounds then expire. The work stays in its task, so `#expect` and task-locals
/// work as usual.
public func offThePool<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
    try await withTaskExecutorPreference(OwnThreadExecutor.shared, operation: body)
}

/// Runs every job it is given on a new thread (jobs of heavy tests are few and long).
private final class OwnThreadExecutor: TaskExecutor {
    static let shared = OwnThreadExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { job.runSynchronously(on: executor) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

import Foundation

/// Runs CPU-heavy test work (rendering a 56 MB corpus, parsing megabytes of junk) on a thread of
/// its own instead of Swift's cooperative pool. That pool has one thread per core — two here — and
/// a test computing for many seconds on one of them stalls every other test's servers, clients
/// and waits, whose bounds then expire. Heavy work runs one job at a time on that one thread, so
/// it never takes more than a core from the rest either. The work stays in its task, so `#expect`
/// and task-locals work as usual. (Not for work that must run on several threads at once.)
public func offThePool<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
    try await withTaskExecutorPreference(HeavyWorkExecutor.shared, operation: body)
}

/// One thread, for the life of the test process, running the jobs it is given in order.
private final class HeavyWorkExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = HeavyWorkExecutor()
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [self] in work() }
        thread.name = "heavy test work"
        thread.stackSize = 8 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}

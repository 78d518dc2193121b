/// Wakes the main loop at one deadline by posting `.alarm`; setting a new deadline replaces the
/// old one. Owned by the main loop (not shared).
final class Alarm {
    private let events: DaemonEvents
    private var task: Task<Void, Never>?
    private var deadline: ContinuousClock.Instant?

    init(events: DaemonEvents) {
        self.events = events
    }

    /// Arms the alarm for `deadline` (nil: disarmed). A deadline already armed and still ahead is
    /// left alone; one that has passed is armed again, so the loop always has a wake-up coming.
    func set(_ deadline: ContinuousClock.Instant?) {
        if let deadline, deadline == self.deadline, deadline > .now { return }
        task?.cancel()
        self.deadline = deadline
        guard let deadline else {
            task = nil
            return
        }
        task = Task { [events] in
            do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
            events.post(.alarm)
        }
    }

    func cancel() {
        set(nil)
    }
}

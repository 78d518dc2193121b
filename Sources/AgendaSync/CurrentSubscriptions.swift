import AgendaConfig
import Synchronization

/// The subscriptions in force, shared by every cycle a daemon runs. A reload replaces them at once,
/// so a cycle that started before a SIGHUP and detects a change after it writes that change's
/// notices for the subscriptions present when it was detected: one the reload added gets its
/// notice, one it removed gets nothing more. (The rest of a running cycle's config — its source,
/// the window, the spacing — stays the one it started with.)
public final class CurrentSubscriptions: Sendable {
    private let subscriptions: Mutex<[SubscriptionConfiguration]>

    public init(_ subscriptions: [SubscriptionConfiguration]) {
        self.subscriptions = Mutex(subscriptions)
    }

    /// The subscriptions in force now.
    public var value: [SubscriptionConfiguration] { subscriptions.withLock { $0 } }

    public func replace(with new: [SubscriptionConfiguration]) {
        subscriptions.withLock { $0 = new }
    }
}

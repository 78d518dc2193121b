import AgendaConfig
import AgendaStore
import Foundation

extension RetentionPolicy {
    /// The policy `[daemon]` sets; an Atom subscription's newest `entries` notices stay, since its
    /// feed lists them again each time it is rewritten.
    public init(configuration: AgendaConfiguration) {
        var listed: [String: Int] = [:]
        for subscription in configuration.subscriptions {
            if case .atom(let settings) = subscription.channel { listed[subscription.id] = settings.entries }
        }
        let daemon = configuration.daemon
        self.init(log: daemon.logRetention.timeInterval, outbox: daemon.outboxRetention.timeInterval,
                  pages: daemon.pageRetention?.timeInterval, listedNotices: listed)
    }
}

extension SyncEngine {
    /// One bounded retention pass (``AgendaStore/applyRetention(_:now:batch:)``): `sync` runs one
    /// after its delivery round, the daemon one after each source's cycle, so the work is spread
    /// over the cycles and a backlog is worked off over several.
    /// `policy`: the one the caller already built from the same configuration, else built here.
    public func applyRetention(_ policy: RetentionPolicy? = nil) -> Result<RetentionPass, StoreError> {
        Result { () throws(StoreError) in
            try context.store.applyRetention(policy ?? RetentionPolicy(configuration: context.configuration), now: context.now())
        }
    }
}

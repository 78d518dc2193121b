import AgendaCore
import AgendaConfig
import AgendaStore
import AgendaSync
import Foundation
import Logging
import ServiceLifecycle

/// The daemon's one loop. It alone owns the running config and the schedule; cycles run as child
/// tasks and report back through the event inbox. Each turn it starts the sources that are due,
/// pings the watchdog, delivers if a delivery round is due, arms the alarm for the next deadline
/// and waits for the next event.
final class MainLoop {
    private let dependencies: DaemonService.Dependencies
    private let events: DaemonEvents
    private let alarm: Alarm
    private var configuration: AgendaConfiguration
    /// `configuration.subscriptions`, shared with the running cycles (see `CurrentSubscriptions`).
    private let subscriptions: CurrentSubscriptions
    private let live: LiveConfiguration
    private var states: [String: SourceScheduleState] = [:]
    private var running: Set<String> = []
    private var watchdog: WatchdogSchedule?
    private var nextDelivery: ContinuousClock.Instant
    /// One delivery round at a time, so no notice is ever sent twice at once.
    private var deliveryRunning = false
    /// A cycle wrote notices (or a reload happened) while a round was running: run another after it.
    private var deliveryWanted = true
    private var relayRunning = false
    private var relayWanted = false
    private var cycles = 0
    private var stopping = false
    /// The sources whose changes are held, and why: logged once when a hold begins (`source.held`) and ends.
    private var holds: [String: SourceHold] = [:]
    /// Shared with the running cycles, which run the retention passes it lets through.
    private let retention = RetentionSchedule()

    init(configuration: AgendaConfiguration, dependencies: DaemonService.Dependencies, events: DaemonEvents,
         live: LiveConfiguration) {
        self.configuration = configuration
        self.live = live
        subscriptions = CurrentSubscriptions(configuration.subscriptions)
        self.dependencies = dependencies
        self.events = events
        alarm = Alarm(events: events)
        watchdog = dependencies.watchdog
        nextDelivery = .now
    }

    private var logger: Logger { dependencies.logger }
    private var notifier: SystemdNotifier { dependencies.notifier }

    /// One `source.scheduled` line per source with the due time the start-up (or reload) gave it:
    /// overdue sources spread over the start-up window, the others at their persisted time.
    private func announceSchedule() {
        for state in states.values.sorted(by: { ($0.nextDueAt, $0.sourceID) < ($1.nextDueAt, $1.sourceID) }) {
            logger.info("source.scheduled", metadata: ["source": "\(state.sourceID)", "next_due": "\(Timestamp.string(state.nextDueAt))"])
        }
    }

    func run() async throws {
        states = try dependencies.scheduler.load(sources: configuration.sources, store: dependencies.store,
                                                 now: dependencies.now())
        holds = try dependencies.store.holds()
        for state in states.values {
            if let last = state.lastSuccessAt {
                PipelineMetrics.recordLastSuccess(source: state.sourceID, at: last.timeIntervalSince1970)
            }
        }
        notifier.ready(status: "ready; " + overview)
        var ready: Logger.Metadata = [
            "sources": "\(configuration.sources.count)", "subscriptions": "\(configuration.subscriptions.count)",
            "database": "\(configuration.daemon.database)",
        ]
        if let watchdog { ready["watchdog_ms"] = "\(watchdog.period.wholeMilliseconds)" }
        if !holds.isEmpty { ready["held"] = "\(holds.keys.sorted().joined(separator: ","))" }
        if let next = states.values.min(by: { $0.nextDueAt < $1.nextDueAt }) {
            ready["next_source"] = "\(next.sourceID)"
            ready["next_due"] = "\(Timestamp.string(next.nextDueAt))"
        }
        logger.notice("daemon.ready", metadata: ready)
        announceSchedule()

        // A discarding group frees each child (its task and task-allocator slabs) as soon as it
        // ends; a `TaskGroup` keeps every finished child until its result is awaited, and this loop
        // never awaits results (children report through the inbox), so the daemon would grow by
        // every cycle and every delivery round it ever ran. Leaving the group still waits for every
        // child, so shutdown is unchanged: cancel, drain, then the last local delivery round.
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                await loop(&group)
            } onGracefulShutdown: { [events] in
                events.post(.shutdown)
            }
            alarm.cancel()
            group.cancelAll()
        }
        events.close()
        // Files and spools are quick and local; webhooks wait for the next start (same notice ids).
        await logDelivery(SyncEngine(context: makeContext()).deliver(scope: .localOnly))
        logger.notice("daemon.stopped", metadata: ["cycles": "\(cycles)"])
    }

    // MARK: The loop

    private func loop(_ group: inout DiscardingTaskGroup) async {
        var inbox = events.stream.makeAsyncIterator()
        while true {
            if !stopping, !Task.isShuttingDownGracefully { startDueSources(&group) }
            if stopping, running.isEmpty { return }
            if watchdog?.pingIsDue(at: .now) == true { notifier.watchdog() }
            if !stopping, !deliveryRunning, deliveryWanted || ContinuousClock.now >= nextDelivery {
                startDelivery(&group)
            }
            alarm.set(nextWake())
            // nil: the service's task was cancelled outright (not a graceful shutdown).
            guard let event = await inbox.next() else { return }
            switch event {
            case .alarm:
                continue
            case .cycleFinished(let result):
                await finished(result)
            case .deliveryFinished(let report):
                deliveryFinished(report)
                startMailRelay(&group)
            case .relayFinished:
                relayRunning = false
                if relayWanted { startMailRelay(&group) }
            case .reload(let result):
                reload(result)
            case .shutdown:
                beginShutdown(&group)
            }
        }
    }

    /// Starts the due sources, earliest due first, while fewer than `max_concurrent_cycles` run.
    private func startDueSources(_ group: inout DiscardingTaskGroup) {
        let now = dependencies.now()
        let due = configuration.sources.compactMap { source -> (SourceConfiguration, Date)? in
            guard !running.contains(source.id), let state = states[source.id], state.nextDueAt <= now else { return nil }
            return (source, state.nextDueAt)
        }
        for (source, _) in due.sorted(by: { $0.1 < $1.1 }) where hasCycleSlot {
            running.insert(source.id)
            let context = makeContext()
            let events = events, retention = retention
            logger.debug("cycle.started", metadata: ["source": "\(source.id)"])
            group.addTask {
                events.post(.cycleFinished(await CycleRunner.run(source, context: context, retention: retention)))
            }
        }
    }

    private var hasCycleSlot: Bool { running.count < configuration.daemon.maxConcurrentCycles }

    /// The earliest of: the next idle source due (while a cycle may start: else a cycle's end wakes
    /// the loop), the next watchdog ping, the next delivery round.
    private func nextWake() -> ContinuousClock.Instant? {
        var deadlines: [ContinuousClock.Instant] = []
        if let watchdog { deadlines.append(watchdog.deadline) }
        if !stopping {
            let idle = configuration.sources.filter { !running.contains($0.id) }
            if hasCycleSlot, let due = idle.compactMap({ states[$0.id]?.nextDueAt }).min() {
                deadlines.append(ContinuousClock.now.advanced(byClampedSeconds: due.timeIntervalSince(dependencies.now())))
            }
            if !configuration.subscriptions.isEmpty, !deliveryRunning { deadlines.append(nextDelivery) }
        }
        return deadlines.min()
    }

    // MARK: Events

    private func finished(_ result: CycleResult) async {
        running.remove(result.sourceID)
        let report = result.report
        var metadata: Logger.Metadata = [
            "source": "\(result.sourceID)", "outcome": "\(report.outcome.rawValue)", "fetches": "\(report.fetches)",
            "failures": "\(report.failures)", "bytes": "\(report.bytes)", "meetings": "\(report.meetingsSeen)",
            "versions": "\(report.versionsWritten)", "notices": "\(report.noticesWritten)",
            "ms": "\(result.duration.wholeMilliseconds)",
        ]
        if let run = report.runID { metadata["run"] = "\(run)" }
        if result.abandoned {
            // Nothing about the source's health; its persisted due time stays, so it runs after a restart.
            if let run = report.runID { try? dependencies.store.markRunAbandoned(id: run) }
            logger.notice("cycle.abandoned", metadata: metadata)
            return
        }
        reportRetention(result.retention)
        guard let source = configuration.source(id: result.sourceID) else {
            // The cycle recorded its metrics as it ended, after the reload had forgotten the source's series.
            PipelineMetrics.forget(source: result.sourceID)
            metadata["note"] = "source removed by a reload"
            logger.info("cycle.finished", metadata: metadata)
            return
        }
        cycles += 1
        let notBefore = await dependencies.hosts.state(of: source.baseURL)?.resumeAt
        let transition = dependencies.scheduler.cycleFinished(
            source: source, report: report, startedAt: result.startedAt, now: dependencies.now(),
            notBefore: notBefore, previous: states[source.id])
        states[source.id] = transition.state
        do {
            try dependencies.scheduler.persist(transition.state, in: dependencies.store)
        } catch {
            logger.error("schedule.save_failed", metadata: ["source": "\(source.id)", "error": "\(error)"])
        }
        metadata["next_due"] = "\(Timestamp.string(transition.state.nextDueAt))"
        if let error = report.error { metadata["error"] = "\(error)" }
        logger.info("cycle.finished", metadata: metadata)
        reportHealth(transition.change, source: source, result: result, state: transition.state)
        reportHold(report, source: source)
        for note in report.notes where note.hasPrefix("site moved") {
            logger.notice("source.moved", metadata: ["source": "\(source.id)", "note": "\(note)"])
        }
        // A version stored without a notice (the baseline, a silent edit) still changes the calendars
        // that list the meeting, so it calls for a round too.
        if report.noticesWritten > 0 || report.versionsWritten > 0 { deliveryWanted = true }
        notifier.status(StatusLine.cycle(cycles, result, overview: overview))
    }

    /// What the retention pass after a cycle removed (when it removed anything), or why it failed
    /// (its rows stay for the next pass).
    private func reportRetention(_ retention: Result<RetentionPass, StoreError>?) {
        switch retention {
        case .success(let pass)? where pass.removedAnything:
            logger.info("retention.pass", metadata: [
                "fetch_rows": "\(pass.fetchRows)", "fetch_packs": "\(pass.fetchPacks)", "quiet_runs": "\(pass.quietRuns)", "notices": "\(pass.notices)",
                "pages": "\(pass.pages)", "complete": "\(pass.complete)",
            ])
        case .failure(let error)?:
            logger.warning("retention.failed", metadata: ["error": "\(error)"])
        default:
            break
        }
    }

    /// A source turning unhealthy, and recovering, is logged once each — not on every attempt.
    private func reportHealth(_ change: SourceScheduler.HealthChange?, source: SourceConfiguration,
                              result: CycleResult, state: SourceScheduleState) {
        switch change {
        case .becameUnhealthy(let error)?:
            var metadata: Logger.Metadata = [
                "source": "\(source.id)", "error": "\(error)",
                "consecutive_failures": "\(state.consecutiveFailures)",
                "next_due": "\(Timestamp.string(state.nextDueAt))",
            ]
            if let run = result.report.runID,
               let fetch = try? dependencies.store.fetchLog(sourceID: source.id, failuresOnly: true, limit: 1).first,
               fetch.runID == run {
                metadata["url"] = "\(fetch.entry.url)"
                if let status = fetch.entry.status { metadata["http_status"] = "\(status)" }
                if let fetchError = fetch.entry.error { metadata["fetch_error"] = "\(fetchError)" }
            }
            logger.warning("source.unhealthy", metadata: metadata)
        case .recovered(let failures)?:
            logger.notice("source.recovered", metadata: ["source": "\(source.id)", "after_failures": "\(failures)"])
        case nil:
            break
        }
    }

    /// A source whose changes are held is logged once when the hold begins — whoever's cycle began it
    /// (this daemon's, or a `sync`'s) — and once when it ends (released, re-baselined, or lapsed).
    /// It keeps being polled meanwhile: its later cycles are held too, so no notice leaks.
    private func reportHold(_ report: SourceReport, source: SourceConfiguration) {
        guard report.outcome != .busy else { return }
        switch (holds[source.id], report.hold) {
        case (nil, let hold?):
            holds[source.id] = hold
            logger.warning("source.held", metadata: [
                "source": "\(source.id)", "reason": "\(hold.reason)", "since": "\(Timestamp.string(hold.since))",
                "versions": "\(report.versionsHeld)",
                "action": "agenda-sync held --source \(source.id); then release (news) or rebaseline (a re-skin)",
            ])
        case (_?, let hold?):
            holds[source.id] = hold
        case (_?, nil):
            holds[source.id] = nil
            logger.notice("source.unheld", metadata: ["source": "\(source.id)"])
        case (nil, nil):
            break
        }
    }

    private func reload(_ result: Result<AgendaConfiguration, ConfigError>) {
        notifier.reloading(monotonicMicroseconds: Self.monotonicMicroseconds())
        defer { notifier.ready(status: "ready; " + overview) }
        let new: AgendaConfiguration
        switch result {
        case .failure(let error):
            return reject(error.description)
        case .success(let loaded):
            new = loaded
        }
        let restartOnly = ReloadCheck.restartOnlyChanges(from: configuration.daemon, to: new.daemon)
        guard restartOnly.isEmpty else {
            return reject("\(restartOnly.joined(separator: ", ")) changed; only a restart applies "
                          + (restartOnly.count == 1 ? "it" : "them"))
        }
        let loadedStates: [String: SourceScheduleState]
        do {
            loadedStates = try dependencies.scheduler.load(sources: new.sources, store: dependencies.store,
                                                           now: dependencies.now())
        } catch {
            return reject("the schedule could not be read: \(error)")
        }
        let oldIDs = Set(configuration.sources.map(\.id))
        let newIDs = Set(new.sources.map(\.id))
        for removed in oldIDs.subtracting(newIDs) { PipelineMetrics.forget(source: removed) }
        let newChannels = Dictionary(new.subscriptions.map { ($0.id, $0.channel.name) }) { first, _ in first }
        for old in configuration.subscriptions where newChannels[old.id] != old.channel.name {
            PipelineMetrics.forget(subscription: old.id, channel: old.channel.name)
        }
        configuration = new
        subscriptions.replace(with: new.subscriptions)
        live.replace(with: new)
        states = loadedStates
        deliveryWanted = true
        logger.notice("config.reloaded", metadata: [
            "sources": "\(new.sources.count)", "subscriptions": "\(new.subscriptions.count)",
            "added": "\(newIDs.subtracting(oldIDs).sorted().joined(separator: ","))",
            "removed": "\(oldIDs.subtracting(newIDs).sorted().joined(separator: ","))",
        ])
        announceSchedule()
    }

    private func reject(_ reason: String) {
        let oneLine = reason.split(whereSeparator: \.isNewline).joined(separator: "; ")
        logger.error("config.rejected", metadata: ["error": "\(oneLine)", "kept": "running config"])
    }

    private func beginShutdown(_ group: inout DiscardingTaskGroup) {
        guard !stopping else { return }
        stopping = true
        notifier.stopping(status: "stopping; abandoning \(running.count) running cycle(s)")
        logger.notice("daemon.stopping", metadata: ["running": "\(running.sorted().joined(separator: ","))"])
        group.cancelAll()
        StopDeadline.arm(after: dependencies.stopDeadline, logger: logger)
    }

    // MARK: Helpers

    private func makeContext() -> SyncContext {
        SyncContext(configuration: configuration, store: dependencies.store, client: dependencies.client,
                    now: dependencies.now, recheck: RecheckPolicy(), hosts: dependencies.hosts,
                    webhookClient: dependencies.webhookClient, currentSubscriptions: subscriptions)
    }

    /// Starts a delivery round as a child task (only from this loop, one at a time, so no notice is
    /// delivered twice at once); it reports back with `.deliveryFinished`.
    private func startDelivery(_ group: inout DiscardingTaskGroup) {
        deliveryWanted = false
        nextDelivery = ContinuousClock.now.advanced(by: dependencies.deliveryInterval)
        guard !configuration.subscriptions.isEmpty else { return }
        deliveryRunning = true
        let engine = SyncEngine(context: makeContext())
        let events = events
        group.addTask {
            events.post(.deliveryFinished(await engine.deliver()))
        }
    }

    /// With `smtp_url`, one SMTP pass over the spools after each delivery round (so retries of
    /// deferred mail come at least every `deliveryInterval`), as a child task of its own: a slow mail
    /// server never holds up the next round. At most one at a time.
    private func startMailRelay(_ group: inout DiscardingTaskGroup) {
        guard !stopping, configuration.daemon.smtp != nil else { return }
        guard !relayRunning else {
            relayWanted = true   // messages spooled during this pass go out right after it
            return
        }
        relayRunning = true
        relayWanted = false
        let relay = MailRelayRunner(configuration: configuration, store: dependencies.store, now: dependencies.now)
        let events = events
        let logger = logger
        group.addTask {
            await MailRelayPass.run(relay, logger: logger)
            events.post(.relayFinished)
        }
    }

    private func deliveryFinished(_ report: DeliveryReport) {
        deliveryRunning = false
        logDelivery(report)
        // Wake for the earliest retry, throttle end or digest, but at least every deliveryInterval.
        if let due = report.nextDueAt {
            let instant = ContinuousClock.now.advanced(byClampedSeconds: due.timeIntervalSince(dependencies.now()))
            nextDelivery = min(nextDelivery, instant)
        }
    }

    private func logDelivery(_ report: DeliveryReport) {
        if report.delivered > 0 { logger.info("notices.delivered", metadata: ["count": "\(report.delivered)"]) }
        for error in report.errors {
            logger.error("delivery.failed", metadata: ["error": "\(error)", "failed": "\(report.failed)"])
        }
    }

    private var overview: String {
        StatusLine.overview(sources: configuration.sources, states: states, running: running, held: Set(holds.keys))
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec) / 1000
    }
}

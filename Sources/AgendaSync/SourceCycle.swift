import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import Foundation
import ModernGov

/// One cycle of one source: committees → each committee's meetings list → each meeting page in
/// the date window → extract → compare with the stored version → store version + notices.
///
/// Failures never become changes: a failed fetch or a page that is not a good ModernGov page is
/// logged and the last good version stays; a list that suddenly has no meetings is a failure; a
/// meeting missing from its list is only marked `missing_since` (a cancellation is announced
/// only when the site itself says CANCELLED).
struct SourceCycle {
    let source: SourceConfiguration
    let context: SyncContext

    private var fetcher: PageFetcher
    private var log: [FetchLogEntry] = []
    private var meetingsSeen = 0
    private var versionsWritten = 0
    private var noticesWritten = 0
    private var isBaseline = false
    /// Meeting pages read in this cycle, with when each is next due (daemon mode only).
    private var checkTimes: [String: Date] = [:]
    private var knownCheckTimes: [String: Date] = [:]
    /// What the store knows of the source, read once per cycle and kept current as the cycle writes:
    /// an unchanged cycle then costs a few reads, not several per meeting.
    private var states: [MeetingID: MeetingState] = [:]
    private var validators: [String: PageValidators] = [:]
    private var listsRead: Set<Int> = []

    init(source: SourceConfiguration, context: SyncContext) {
        self.source = source
        self.context = context
        fetcher = context.pageFetcher(for: source)
    }

    private var store: AgendaStore { context.store }

    /// The source's ModernGov install; `base_url` was validated when the config was loaded.
    private var site: ModernGovSite {
        guard let site = ModernGovSite(baseURL: source.baseURL) else {
            preconditionFailure("base_url \(source.baseURL) passed config validation but is not a site URL")
        }
        return site
    }

    mutating func run() async -> SourceReport {
        let runID: Int64
        do {
            try store.registerSource(id: source.id, name: source.name, baseURL: source.baseURL)
            isBaseline = try store.source(id: source.id)?.baselineAt == nil
            runID = try store.beginRun(sourceID: source.id, at: context.now())
        } catch {
            return report(runID: nil, outcome: Self.isBusy(error) ? .busy : .failed, error: Self.message(error))
        }

        var fatal: String?
        var busy = false
        var listsRead = 0
        do {
            if context.recheck != nil { knownCheckTimes = try store.meetingCheckTimes(sourceID: source.id) }
            states = try store.meetingStates(sourceID: source.id)
            validators = try store.validators(underPrefix: source.baseURL)
            self.listsRead = try store.committeesWithListRead(sourceID: source.id)
            if let committees = try await committees() {
                // A cancelled cycle (the daemon stopping) sends nothing more; what it committed stays.
                for committee in committees where !Task.isCancelled {
                    if try await syncCommittee(committee) { listsRead += 1 }
                }
                if listsRead == 0, !committees.isEmpty { fatal = "no committee's meetings list could be read" }
            } else {
                fatal = "the committee list could not be read"
            }
        } catch {
            busy = Self.isBusy(error)
            fatal = Self.message(error)
        }

        let failures = log.filter { $0.outcome.isFailure }.count
        let outcome: RunOutcome = busy ? .busy : fatal != nil ? .failed : (failures > 0 ? .partial : .ok)
        do {
            try store.finishRun(id: runID, sourceID: source.id, at: context.now(), outcome: outcome, fetches: log,
                                meetingsSeen: meetingsSeen, versionsWritten: versionsWritten,
                                noticesWritten: noticesWritten, error: fatal)
            if isBaseline, outcome == .ok || outcome == .partial {
                try store.markBaseline(sourceID: source.id, at: context.now())
            }
            try store.saveMeetingCheckTimes(checkTimes)
        } catch {
            return report(runID: runID, outcome: Self.isBusy(error) ? .busy : .failed, error: Self.message(error))
        }
        return report(runID: runID, outcome: outcome, error: fatal)
    }

    private func report(runID: Int64?, outcome: RunOutcome, error: String?) -> SourceReport {
        SourceReport(source: source.id, runID: runID, outcome: outcome, baseline: isBaseline, fetches: log.count,
                     failures: log.filter { $0.outcome.isFailure }.count, bytes: log.reduce(0) { $0 + $1.bytes },
                     meetingsSeen: meetingsSeen, versionsWritten: versionsWritten, noticesWritten: noticesWritten,
                     error: error)
    }

    // MARK: Committees

    /// The configured committees, or those of the committee structure page; nil when that page failed.
    private mutating func committees() async throws -> [Int]? {
        if let configured = source.committees { return configured }
        let url = site.committeeStructureURL
        guard let (committees, entry) = await fetchList(url, CommitteeListParser().parse) else { return nil }
        // A structure page that lists nothing is a failure, like an empty meetings list: taken as a
        // good answer, a first cycle would record an empty baseline and the next one would announce
        // every meeting of the council as new.
        guard !committees.isEmpty else {
            log.append(Self.emptyList(entry, "the committee structure page lists no committees"))
            return nil
        }
        log.append(entry)
        return committees.map(\.id)
    }

    // MARK: One committee

    /// Reads the committee's list and syncs each listed meeting in the window; false when the list failed.
    private mutating func syncCommittee(_ committeeID: Int) async throws -> Bool {
        let url = site.meetingsURL(committeeID: committeeID)
        guard let (list, entry) = await fetchList(url, MeetingListParser(sourceID: source.id).parse) else {
            return false
        }
        let known = states.values.filter { $0.committeeID == committeeID }
        if list.meetings.isEmpty, known.contains(where: { $0.missingSince == nil }) {
            log.append(Self.emptyList(entry, "the meetings list is empty but \(known.count) meeting(s) were listed before"))
            return false
        }
        log.append(entry)

        // Every listed meeting gets a row, in the window or not, so one that enters the window later
        // (or a widened window) is known and not announced as new. A committee's first good list is
        // its baseline: a list that failed during the source's baseline must not flood later.
        var firstRead = false
        if !listsRead.contains(committeeID) {
            firstRead = try store.markListRead(sourceID: source.id, committeeID: committeeID, at: context.now())
            listsRead.insert(committeeID)
        }
        let announceNew = source.notifyExisting || (!isBaseline && !firstRead)
        let committee = Committee(id: committeeID, name: list.committee.name)
        let all = list.meetings.map {
            ListedMeeting(id: $0.id, committee: committee, url: $0.url, start: $0.start, cancelled: $0.cancelled)
        }
        let window = DateWindow(around: context.now(), context.configuration.daemon.window)
        let listed = all.filter { window.contains($0.start?.instant) }
        let listedIDs = Set(all.map(\.id))
        let missing = known.filter {
            $0.missingSince == nil && !listedIDs.contains($0.id) && window.contains($0.start?.instant)
        }.map(\.id)
        // Only what changed is written: new meetings, meetings listed again, meetings gone from the list.
        let newOrBack = all.filter { states[$0.id] == nil || states[$0.id]?.missingSince != nil }
        if !newOrBack.isEmpty || !missing.isEmpty {
            try store.recordListing(sourceID: source.id, listed: newOrBack, missing: missing, announceNew: announceNew,
                                    at: context.now())
            for state in try store.meetingStates(sourceID: source.id).values where state.committeeID == committeeID {
                states[state.id] = state
            }
        }
        let now = context.now()
        for meeting in listed where !Task.isCancelled {
            meetingsSeen += 1
            let state = states[meeting.id]
            var nextCheck: Date?
            if let policy = context.recheck?.overridden(by: source.recheck), let state {
                let start = meeting.start?.instant
                let planned = knownCheckTimes[meeting.id.description]
                let allowed = policy.latestCheck(planned: planned, start: start, now: now)
                // A check planned under a slower policy (before a reload or restart) is pulled in, once.
                if allowed != planned { checkTimes[meeting.id.description] = allowed }
                guard policy.isDue(state: state, listedCancelled: meeting.cancelled, nextCheck: allowed, now: now) else {
                    continue
                }
                nextCheck = policy.nextCheck(start: start, now: now)
            }
            try await syncMeeting(meeting, state: state)
            // A page that failed is retried next cycle; one read well waits for its tier.
            if let nextCheck, log.last?.outcome.isFailure == false { checkTimes[meeting.id.description] = nextCheck }
        }
        return true
    }

    // MARK: One meeting

    private mutating func syncMeeting(_ listed: ListedMeeting, state: MeetingState?) async throws {
        let hasVersion = (state?.currentVersion ?? 0) > 0
        let (result, entry) = await fetch(listed.url, known: hasVersion ? validators[listed.url] : nil)
        if case .same(let changed?) = result { try remember(changed, for: listed.url) }
        guard case .fresh(let body, let contentType, let validators) = result else {
            log.append(entry)
            return
        }
        let meeting: Meeting
        do {
            meeting = try MeetingPageParser(sourceID: source.id).parse(body, url: listed.url, contentType: contentType)
            guard meeting.id == listed.id else {
                throw WrongMeeting(expected: listed.id, found: meeting.id)
            }
        } catch {
            log.append(Self.failed(entry, error))
            return
        }
        log.append(entry)

        let hash = ContentHash.of(meeting)
        if hash != state?.contentHash {
            try record(meeting, hash: hash, page: body, state: state)
        }
        if self.validators[listed.url] != validators { try remember(validators, for: listed.url) }
    }

    /// Stores a page's validators, so that its next fetch is conditional.
    private mutating func remember(_ validators: PageValidators, for url: String) throws {
        try store.saveValidators(validators, for: url)
        self.validators[url] = validators
    }

    /// Stores a new version of `meeting` with its changes and, unless it is part of the silent
    /// baseline, one notice per subscription whose filter matches — all in one transaction.
    private mutating func record(_ meeting: Meeting, hash: String, page: [UInt8], state: MeetingState?) throws {
        let current = state?.currentVersion ?? 0
        let previous = current > 0 ? try store.meeting(meeting.id, version: current)?.meeting : nil
        let changes = MeetingDiffer().changes(from: previous, to: meeting)
        let announce = previous != nil || (state?.announceNew ?? (!isBaseline || source.notifyExisting))
        let version = current + 1
        let detectedAt = context.now()
        var notices: [OutboxEntry] = []
        if announce {
            let noticeSource = NoticeSource(id: source.id, name: source.name)
            for subscription in context.configuration.subscriptions {
                guard let notice = NoticeComposer().notice(source: noticeSource, meeting: meeting, version: version,
                                                           changes: changes, subscription: subscription.target,
                                                           occurredAt: detectedAt) else { continue }
                notices.append(OutboxEntry(id: notice.id, subscriptionID: subscription.id, type: notice.type,
                                           payload: NoticeJSON.encode(notice)))
            }
        }
        try store.commit(NewVersion(meeting: meeting, number: version, contentHash: hash, rawPage: page,
                                    fetchedAt: detectedAt, changes: changes, notices: notices))
        if var updated = state {
            updated.currentVersion = version
            updated.contentHash = hash
            updated.status = meeting.status
            updated.missingSince = nil
            states[meeting.id] = updated
        } else if let stored = try store.meetingState(meeting.id) {
            states[meeting.id] = stored
        }
        versionsWritten += 1
        noticesWritten += notices.count
    }

    // MARK: Helpers

    /// Fetches a page politely; a robots.txt fetch it triggered is logged at once, the page's own row
    /// is returned for the caller to log (possibly reclassified).
    private mutating func fetch(_ url: String, known: PageValidators? = nil) async -> (PageResult, FetchLogEntry) {
        let fetched = await fetcher.fetch(url, known: known)
        if let robots = fetched.robotsEntry { log.append(robots) }
        return (fetched.result, fetched.entry)
    }

    /// Fetches a list page (committee structure, meetings list) whole and parses it. A failed fetch
    /// or parse is logged and gives nil; on success the fetch's row is returned for the caller to log
    /// (or to reclassify, e.g. as an empty list).
    private mutating func fetchList<List>(_ url: String, _ parse: ([UInt8], String, ContentType?) throws -> List) async
        -> (List, FetchLogEntry)?
    {
        let (result, entry) = await fetch(url)
        guard case .fresh(let body, let contentType, _) = result else {
            log.append(entry)
            return nil
        }
        do {
            return (try parse(body, url, contentType), entry)
        } catch {
            log.append(Self.failed(entry, error))
            return nil
        }
    }

    /// Another `sync` or `run` holding the database is not the source's failure.
    private static func isBusy(_ error: any Error) -> Bool {
        (error as? StoreError)?.sqliteKind == .busy
    }

    static let busyMessage = "another sync/run holds the database (locked past the busy timeout); this source stopped "
        + "where it was — what it stored stays, and the rest follows at its next sync"

    private static func message(_ error: any Error) -> String {
        isBusy(error) ? busyMessage : "\(error)"
    }

    /// A list that came back empty where meetings (or committees) were expected: a failure, not news.
    private static func emptyList(_ entry: FetchLogEntry, _ reason: String) -> FetchLogEntry {
        var failed = entry
        failed.outcome = .emptyList
        failed.error = reason
        return failed
    }

    /// A 200 whose page could not be used: truncated, not understood, or not the ModernGov page we asked for.
    private static func failed(_ entry: FetchLogEntry, _ error: any Error) -> FetchLogEntry {
        var failed = entry
        switch error as? ModernGovPageError {
        case .truncated?: failed.outcome = .truncated
        case .unrecognised?: failed.outcome = .unrecognised
        default: failed.outcome = .invalidPage
        }
        failed.error = "\(error)"
        return failed
    }
}

/// The dates whose meetings are (re-)checked, and listed in calendars. A meeting without a known
/// start is always checked.
struct DateWindow {
    var from: Date
    var to: Date

    /// `[daemon] window` around `now`.
    init(around now: Date, _ window: RecheckWindow) {
        from = now.addingClamped(-window.past.timeInterval)
        to = now.addingClamped(window.future.timeInterval)
    }

    func contains(_ date: Date?) -> Bool {
        guard let date else { return true }
        return date >= from && date <= to
    }
}

struct WrongMeeting: Error, CustomStringConvertible {
    var expected: MeetingID
    var found: MeetingID
    var description: String { "the page is for meeting \(found), not \(expected)" }
}

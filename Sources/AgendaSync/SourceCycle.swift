import AgendaCore
import AgendaConfig
import AgendaDiff
import AgendaModel
import AgendaStore
import Foundation
import ModernGov

/// One cycle of one source: committees → each committee's meetings list → each meeting page in
/// the date window → extract → compare with the stored version → at the end of the cycle, store
/// every new version with its notices, or hold them all.
///
/// Failures never become changes: a failed fetch or a page that is not a good ModernGov page is
/// logged and the last good version stays; a list that suddenly has no meetings is a failure; a
/// meeting missing from its list is only marked `missing_since` (a cancellation is announced
/// only when the site itself says CANCELLED).
///
/// Drift never becomes news either. The cycle's new versions are collected, not stored one by one:
/// when they look like a page-template change (`TemplateChangeGuard`), or the source is held
/// already, they are stored as held — in one transaction, with their notices kept aside — until the
/// admin releases or re-baselines them. A cycle cut short (the daemon stopping) stores none of
/// them: their pages' validators are not saved either, so the next cycle reads and compares them again.
/// A source whose `base_url` changed is noted in the sync log ("site moved from … to …"); its
/// documents keep their identity (`AgendaDiff`'s `DocumentIdentity`), so the re-read meetings get
/// new versions with the new URLs and no notices.
///
/// What is fetched and how each body is read is the source's `MeetingReader` (`via`: the HTML
/// pages or the web service). A meeting whose stored version was read the other way is
/// re-baselined: its first version read this way is stored without notices, since the two
/// representations differ in what they carry (document sizes, meeting-level documents).
struct SourceCycle {
    let source: SourceConfiguration
    let context: SyncContext

    private var fetcher: PageFetcher
    private let reader: any MeetingReader
    private var log: [FetchLogEntry] = []
    private var meetingsSeen = 0
    private var versionsWritten = 0
    private var noticesWritten = 0
    private var isBaseline = false
    /// The cycle's new versions, stored together at its end.
    private var candidates: [Candidate] = []
    /// Meetings read well this cycle whose stored version was read the other way (or not yet recorded).
    private var readOtherWay: Set<MeetingID> = []
    /// Held meetings whose page read as their current version again.
    private var settled: [SettledPage] = []
    /// Meetings with a held version when the cycle began.
    private var heldMeetings: Set<MeetingID> = []
    private var commit = CycleCommitResult()
    private var candidatesStored = false
    private var notes: [String] = []
    /// Meeting pages read in this cycle, with when each is next due (daemon mode only).
    private var checkTimes: [String: Date] = [:]
    private var knownCheckTimes: [String: Date] = [:]
    /// What the store knows of the source, read once per cycle and kept current as the cycle writes:
    /// an unchanged cycle then costs a few reads, not several per meeting.
    private var states: [MeetingID: MeetingState] = [:]
    private var validators: [String: PageValidators] = [:]
    private var listsRead: Set<Int> = []
    private var listPages = ListPageCache(stored: [:])

    init(source: SourceConfiguration, context: SyncContext) {
        self.source = source
        self.context = context
        fetcher = context.pageFetcher(for: source)
        guard let site = ModernGovSite(baseURL: source.baseURL) else {
            preconditionFailure("base_url \(source.baseURL) passed config validation but is not a site URL")
        }
        reader = source.reader(site: site)
    }

    private var store: AgendaStore { context.store }

    /// The cycle, recorded in the pipeline's metrics.
    mutating func run() async -> SourceReport {
        let clock = ContinuousClock()
        let started = clock.now
        let report = await cycle()
        PipelineMetrics.recordCycle(report, fetches: log, duration: started.duration(to: clock.now),
                                    finishedAt: context.now().timeIntervalSince1970)
        return report
    }

    private mutating func cycle() async -> SourceReport {
        let runID: Int64
        do {
            let known = try store.source(id: source.id)
            if let known, known.baselineAt != nil, known.baseURL != source.baseURL {
                notes.append("site moved from \(known.baseURL) to \(source.baseURL): the stored meetings follow as "
                             + "their pages are read again, without notices")
            }
            try store.registerSource(id: source.id, name: source.name, baseURL: source.baseURL)
            isBaseline = known?.baselineAt == nil
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
            listPages = ListPageCache(stored: try store.parsedListPages(sourceID: source.id))
            heldMeetings = try store.heldMeetingIDs(sourceID: source.id)
            if let committees = try await committees() {
                // A cancelled cycle (the daemon stopping) sends nothing more, and stores none of its versions.
                for committee in committees where !Task.isCancelled {
                    if try await syncCommittee(committee) { listsRead += 1 }
                }
                if listsRead == 0, !committees.isEmpty { fatal = "no committee's meetings list could be read" + webServiceHint() }
            } else {
                fatal = "the committee list could not be read" + webServiceHint()
            }
            if !Task.isCancelled {
                try storeCandidates()
                try recordReadings()
                // Only a cache: if it cannot be saved, the lists are parsed again next cycle.
                try? store.saveParsedListPages(listPages.changed, forgetting: fatal == nil ? listPages.unread : [],
                                               sourceID: source.id)
            }
        } catch {
            busy = Self.isBusy(error)
            fatal = Self.message(error)
        }
        // Versions not stored are compared again next cycle: their pages must not wait for their tier.
        for candidate in candidates where !candidatesStored || commit.skipped.contains(candidate.id) {
            checkTimes[candidate.id.description] = nil
        }

        let failures = log.filter { $0.outcome.isFailure }.count
        let outcome: RunOutcome = busy ? .busy : fatal != nil ? .failed : (failures > 0 ? .partial : .ok)
        do {
            try store.finishRun(id: runID, sourceID: source.id, at: context.now(), outcome: outcome, fetches: log,
                                meetingsSeen: meetingsSeen, versionsWritten: versionsWritten,
                                noticesWritten: noticesWritten, error: fatal, notes: notes)
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
                     versionsHeld: commit.held, hold: commit.hold, newlyHeld: commit.newlyHeld, error: error, notes: notes)
    }

    // MARK: Committees

    /// The configured committees, or those of the committee structure page; nil when that page failed.
    private mutating func committees() async throws -> [Int]? {
        if let configured = source.committees { return configured }
        let url = reader.committeesURL
        guard let (committees, entry) = await fetchList(url, { [reader] in try reader.committees($0, url: $1, contentType: $2) }) else { return nil }
        // A structure page that lists nothing is a failure, like an empty meetings list: taken as a
        // good answer, a first cycle would record an empty baseline and the next one would announce
        // every meeting of the council as new.
        guard !committees.isEmpty else {
            log.append(Self.emptyList(entry, "\(reader.committeeListName) lists no committees"))
            return nil
        }
        log.append(entry)
        return committees
    }

    // MARK: One committee

    /// Reads the committee's list and syncs each listed meeting in the window; false when the list failed.
    private mutating func syncCommittee(_ committeeID: Int) async throws -> Bool {
        let window = DateWindow(around: context.now(), context.configuration.daemon.window)
        let url = reader.meetingsURL(committeeID: committeeID, window: window)
        guard let (list, entry) = await fetchList(url, { [reader] in try reader.meetings($0, url: $1, contentType: $2, committeeID: committeeID) }) else {
            return false
        }
        let known = states.values.filter { $0.committeeID == committeeID }
        // A list of the window's meetings only (the web service) owes none outside it.
        let expected = known.filter { $0.missingSince == nil && (!reader.listsWindowOnly || window.contains($0.start?.instant)) }
        if list.meetings.isEmpty, !expected.isEmpty {
            log.append(Self.emptyList(entry, "the meetings list is empty but \(expected.count) meeting(s) were listed before"))
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
        // A meeting last read the other way is read whole: its validators belong to the other URL.
        let switching = hasVersion && state?.via != reader.via
        let url = reader.meetingURL(listed)
        let (result, entry) = await fetch(url, known: hasVersion && !switching ? validators[url] : nil)
        if case .same(let changed?) = result { try remember(changed, for: url) }
        guard case .fresh(let body, let contentType, let validators) = result else {
            log.append(entry)
            return
        }
        let meeting: Meeting
        do {
            meeting = try reader.meeting(body, url: url, contentType: contentType, listed: listed)
            guard meeting.id == listed.id else {
                throw WrongMeeting(expected: listed.id, found: meeting.id)
            }
        } catch {
            log.append(Self.failed(entry, error))
            return
        }
        log.append(entry)

        let hash = ContentHash(of: meeting)
        // A hash an earlier release stored (SHA-256) is compared in its own form: an upgrade is no change.
        let unchanged = hash.matches(state?.contentHash)
        if !unchanged {
            // Its validators are saved with the version, at the end of the cycle.
            try collect(meeting, hash: hash.value, page: body, state: state, pageURL: url, validators: validators,
                        switching: switching)
        } else if heldMeetings.contains(meeting.id) {
            settled.append(SettledPage(meetingID: meeting.id, pageURL: url, validators: validators))
        } else if self.validators[url] != validators {
            try remember(validators, for: url)
        }
        // Read this way and unchanged: from now on the meeting's version counts as read this way.
        if unchanged, state?.via != reader.via { readOtherWay.insert(meeting.id) }
    }

    /// Stores a page's validators, so that its next fetch is conditional.
    private mutating func remember(_ validators: PageValidators, for url: String) throws {
        try store.saveValidators(validators, for: url)
        self.validators[url] = validators
    }

    /// Prepares a new version of `meeting` with its changes and, unless it is part of the silent
    /// baseline or the meeting was last read the other way (`switching`: a silent re-baseline), one
    /// notice per subscription whose filter matches; `storeCandidates` stores them all.
    private mutating func collect(_ meeting: Meeting, hash: String, page: [UInt8], state: MeetingState?,
                                  pageURL: String, validators: PageValidators, switching: Bool) throws {
        let current = state?.currentVersion ?? 0
        let previous = current > 0 ? try store.meeting(meeting.id, version: current)?.meeting : nil
        let changes = MeetingDiffer().changes(from: previous, to: meeting)
        let announce = !switching && (previous != nil || (state?.announceNew ?? (!isBaseline || source.notifyExisting)))
        let version = current + 1
        let detectedAt = context.now()
        var notices: [OutboxEntry] = []
        if announce {
            let noticeSource = NoticeSource(id: source.id, name: source.name)
            // Read now, not when the cycle started: a reload meanwhile may have added a subscription.
            for subscription in context.subscriptions {
                guard let notice = NoticeComposer().notice(source: noticeSource, meeting: meeting, version: version,
                                                           changes: changes, subscription: subscription.target,
                                                           occurredAt: detectedAt) else { continue }
                notices.append(OutboxEntry(id: notice.id, subscriptionID: subscription.id, type: notice.type,
                                           payload: NoticeJSON.encode(notice)))
            }
        }
        let new = NewVersion(meeting: meeting, number: version, contentHash: hash, rawPage: page, fetchedAt: detectedAt,
                             changes: changes, notices: notices)
        candidates.append(Candidate(version: CycleVersion(version: new, pageURL: pageURL, validators: validators),
                                    previous: previous, switching: switching))
        if state?.via != reader.via { readOtherWay.insert(meeting.id) }
    }

    /// Records how the meetings read the other way before are read now: those whose version this
    /// cycle stored (not held, not beaten by another sync), and those found unchanged.
    private mutating func recordReadings() throws {
        let stored = commit.hold == nil ? Set(candidates.map(\.id)).subtracting(commit.skipped) : []
        let unchanged = Set(readOtherWay).subtracting(candidates.map(\.id))
        let read = readOtherWay.intersection(stored.union(unchanged))
        guard !read.isEmpty else { return }
        try store.markRead(Array(read), via: reader.via)
    }

    /// Stores the cycle's new versions in one transaction: delivered, or held when they look like a
    /// page-template change (never during the silent baseline, which has nothing to compare) or the
    /// source is held already.
    private mutating func storeCandidates() throws {
        guard !candidates.isEmpty || !settled.isEmpty else {
            commit.hold = try store.source(id: source.id)?.hold   // a quiet cycle of a held source is still held
            return
        }
        // A re-baselined meeting differs by representation, which is not a template change.
        let comparisons = candidates.filter { !$0.switching }.compactMap { candidate in
            candidate.previous.map { TemplateChangeGuard.Comparison(previous: $0, current: candidate.version.version.meeting) }
        }
        let verdict = isBaseline ? nil : TemplateChangeGuard.verdict(comparisons)
        commit = try store.commitCycle(sourceID: source.id, versions: candidates.map(\.version), settled: settled,
                                       templateChange: verdict?.reason, at: context.now())
        candidatesStored = true
        versionsWritten = commit.committed
        noticesWritten = commit.notices
        if let hold = commit.hold, commit.newlyHeld {
            notes.append("held: \(hold.reason); \(commit.held) version(s) and \(commit.heldNotices) notice(s) are kept "
                         + "until `agenda-sync release \(source.id)` (it was news) or `agenda-sync rebaseline \(source.id)` "
                         + "(a re-skin); see `agenda-sync held --source \(source.id)`")
        } else if commit.hold != nil, commit.held > 0 {
            notes.append("held: \(commit.held) more version(s) of this cycle replace what was held for their meetings "
                         + "(\(commit.heldNotices) notice(s)); nothing is delivered until the admin decides")
        }
        if commit.holdLapsed {
            notes.append("no longer held: every held meeting's page reads as it was last delivered")
        }
        if !commit.skipped.isEmpty {
            let meetings = commit.skipped.map { $0.description }.joined(separator: ", ")
            notes.append("\(commit.skipped.count) version(s) not stored: another sync stored a version of \(meetings) "
                         + "first; read again next cycle")
        }
    }

    // MARK: Helpers

    /// Fetches a page politely; a robots.txt fetch it triggered is logged at once, the page's own row
    /// is returned for the caller to log (possibly reclassified).
    private mutating func fetch(_ url: String, known: PageValidators? = nil) async -> (PageResult, FetchLogEntry) {
        let fetched = await fetcher.fetch(url, known: known)
        if let robots = fetched.robotsEntry { log.append(robots) }
        return (fetched.result, fetched.entry)
    }

    /// Fetches a list page (committee structure, meetings list) and parses it — or, when it comes back
    /// as it was last parsed, takes the list from `listPages`. A failed fetch or parse is logged and
    /// gives nil; on success the fetch's row is returned for the caller to log (or to reclassify, e.g.
    /// as an empty list).
    private mutating func fetchList<List: CachedListing>(_ url: String, _ parse: ([UInt8], String, ContentType?) throws -> List)
        async -> (List, FetchLogEntry)?
    {
        let (result, entry) = await fetch(url, known: listPages.validators(forReading: url))
        switch result {
        case .same(let revalidated):
            guard let list = listPages.list(List.self, for: url) else {
                // A cached list that no longer decodes (it is forgotten now): read the page whole. Asked
                // without validators, it comes back fresh or failed (PageFetcher), so this recurses once.
                log.append(entry)
                return await fetchList(url, parse)
            }
            if let revalidated { listPages.revalidate(url, validators: revalidated) }
            return (list, entry)
        case .fresh(let body, let contentType, let validators):
            do {
                let list = try parse(body, url, contentType)
                listPages.remember(list, for: url, validators: validators)
                return (list, entry)
            } catch {
                log.append(Self.failed(entry, error))
                return nil
            }
        case .failed:
            log.append(entry)
            return nil
        }
    }

    /// For a source read through the web service whose last list fetch was answered 404 or 500: the
    /// web service may be switched off on this install.
    private func webServiceHint() -> String {
        guard reader.via == .webservice, let status = log.last(where: { $0.outcome.isFailure })?.status,
              status == 404 || status == 500 else { return "" }
        return " (the web service answered \(status): it may be switched off on this site; `via = \"html\"` reads its pages instead)"
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
public struct DateWindow: Sendable {
    public var from: Date
    public var to: Date

    /// `[daemon] window` around `now`.
    public init(around now: Date, _ window: RecheckWindow) {
        from = now.addingClamped(-window.past.timeInterval)
        to = now.addingClamped(window.future.timeInterval)
    }

    func contains(_ date: Date?) -> Bool {
        guard let date else { return true }
        return date >= from && date <= to
    }
}

/// A new version the cycle found, and the stored version it was compared with (nil for a first version).
struct Candidate {
    var version: CycleVersion
    var previous: Meeting?
    /// The meeting's stored version was read the other way (`via` changed): stored without notices.
    var switching = false

    var id: MeetingID { version.version.meeting.id }
}

struct WrongMeeting: Error, CustomStringConvertible {
    var expected: MeetingID
    var found: MeetingID
    var description: String { "the page is for meeting \(found), not \(expected)" }
}
